import { PoseLandmark as L } from '../../shared/pose';
import { B } from './humanoid';

/** Landmarks the weak-perspective fit uses: the torso and upper arms, seen in nearly every mirror frame. */
export const PLACEMENT_LANDMARKS: readonly number[] = [L.leftShoulder, L.rightShoulder, L.leftElbow, L.rightElbow, L.leftHip, L.rightHip];

/** Where the person's metres land in camera pixels: `px ≈ (cxPx, cyPx) + pxPerM · (xM, yM)` of a world landmark. */
export interface WeakPerspective {
  /** Camera pixels per metre at the person's depth. */
  pxPerM: number;
  /** Camera pixel of the world landmarks' origin (the hip centre), x right, y down. */
  cxPx: number;
  cyPx: number;
}

/**
 * Fits a weak-perspective (orthographic + scale) camera that carries MediaPipe world landmarks onto the image
 * landmarks of the same frame, in the least-squares sense over `indices`. Both landmark sets share their axes
 * (x right, y down), so no rotation is solved: the pose's rotations come from the world landmarks themselves.
 *
 * @param imagePx image landmarks in camera pixels, interleaved x, y per landmark (borrowed).
 * @param worldM world landmarks in metres, interleaved x, y, z per landmark (borrowed).
 * @param out written in place.
 * @returns false (out untouched) when the landmarks span no area.
 */
export function fitWeakPerspective(
  imagePx: ArrayLike<number>,
  worldM: ArrayLike<number>,
  out: WeakPerspective,
  indices: readonly number[] = PLACEMENT_LANDMARKS,
): boolean {
  const n = indices.length;
  let px = 0, py = 0, wx = 0, wy = 0;
  for (const i of indices) {
    px += imagePx[2 * i]!;
    py += imagePx[2 * i + 1]!;
    wx += worldM[3 * i]!;
    wy += worldM[3 * i + 1]!;
  }
  px /= n;
  py /= n;
  wx /= n;
  wy /= n;
  let num = 0, den = 0;
  for (const i of indices) {
    const dwx = worldM[3 * i]! - wx;
    const dwy = worldM[3 * i + 1]! - wy;
    num += (imagePx[2 * i]! - px) * dwx + (imagePx[2 * i + 1]! - py) * dwy;
    den += dwx * dwx + dwy * dwy;
  }
  if (!(den > 1e-8) || !(num > 0)) return false;
  out.pxPerM = num / den;
  out.cxPx = px - out.pxPerM * wx;
  out.cyPx = py - out.pxPerM * wy;
  return true;
}

/** Skeleton joints placed on image landmarks: the upper-arm joints on the shoulders, the upper legs on the hips. */
export const PLACED_JOINTS: ReadonlyArray<readonly [bone: number, landmark: number]> = [
  [B.leftUpperArm, L.leftShoulder],
  [B.rightUpperArm, L.rightShoulder],
  [B.leftUpperLeg, L.leftHip],
  [B.rightUpperLeg, L.rightHip],
];

/**
 * Where to put a posed skeleton, and at what scale, so its shoulder and hip joints land on the tracked shoulders
 * and hips: with model → camera = `(x, y) ↦ (xPx + s·x, yPx − s·y)`, the scale `s` and translation that minimise
 * the squared distances of {@link PLACED_JOINTS} to their landmarks (a 2D weak-perspective fit, no rotation: the
 * skeleton's rotations come from the world landmarks). Allocation-free.
 *
 * @param jointsM posed joints, model space metres (y up), interleaved x, y, z per bone (borrowed).
 * @param imagePx landmarks in camera pixels, interleaved x, y (borrowed).
 * @param out written in place.
 * @returns false (out untouched) when the joints span no area.
 */
export function placeJoints(jointsM: ArrayLike<number>, imagePx: ArrayLike<number>, out: { pxPerM: number; xPx: number; yPx: number }): boolean {
  const n = PLACED_JOINTS.length;
  let mx = 0, my = 0, px = 0, py = 0;
  for (const [bone, landmark] of PLACED_JOINTS) {
    mx += jointsM[3 * bone]!;
    my -= jointsM[3 * bone + 1]!;
    px += imagePx[2 * landmark]!;
    py += imagePx[2 * landmark + 1]!;
  }
  mx /= n;
  my /= n;
  px /= n;
  py /= n;
  let num = 0, den = 0;
  for (const [bone, landmark] of PLACED_JOINTS) {
    const dx = jointsM[3 * bone]! - mx;
    const dy = -jointsM[3 * bone + 1]! - my;
    num += (imagePx[2 * landmark]! - px) * dx + (imagePx[2 * landmark + 1]! - py) * dy;
    den += dx * dx + dy * dy;
  }
  if (!(den > 1e-8) || !(num > 0)) return false;
  out.pxPerM = num / den;
  out.xPx = px - out.pxPerM * mx;
  out.yPx = py - out.pxPerM * my;
  return true;
}
