import { PoseLandmark as L } from '../../shared/pose';

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

/**
 * How much to scale a garment's skeleton (metres of the model) to fit the person (metres of the world landmarks):
 * the ratio of shoulder widths, blended with that of torso heights so a broad, short person gets a garment a
 * little shorter than their shoulders alone would say. Distances are 3D, so turning does not change them.
 *
 * @param worldM world landmarks, metres, interleaved x, y, z (borrowed).
 * @param modelShoulderWidthM distance between the garment skeleton's upper-arm joints in its bind pose.
 * @param modelTorsoM distance from the hip bone to the midpoint of the upper-arm joints in the bind pose.
 */
export function bodyScale(worldM: ArrayLike<number>, modelShoulderWidthM: number, modelTorsoM: number): number {
  const shoulderM = Math.hypot(
    worldM[3 * L.leftShoulder]! - worldM[3 * L.rightShoulder]!,
    worldM[3 * L.leftShoulder + 1]! - worldM[3 * L.rightShoulder + 1]!,
    worldM[3 * L.leftShoulder + 2]! - worldM[3 * L.rightShoulder + 2]!,
  );
  const torsoM = Math.hypot(torsoAxis(worldM, 0), torsoAxis(worldM, 1), torsoAxis(worldM, 2));
  const byShoulders = shoulderM / modelShoulderWidthM;
  const byTorso = torsoM / modelTorsoM;
  if (!(byShoulders > 0) || !Number.isFinite(byShoulders)) return 1;
  if (!(byTorso > 0) || !Number.isFinite(byTorso)) return byShoulders;
  return SHOULDER_WEIGHT * byShoulders + (1 - SHOULDER_WEIGHT) * byTorso;
}

/** Component `k` of shoulder centre − hip centre (inline maths: this runs every frame and must not allocate). */
function torsoAxis(worldM: ArrayLike<number>, k: number): number {
  return (worldM[3 * L.leftShoulder + k]! + worldM[3 * L.rightShoulder + k]! - worldM[3 * L.leftHip + k]! - worldM[3 * L.rightHip + k]!) / 2;
}

/** Weight of the shoulders in {@link bodyScale}: a garment hangs from the shoulders, so they lead. */
const SHOULDER_WEIGHT = 0.7;
