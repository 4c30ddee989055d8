import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { B, BONE_COUNT } from './humanoid';

/**
 * The shopper's landmarks as the camera picture shows them, in metres: x and y are the image landmarks (camera
 * pixels) divided by the body's scale, relative to the hip centre; z is BlazePose's world depth (metres, relative to
 * the hip centre), the one thing the picture cannot say. MediaPipe's axes (x right, y down, z away from the camera),
 * so the pose solver reads it as it reads world landmarks. Projected with the same scale, every landmark lands
 * exactly on its image landmark — unlike the world landmarks, whose directions are the model's own guess (on the
 * mirror clip they tilt the shoulder line twice as steeply as the picture shows, and put the hips a quarter wider
 * apart than the shoulders' ratio to them in the picture).
 *
 * @param imagePx 33 landmarks in camera pixels, interleaved x, y (borrowed).
 * @param worldM 33 world landmarks, metres, interleaved x, y, z (borrowed; only z is read).
 * @param pxPerM the body's scale, camera pixels per metre (100 / `bodyCmPerPx`).
 * @param out 33 × 3 numbers, written.
 * @returns false (out untouched) when the scale is not a positive number.
 */
export function pictureLandmarksM(imagePx: ArrayLike<number>, worldM: ArrayLike<number>, pxPerM: number, out: Float64Array): boolean {
  if (!(pxPerM > 0) || !Number.isFinite(pxPerM)) return false;
  const cx = (imagePx[2 * L.leftHip]! + imagePx[2 * L.rightHip]!) / 2;
  const cy = (imagePx[2 * L.leftHip + 1]! + imagePx[2 * L.rightHip + 1]!) / 2;
  const cz = (worldM[3 * L.leftHip + 2]! + worldM[3 * L.rightHip + 2]!) / 2;
  for (let i = 0; i < POSE_LANDMARK_COUNT; i++) {
    out[3 * i] = (imagePx[2 * i]! - cx) / pxPerM;
    out[3 * i + 1] = (imagePx[2 * i + 1]! - cy) / pxPerM;
    out[3 * i + 2] = worldM[3 * i + 2]! - cz;
  }
  return true;
}

/**
 * Where each joint of the garment's skeleton goes this frame, model space metres (glTF axes: y up, +z towards the
 * camera; the bind pose's hip joint stays where it is, the rest is relative to it), interleaved x, y, z per bone.
 *
 * - Joints that sit on a landmark go on it: upper arms on the shoulders, forearms on the elbows, hands on the wrists,
 *   upper legs on the hips, lower legs on the knees, feet on the ankles, the neck on the shoulders' centre, the head
 *   on the ears' centre. So the shopper's own bone lengths and shoulder and hip breadth are the skeleton's — except
 *   hips narrower than the skeleton's, from which the garment hangs at its own breadth ({@link hangFromOwnHips}).
 * - The spine and chest joints hang from the neck along the torso (hip centre → shoulder centre) at their bind-pose
 *   distances: a top's cloth skinned to them keeps its length from the shoulders (its chart length), whatever the
 *   shopper's torso; a bottom's cloth, skinned to the hips, keeps its place on the hips.
 * - The clavicle joints lie on the line from the neck to their shoulder, at their bind-pose share of it.
 *
 * @param pictureM {@link pictureLandmarksM} of the frame (borrowed).
 * @param bindJointsM the skeleton's T-posed bind joints, same layout as `out` (borrowed).
 * @param out BONE_COUNT × 3 numbers, written. Allocation-free.
 */
