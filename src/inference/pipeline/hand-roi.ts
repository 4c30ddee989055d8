/**
 * Where to look for a hand, from the pose: the job of MediaPipe holistic's hand-from-pose subgraph
 * (mediapipe/modules/holistic_landmark/hand_landmarks_from_pose_cpu.pbtxt), without its full-frame palm search. The
 * pose already says where each hand is (wrist, pinky and index knuckle landmarks); the hand landmark model runs on a
 * rotated square around them, and on tracking frames on the square around the hand it found a frame before
 * (hand_landmark_landmarks_to_roi.pbtxt), as MediaPipe's HandTracking node does.
 *
 * Coordinates: `Norm` = normalised to the camera frame, `Px` = frame pixels.
 */
import { normalizeRadians, ROI_TARGET_ANGLE_RAD } from './roi';
import type { NormRect } from './types';

/** Hand landmark model input size. Source: hand_landmark_cpu.pbtxt (`output_tensor_width/height: 224`). */
export const HAND_INPUT_SIZE_PX = 224;
/** Landmarks per hand. Source: hand_landmark_cpu.pbtxt (`num_landmarks: 21`). */
export const HAND_LANDMARK_COUNT = 21;
/**
 * Hand presence below this means "no hand in the crop". Source: hand_landmark_cpu.pbtxt (ThresholdingCalculator on
 * the hand flag, `threshold: 0.5`).
 */
export const HAND_PRESENCE_THRESHOLD = 0.5;
/**
 * Pose wrist visibility needed before the hand is looked for. Source: hand_visibility_from_hand_landmarks_from_pose
 * .pbtxt (the wrist's visibility is thresholded at 0.1).
 */
export const HAND_WRIST_MIN_VISIBILITY = 0.1;
/**
 * Enlargement of the pose-derived hand box (2 palm lengths P: twice the wrist → middle-knuckle distance) for the hand
 * landmark model itself. MediaPipe's holistic graph enlarges it 2.7× (hand_landmarks_from_pose_to_recrop_roi.pbtxt)
 * for a search crop its hand *re-crop* model narrows down; that model does not ship in `@mediapipe/hands`, so we frame
 * the hand as the landmark model sees it when tracking (HAND_ROI_FROM_LANDMARKS): 2.0 × the palm landmarks' box, which
 * runs from the wrist to the finger PIP joints, ≈ 1.45 P long (palm + proximal phalanx ≈ 0.45 P), so a side of
 * 2.9 P = 1.45 × the pose box, centred ≈ 0.87 P from the wrist (box middle 0.72 P, shifted 0.1 × 1.45 P towards the
 * fingers): 0.13 P = 0.065 of the pose box back from the middle knuckle towards the wrist. Measured on the shared COCO
 * photos' visible hands (MediaPipe's poses): the 2.7× crop lets the lite model find 4 of 29 hands, this one 9.
 */
export const HAND_ROI_FROM_POSE = { scale: 1.45, shiftY: 0.065 } as const;
/**
 * Enlargement of the box around a hand's own landmarks for the next frame. Source: hand_landmark_landmarks_to_roi
 * .pbtxt (`scale_x: 2.0, scale_y: 2.0, shift_y: -0.1, square_long: true`), rotation from the wrist (0) to the
 * knuckles pointing up.
 */
export const HAND_ROI_FROM_LANDMARKS = { scale: 2.0, shiftY: -0.1 } as const;
/** Hand landmarks whose bounding box sizes the next frame's ROI (hand_landmark_landmarks_to_roi: the palm and MCPs). */
const PALM_LANDMARKS = [0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18] as const;

/** The three pose points a hand ROI is derived from, frame-normalised. */
export interface HandAnchorsNorm {
  wristX: number;
  wristY: number;
  pinkyX: number;
  pinkyY: number;
  indexX: number;
  indexY: number;
}

/**
 * RectTransformationCalculator: shift along the rect's own (rotated) axes, then square on the long side (in pixels)
 * and scale. Returns a new rect.
 */
