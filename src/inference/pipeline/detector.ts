/**
 * Decodes the pose detector's raw tensors into detections: TensorsToDetectionsCalculator with the options of
 * mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt.
 */
import type { Anchors } from './anchors';
import { unletterboxX, unletterboxY, type LetterboxPadding } from './letterbox';
import { DETECTION_KEYPOINT_COUNT, type Detection } from './types';

/** Source: pose_detection_cpu.pbtxt, TensorsToDetectionsCalculatorOptions. */
export const DETECTOR_DECODE_OPTIONS = {
  numBoxes: 2254,
  numCoords: 12,
  boxCoordOffset: 0,
  keypointCoordOffset: 4,
  numKeypoints: DETECTION_KEYPOINT_COUNT,
  numValuesPerKeypoint: 2,
  /** Raw scores are clipped to ±100 before the sigmoid. */
  scoreClippingThresh: 100.0,
  /** Boxes are (x, y, w, h) rather than (y, x, h, w). */
  reverseOutputOrder: true,
  xScale: 224.0,
  yScale: 224.0,
  wScale: 224.0,
  hScale: 224.0,
  minScoreThresh: 0.5,
} as const;

/**
 * Decodes every anchor whose score reaches the threshold into a detection in letterbox-normalised coordinates.
 * Detections with a negative or NaN size are skipped, as MediaPipe does (b/171391719).
 *
 * @param boxes borrowed, `numBoxes * 12` raw regressors.
 * @param scores borrowed, `numBoxes` raw logits.
 * @returns newly allocated detections (caller-owned), in anchor order.
 */
export function decodeDetections(
  boxes: Float32Array,
  scores: Float32Array,
  anchors: Anchors,
  minScore: number = DETECTOR_DECODE_OPTIONS.minScoreThresh,
): Detection[] {
  const o = DETECTOR_DECODE_OPTIONS;
  if (anchors.count !== o.numBoxes || boxes.length < o.numBoxes * o.numCoords || scores.length < o.numBoxes) {
    throw new RangeError(`detector output does not match ${o.numBoxes} anchors × ${o.numCoords} coords`);
  }
  const a = anchors.data;
  const out: Detection[] = [];
  for (let i = 0; i < o.numBoxes; i++) {
    let raw = scores[i]!;
    if (raw < -o.scoreClippingThresh) raw = -o.scoreClippingThresh;
    else if (raw > o.scoreClippingThresh) raw = o.scoreClippingThresh;
    const score = 1 / (1 + Math.exp(-raw));
    if (!(score >= minScore)) continue;
    const b = i * o.numCoords + o.boxCoordOffset;
    const ax = a[i * 4]!;
    const ay = a[i * 4 + 1]!;
    const aw = a[i * 4 + 2]!;
    const ah = a[i * 4 + 3]!;
    const xCenter = (boxes[b]! / o.xScale) * aw + ax;
    const yCenter = (boxes[b + 1]! / o.yScale) * ah + ay;
    const w = (boxes[b + 2]! / o.wScale) * aw;
    const h = (boxes[b + 3]! / o.hScale) * ah;
    if (!(w >= 0) || !(h >= 0)) continue;
    const keypoints = new Float32Array(o.numKeypoints * 2);
    for (let k = 0; k < o.numKeypoints; k++) {
      const kb = i * o.numCoords + o.keypointCoordOffset + k * o.numValuesPerKeypoint;
      keypoints[k * 2] = (boxes[kb]! / o.xScale) * aw + ax;
      keypoints[k * 2 + 1] = (boxes[kb + 1]! / o.yScale) * ah + ay;
    }
    out.push({ score, xMin: xCenter - w / 2, yMin: yCenter - h / 2, width: w, height: h, keypoints });
  }
  return out;
}

/**
 * Maps a detection from letterbox space to frame-normalised space (DetectionLetterboxRemovalCalculator).
 * @returns a new Detection; the input is not modified.
 */
export function removeLetterbox(detection: Detection, padding: LetterboxPadding): Detection {
  const sx = 1 - 2 * padding.padXLb;
  const sy = 1 - 2 * padding.padYLb;
  const keypoints = new Float32Array(detection.keypoints.length);
  for (let k = 0; k < keypoints.length; k += 2) {
    keypoints[k] = unletterboxX(detection.keypoints[k]!, padding);
    keypoints[k + 1] = unletterboxY(detection.keypoints[k + 1]!, padding);
  }
  return {
    score: detection.score,
    xMin: unletterboxX(detection.xMin, padding),
    yMin: unletterboxY(detection.yMin, padding),
    width: detection.width / sx,
    height: detection.height / sy,
    keypoints,
  };
}
