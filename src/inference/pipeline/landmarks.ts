/**
 * Landmark model post-processing: tensors_to_pose_landmarks_and_segmentation.pbtxt (TensorsToLandmarksCalculator,
 * RefineLandmarksFromHeatmapCalculator) and the inverse projection of pose_landmark_by_roi_cpu.pbtxt
 * (LandmarkProjectionCalculator, WorldLandmarkProjectionCalculator). All functions write into caller-owned buffers.
 */
import { projectFromRect } from './crop';
import type { NormRect } from './types';

/** Landmarks the model outputs: 33 body + 2 auxiliary (ROI) + 4 unused. Source: `num_landmarks: 39`. */
export const MODEL_LANDMARK_COUNT = 39;
/** Values per landmark in the model output and in our landmark buffers: x, y, z, visibility, presence. */
export const LANDMARK_STRIDE = 5;
/** Values per world landmark: x, y, z in metres. */
export const WORLD_STRIDE = 3;
/** Body landmarks. Source: SplitNormalizedLandmarkListCalculator range 0..33. */
export const BODY_LANDMARK_COUNT = 33;
/** Index of the first auxiliary landmark. Source: SplitNormalizedLandmarkListCalculator range 33..35. */
export const AUX_LANDMARK_OFFSET = 33;
export const AUX_LANDMARK_COUNT = 2;
/** Pixel size the model's x, y, z are expressed in. Source: `input_image_width/height: 256`. */
export const LANDMARK_TENSOR_SIZE_PX = 256;
/** Source: RefineLandmarksFromHeatmapCalculatorOptions in the graph (`kernel_size: 7`). */
export const HEATMAP_KERNEL_SIZE = 7;
/** Source: RefineLandmarksFromHeatmapCalculatorOptions default `min_confidence_to_refine = 0.5`. */
export const HEATMAP_MIN_CONFIDENCE_TO_REFINE = 0.5;
/** Pose presence below this drops the pose and triggers a new detection. Source: ThresholdingCalculator `0.5`. */
export const POSE_PRESENCE_THRESHOLD = 0.5;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Raw model landmarks → ROI-normalised landmarks (x, y, z divided by 256; sigmoid on visibility and presence).
 * @param raw borrowed, 39 × 5 floats.
 * @param out caller-owned, 39 × 5 floats; overwritten.
 */
export function decodeLandmarks(raw: Float32Array, out: Float32Array): void {
  const n = MODEL_LANDMARK_COUNT * LANDMARK_STRIDE;
  if (raw.length < n || out.length < n) throw new RangeError(`landmark buffers need ${n} floats`);
  for (let i = 0; i < n; i += LANDMARK_STRIDE) {
    out[i] = raw[i]! / LANDMARK_TENSOR_SIZE_PX;
    out[i + 1] = raw[i + 1]! / LANDMARK_TENSOR_SIZE_PX;
    out[i + 2] = raw[i + 2]! / LANDMARK_TENSOR_SIZE_PX;
    out[i + 3] = sigmoid(raw[i + 3]!);
    out[i + 4] = sigmoid(raw[i + 4]!);
  }
}

/**
 * Refines ROI-normalised x, y in place from the heatmap, as RefineLandmarksFromHeatmapCalculator: a sigmoid-weighted
 * mean of heatmap cell indices in a `kernelSize` window around each landmark, applied when the window's peak
 * confidence reaches `minConfidence`.
 * @param landmarks caller-owned, 39 × 5, modified in place.
 * @param heatmap borrowed, HWC `side × side × 39` logits.
 */
export function refineLandmarksFromHeatmap(
  landmarks: Float32Array,
  heatmap: Float32Array,
  kernelSize = HEATMAP_KERNEL_SIZE,
  minConfidence = HEATMAP_MIN_CONFIDENCE_TO_REFINE,
): void {
  const channels = MODEL_LANDMARK_COUNT;
  const side = Math.round(Math.sqrt(heatmap.length / channels));
  if (side * side * channels !== heatmap.length) throw new RangeError(`heatmap of ${heatmap.length} floats is not square × 39`);
  const hmW = side;
  const hmH = side;
  const rowSize = hmW * channels;
  const half = (kernelSize - 1) >> 1;
  for (let lm = 0; lm < channels; lm++) {
    const base = lm * LANDMARK_STRIDE;
    const centerCol = Math.trunc(landmarks[base]! * hmW);
    const centerRow = Math.trunc(landmarks[base + 1]! * hmH);
    // MediaPipe compares the column against the height here (a typo that is harmless for square heatmaps); the row is
    // not range-checked, the window clamping below handles it.
    if (centerCol < 0 || centerCol >= hmW || centerRow < 0 || centerCol >= hmH) continue;
    const beginCol = Math.max(0, centerCol - half);
    const endCol = Math.min(hmW, centerCol + half + 1);
    const beginRow = Math.max(0, centerRow - half);
    const endRow = Math.min(hmH, centerRow + half + 1);
    let sum = 0;
    let weightedCol = 0;
    let weightedRow = 0;
    let maxConfidence = 0;
    for (let row = beginRow; row < endRow; row++) {
      for (let col = beginCol; col < endCol; col++) {
        const confidence = sigmoid(heatmap[row * rowSize + col * channels + lm]!);
        sum += confidence;
        if (confidence > maxConfidence) maxConfidence = confidence;
        weightedCol += col * confidence;
        weightedRow += row * confidence;
      }
    }
    if (maxConfidence >= minConfidence && sum > 0) {
      landmarks[base] = weightedCol / hmW / sum;
      landmarks[base + 1] = weightedRow / hmH / sum;
    }
  }
}

/**
 * ROI-normalised landmarks → frame-normalised (LandmarkProjectionCalculator): rotate about the ROI centre, scale by
 * the ROI size; z is scaled like x. Visibility and presence are copied.
 * @param roiLandmarks borrowed, `count × 5`.
 * @param out caller-owned, `count × 5`; may be the same buffer as `roiLandmarks`.
 */
export function projectLandmarks(roiLandmarks: Float32Array, rect: NormRect, out: Float32Array, count = MODEL_LANDMARK_COUNT): void {
  for (let i = 0; i < count * LANDMARK_STRIDE; i += LANDMARK_STRIDE) {
    const z = roiLandmarks[i + 2]!;
    const vis = roiLandmarks[i + 3]!;
    const pres = roiLandmarks[i + 4]!;
    projectFromRect(roiLandmarks[i]!, roiLandmarks[i + 1]!, rect, out, i);
    out[i + 2] = z * rect.widthNorm;
    out[i + 3] = vis;
    out[i + 4] = pres;
  }
}

/**
 * Model world landmarks (metres, hip-centred, in the ROI's rotated frame) → camera-aligned world landmarks: rotated
 * by the ROI angle about z (WorldLandmarkProjectionCalculator). Keeps the 33 body landmarks.
 * @param raw borrowed, 39 × 3.
 * @param out caller-owned, 33 × 3; overwritten.
 */
export function projectWorldLandmarks(raw: Float32Array, rect: NormRect, out: Float32Array): void {
  const cos = Math.cos(rect.rotationRad);
  const sin = Math.sin(rect.rotationRad);
  for (let i = 0; i < BODY_LANDMARK_COUNT * WORLD_STRIDE; i += WORLD_STRIDE) {
    const x = raw[i]!;
    const y = raw[i + 1]!;
    out[i] = cos * x - sin * y;
    out[i + 1] = sin * x + cos * y;
    out[i + 2] = raw[i + 2]!;
  }
}
