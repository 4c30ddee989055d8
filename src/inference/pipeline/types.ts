/**
 * Shared shapes of the pose pipeline stages. Coordinates name their space: `Norm` = normalised to the camera frame
 * ([0,1] across its width/height), `Px` = frame pixels, `Lb` = normalised to the detector's letterboxed tensor.
 */

/** Memory order of an image tensor written for a model: batch is always 1. */
export type TensorLayout = 'nhwc' | 'nchw';

/**
 * One camera frame: tightly packed RGBA, row-major, `widthPx * heightPx * 4` bytes.
 * Stages only read `data` (borrowed for the duration of the call; never retained).
 */
export interface RgbaFrame {
  data: Uint8Array | Uint8ClampedArray;
  widthPx: number;
  heightPx: number;
  /** Capture time of the frame in milliseconds (monotonic; the filters need increasing timestamps). */
  timestampMs: number;
}

/**
 * A rotated rectangle, as MediaPipe's `NormalizedRect`: centre and size normalised to the frame, rotation in radians
 * (positive turns the rectangle's +x axis towards the frame's +y axis, i.e. clockwise on screen since y points down).
 */
export interface NormRect {
  xCenterNorm: number;
  yCenterNorm: number;
  widthNorm: number;
  heightNorm: number;
  rotationRad: number;
}

/** Number of keypoints per pose detection. Source: pose_detection_cpu.pbtxt (`num_keypoints: 4`). */
export const DETECTION_KEYPOINT_COUNT = 4;

/**
 * One pose detection. The box is the detected *face* (see pose_detection_cpu.pbtxt); the body is described by the
 * keypoints: 0 = mid-hip centre, 1 = point encoding full-body size and rotation, 2 = mid-shoulder centre,
 * 3 = upper-body size/rotation point.
 */
export interface Detection {
  /** Sigmoid score in [0,1]. */
  score: number;
  xMin: number;
  yMin: number;
  width: number;
  height: number;
  /** x0, y0, x1, y1, … (8 values). Owned by the detection. */
  keypoints: Float32Array;
}