export function transformRect(rect: NormRect, widthPx: number, heightPx: number, scale: number, shiftY: number): NormRect {
  const wPx = rect.widthNorm * widthPx;
  const hPx = rect.heightNorm * heightPx;
  const sin = Math.sin(rect.rotationRad);
  const cos = Math.cos(rect.rotationRad);
  // shift_y is a fraction of the rect's height along its own y axis, rotated into the frame.
  const dxPx = -hPx * shiftY * sin;
  const dyPx = hPx * shiftY * cos;
  const longPx = Math.max(wPx, hPx) * scale;
  return {
    xCenterNorm: rect.xCenterNorm + dxPx / widthPx,
    yCenterNorm: rect.yCenterNorm + dyPx / heightPx,
    widthNorm: longPx / widthPx,
    heightNorm: longPx / heightPx,
    rotationRad: rect.rotationRad,
  };
}

/**
 * HandDetectionsFromPoseToRectsCalculator, then HAND_ROI_FROM_POSE: centre on the estimated middle finger knuckle (two
 * thirds of the way from the pinky to the index knuckle), box twice its distance from the wrist, rotated so that
 * wrist → middle finger points up. Returns a new rect.
 */
export function handRoiFromPose(a: HandAnchorsNorm, widthPx: number, heightPx: number): NormRect {
  const wx = a.wristX * widthPx;
  const wy = a.wristY * heightPx;
  const mx = ((2 * a.indexX + a.pinkyX) / 3) * widthPx;
  const my = ((2 * a.indexY + a.pinkyY) / 3) * heightPx;
  const boxPx = 2 * Math.hypot(mx - wx, my - wy);
  const rect: NormRect = {
    xCenterNorm: mx / widthPx,
    yCenterNorm: my / heightPx,
    widthNorm: boxPx / widthPx,
    heightNorm: boxPx / heightPx,
    rotationRad: normalizeRadians(ROI_TARGET_ANGLE_RAD - Math.atan2(-(my - wy), mx - wx)),
  };
  return transformRect(rect, widthPx, heightPx, HAND_ROI_FROM_POSE.scale, HAND_ROI_FROM_POSE.shiftY);
}

/**
 * The next frame's ROI from a hand's own landmarks (hand_landmark_landmarks_to_roi.pbtxt): rotation from the wrist to
 * the knuckles' middle (landmarks 9 and the midpoint of 5 and 13), the palm landmarks' box in that rotated frame,
 * then enlarged. Returns a new rect.
 * @param xyz borrowed: 21 × (xNorm, yNorm, z) frame-normalised.
 */
export function handRoiFromLandmarks(xyz: Float32Array, widthPx: number, heightPx: number): NormRect {
  const wx = xyz[0]! * widthPx;
  const wy = xyz[1]! * heightPx;
  // HandLandmarksToRectCalculator's ComputeRotation: towards the middle knuckle averaged with the midpoint of the index
  // and ring knuckles (its kIndex/Middle/RingFingerPIPJoint are 4/6/8 of the palm subset = landmarks 5/9/13), which
  // steadies the axis when the middle knuckle alone wobbles.
  const mx = ((xyz[5 * 3]! + xyz[13 * 3]!) / 2 + xyz[9 * 3]!) / 2 * widthPx;
  const my = ((xyz[5 * 3 + 1]! + xyz[13 * 3 + 1]!) / 2 + xyz[9 * 3 + 1]!) / 2 * heightPx;
  const rotationRad = normalizeRadians(ROI_TARGET_ANGLE_RAD - Math.atan2(-(my - wy), mx - wx));
  const cos = Math.cos(-rotationRad);
  const sin = Math.sin(-rotationRad);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const i of PALM_LANDMARKS) {
    const x = xyz[i * 3]! * widthPx;
    const y = xyz[i * 3 + 1]! * heightPx;
    const rx = cos * x - sin * y;
    const ry = sin * x + cos * y;
    minX = Math.min(minX, rx);
    maxX = Math.max(maxX, rx);
    minY = Math.min(minY, ry);
    maxY = Math.max(maxY, ry);
  }
  // Box centre back in the frame.
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const cosB = Math.cos(rotationRad);
  const sinB = Math.sin(rotationRad);
  const rect: NormRect = {
    xCenterNorm: (cosB * cx - sinB * cy) / widthPx,
    yCenterNorm: (sinB * cx + cosB * cy) / heightPx,
    widthNorm: (maxX - minX) / widthPx,
    heightNorm: (maxY - minY) / heightPx,
    rotationRad,
  };
  return transformRect(rect, widthPx, heightPx, HAND_ROI_FROM_LANDMARKS.scale, HAND_ROI_FROM_LANDMARKS.shiftY);
}