export function jointTargetsM(pictureM: ArrayLike<number>, bindJointsM: ArrayLike<number>, out: Float64Array): Float64Array {
  const hx = bindJointsM[3 * B.hips]!;
  const hy = bindJointsM[3 * B.hips + 1]!;
  const hz = bindJointsM[3 * B.hips + 2]!;
  // Landmark i (MediaPipe axes) → model space: (x, −y, −z), from the hip joint.
  const put = (bone: number, x: number, y: number, z: number): void => {
    out[3 * bone] = hx + x;
    out[3 * bone + 1] = hy - y;
    out[3 * bone + 2] = hz - z;
  };
  const at = (bone: number, i: number): void => put(bone, pictureM[3 * i]!, pictureM[3 * i + 1]!, pictureM[3 * i + 2]!);
  const mid = (bone: number, a: number, b: number): void =>
    put(bone, (pictureM[3 * a]! + pictureM[3 * b]!) / 2, (pictureM[3 * a + 1]! + pictureM[3 * b + 1]!) / 2, (pictureM[3 * a + 2]! + pictureM[3 * b + 2]!) / 2);
  const bindDistance = (a: number, b: number): number =>
    Math.hypot(bindJointsM[3 * a]! - bindJointsM[3 * b]!, bindJointsM[3 * a + 1]! - bindJointsM[3 * b + 1]!, bindJointsM[3 * a + 2]! - bindJointsM[3 * b + 2]!);

  put(B.hips, 0, 0, 0);
  mid(B.neck, L.leftShoulder, L.rightShoulder);
  mid(B.head, L.leftEar, L.rightEar);
  at(B.leftUpperArm, L.leftShoulder);
  at(B.leftLowerArm, L.leftElbow);
  at(B.leftHand, L.leftWrist);
  at(B.rightUpperArm, L.rightShoulder);
  at(B.rightLowerArm, L.rightElbow);
  at(B.rightHand, L.rightWrist);
  at(B.leftUpperLeg, L.leftHip);
  at(B.leftLowerLeg, L.leftKnee);
  at(B.leftFoot, L.leftAnkle);
  at(B.rightUpperLeg, L.rightHip);
  at(B.rightLowerLeg, L.rightKnee);
  at(B.rightFoot, L.rightAnkle);
  hangFromOwnHips(out, bindDistance(B.leftUpperLeg, B.rightUpperLeg) / 2);

  // Torso axis, model space, from the hip joint (the model origin's offset cancels) to the neck.
  const nx = out[3 * B.neck]! - hx;
  const ny = out[3 * B.neck + 1]! - hy;
  const nz = out[3 * B.neck + 2]! - hz;
  const torsoM = Math.hypot(nx, ny, nz);
  const ux = torsoM > 1e-6 ? nx / torsoM : 0;
  const uy = torsoM > 1e-6 ? ny / torsoM : 1;
  const uz = torsoM > 1e-6 ? nz / torsoM : 0;
  for (const bone of [B.spine, B.chest]) {
    const below = bindDistance(B.neck, bone);
    out[3 * bone] = out[3 * B.neck]! - ux * below;
    out[3 * bone + 1] = out[3 * B.neck + 1]! - uy * below;
    out[3 * bone + 2] = out[3 * B.neck + 2]! - uz * below;
  }
  for (const [clavicle, arm] of [[B.leftShoulder, B.leftUpperArm], [B.rightShoulder, B.rightUpperArm]] as const) {
    const full = bindDistance(B.neck, arm);
    const t = full > 1e-6 ? bindDistance(B.neck, clavicle) / full : 0;
    for (let k = 0; k < 3; k++) out[3 * clavicle + k] = out[3 * B.neck + k]! + t * (out[3 * arm + k]! - out[3 * B.neck + k]!);
  }
  return out;
}

/**
 * Cloth is not squeezed by a narrower body: where the shopper's hip joints (their picture's hip landmarks) lie closer
 * together than the garment skeleton's, a trouser's or skirt's legs hang from the garment's own seat, so the
 * upper-leg joints are spread, about their centre and along the hip line, to the skeleton's half breadth
 * `bindHalfM`; a shopper with wider hips keeps theirs (the cloth stretches to them). The knees and ankles stay on
 * their landmarks, so below the seat each leg still follows the shopper's own leg. Writes `out` in place.
 */
function hangFromOwnHips(out: Float64Array, bindHalfM: number): void {
  const l = 3 * B.leftUpperLeg;
  const r = 3 * B.rightUpperLeg;
  const dx = out[l]! - out[r]!;
  const dy = out[l + 1]! - out[r + 1]!;
  const dz = out[l + 2]! - out[r + 2]!;
  const len = Math.hypot(dx, dy, dz);
  if (!(len > 1e-6) || len >= 2 * bindHalfM) return;
  const k = bindHalfM / len;
  for (const [i, d] of [[0, dx], [1, dy], [2, dz]] as const) {
    const mid = (out[l + i]! + out[r + i]!) / 2;
    out[l + i] = mid + d * k;
    out[r + i] = mid - d * k;
  }
}

/** Numbers {@link jointTargetsM} writes. */
export const JOINT_TARGETS_LENGTH = BONE_COUNT * 3;
