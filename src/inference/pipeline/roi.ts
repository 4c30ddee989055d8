/**
 * Region of interest for the landmark model: pose_detection_to_roi.pbtxt (from a detection) and
 * pose_landmarks_to_roi.pbtxt (from the previous frame's auxiliary landmarks). Both run AlignmentPointsRectsCalculator
 * then RectTransformationCalculator with the same options.
 */
import type { Detection, NormRect } from './types';

/** Source: AlignmentPointsRectsCalculator options in pose_detection_to_roi / pose_landmarks_to_roi.pbtxt. */
export const ROI_ROTATION_START_KEYPOINT = 0;
/** Source: as above, `rotation_vector_end_keypoint_index: 1`. */
export const ROI_ROTATION_END_KEYPOINT = 1;
/** Source: as above, `rotation_vector_target_angle_degrees: 90`. */
export const ROI_TARGET_ANGLE_RAD = (90 * Math.PI) / 180;
/** Source: RectTransformationCalculator options in the same graphs (`scale_x: 1.25`, `scale_y: 1.25`). */
export const ROI_SCALE = 1.25;

/** Wraps an angle into [-π, π) (MediaPipe's NormalizeRadians). */
export function normalizeRadians(angleRad: number): number {
  return angleRad - 2 * Math.PI * Math.floor((angleRad + Math.PI) / (2 * Math.PI));
}

/**
 * AlignmentPointsRectsCalculator: a square (in pixels) centred on the start point, side twice the start→end
 * distance, rotated so that start→end points up (to the target angle).
 */
export function alignmentRect(
  startXNorm: number,
  startYNorm: number,
  endXNorm: number,
  endYNorm: number,
  widthPx: number,
  heightPx: number,
): NormRect {
  const x0 = startXNorm * widthPx;
  const y0 = startYNorm * heightPx;
  const x1 = endXNorm * widthPx;
  const y1 = endYNorm * heightPx;
  const boxSizePx = Math.hypot(x1 - x0, y1 - y0) * 2;
  return {
    xCenterNorm: startXNorm,
    yCenterNorm: startYNorm,
    widthNorm: boxSizePx / widthPx,
    heightNorm: boxSizePx / heightPx,
    rotationRad: normalizeRadians(ROI_TARGET_ANGLE_RAD - Math.atan2(-(y1 - y0), x1 - x0)),
  };
}

/**
 * RectTransformationCalculator with `square_long: true` and no shift: makes the rect square on its long side
 * (in pixels) and scales it.
 * @returns a new rect.
 */
export function squareAndScale(rect: NormRect, widthPx: number, heightPx: number, scale = ROI_SCALE): NormRect {
  const longSidePx = Math.max(rect.widthNorm * widthPx, rect.heightNorm * heightPx);
  return {
    ...rect,
    widthNorm: (longSidePx / widthPx) * scale,
    heightNorm: (longSidePx / heightPx) * scale,
  };
}

/** The landmark model's ROI from a frame-normalised detection (keypoint 0 hip centre → keypoint 1). */
export function roiFromDetection(detection: Detection, widthPx: number, heightPx: number): NormRect {
  const k = detection.keypoints;
  const s = ROI_ROTATION_START_KEYPOINT * 2;
  const e = ROI_ROTATION_END_KEYPOINT * 2;
  return squareAndScale(alignmentRect(k[s]!, k[s + 1]!, k[e]!, k[e + 1]!, widthPx, heightPx), widthPx, heightPx);
}

/**
 * The next frame's ROI from the two auxiliary landmarks (model landmarks 33 and 34, frame-normalised).
 * @param aux borrowed: `[x33, y33, …, x34, y34, …]` with `stride` values per landmark.
 */
export function roiFromAuxLandmarks(aux: Float32Array, stride: number, widthPx: number, heightPx: number): NormRect {
  const s = ROI_ROTATION_START_KEYPOINT * stride;
  const e = ROI_ROTATION_END_KEYPOINT * stride;
  return squareAndScale(alignmentRect(aux[s]!, aux[s + 1]!, aux[e]!, aux[e + 1]!, widthPx, heightPx), widthPx, heightPx);
}

/** A rect in a frame's pixels: centre, sides and the rotation's cosine and sine. */
export interface RectPx {
  cxPx: number;
  cyPx: number;
  widthPx: number;
  heightPx: number;
  cos: number;
  sin: number;
}

/** A normalised rect in the pixels of a `widthPx × heightPx` frame (its rotation turns it in pixels). */
export function rectPx(rect: NormRect, widthPx: number, heightPx: number): RectPx {
  return {
    cxPx: rect.xCenterNorm * widthPx,
    cyPx: rect.yCenterNorm * heightPx,
    widthPx: rect.widthNorm * widthPx,
    heightPx: rect.heightNorm * heightPx,
    cos: Math.cos(rect.rotationRad),
    sin: Math.sin(rect.rotationRad),
  };
}

/** Corners of a rect in frame pixels, clockwise from the rect's top-left (for bounds and drawing). */
export function rectCornersPx(rect: NormRect, widthPx: number, heightPx: number): [number, number][] {
  const cx = rect.xCenterNorm * widthPx;
  const cy = rect.yCenterNorm * heightPx;
  const hw = (rect.widthNorm * widthPx) / 2;
  const hh = (rect.heightNorm * heightPx) / 2;
  const cos = Math.cos(rect.rotationRad);
  const sin = Math.sin(rect.rotationRad);
  return [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ].map(([x, y]) => [cx + cos * x! - sin * y!, cy + sin * x! + cos * y!]);
}
