import { B, BONE_COUNT, PARENT } from './humanoid';
import { PROPORTION_NAMES, emptyProportions, type Proportions } from './body-proportions';

/**
 * The garment skeleton's own proportions, read off its T-posed bind joints (model space metres, interleaved x, y, z
 * per bone; borrowed), measured between the joints that sit where BlazePose's landmarks do (upper arms on the
 * shoulders, upper legs on the hips, head level with the ears).
 */
export function skeletonProportions(bindJointsM: ArrayLike<number>): Proportions {
  const j = (b: number, k: number): number => bindJointsM[3 * b + k]!;
  const d = (a: number, b: number): number => Math.hypot(j(a, 0) - j(b, 0), j(a, 1) - j(b, 1), j(a, 2) - j(b, 2));
  const shoulderMid = [0, 1, 2].map((k) => (j(B.leftUpperArm, k) + j(B.rightUpperArm, k)) / 2);
  const hipMid = [0, 1, 2].map((k) => (j(B.leftUpperLeg, k) + j(B.rightUpperLeg, k)) / 2);
  const p = emptyProportions();
  p.shoulderHalfM = d(B.leftUpperArm, B.rightUpperArm) / 2;
  p.hipHalfM = d(B.leftUpperLeg, B.rightUpperLeg) / 2;
  p.torsoM = Math.hypot(shoulderMid[0]! - hipMid[0]!, shoulderMid[1]! - hipMid[1]!, shoulderMid[2]! - hipMid[2]!);
  p.neckM = Math.hypot(j(B.head, 0) - shoulderMid[0]!, j(B.head, 1) - shoulderMid[1]!, j(B.head, 2) - shoulderMid[2]!);
  p.upperArmM = (d(B.leftUpperArm, B.leftLowerArm) + d(B.rightUpperArm, B.rightLowerArm)) / 2;
  p.forearmM = (d(B.leftLowerArm, B.leftHand) + d(B.rightLowerArm, B.rightHand)) / 2;
  p.thighM = (d(B.leftUpperLeg, B.leftLowerLeg) + d(B.rightUpperLeg, B.rightLowerLeg)) / 2;
  p.shinM = (d(B.leftLowerLeg, B.leftFoot) + d(B.rightLowerLeg, B.rightFoot)) / 2;
  for (const name of PROPORTION_NAMES) if (!(p[name] > 1e-3)) throw new RangeError(`the skeleton has no ${name}`);
  return p;
}

/**
 * How each bone's offset from its parent (in the T-pose: x across the body, y along it) stretches with the
 * shopper: [across, along] proportion names, by bone.
 */
const STRETCH: ReadonlyArray<readonly [keyof Proportions, keyof Proportions] | null> = (() => {
  const s: Array<readonly [keyof Proportions, keyof Proportions] | null> = new Array<null>(BONE_COUNT).fill(null);
  s[B.spine] = ['torsoM', 'torsoM'];
  s[B.chest] = ['torsoM', 'torsoM'];
  s[B.neck] = ['torsoM', 'torsoM'];
  s[B.head] = ['neckM', 'neckM'];
  for (const side of [[B.leftShoulder, B.leftUpperArm, B.leftLowerArm, B.leftHand], [B.rightShoulder, B.rightUpperArm, B.rightLowerArm, B.rightHand]]) {
    s[side[0]!] = ['shoulderHalfM', 'torsoM'];
    s[side[1]!] = ['shoulderHalfM', 'torsoM'];
    s[side[2]!] = ['upperArmM', 'upperArmM'];
    s[side[3]!] = ['forearmM', 'forearmM'];
  }
  for (const side of [[B.leftUpperLeg, B.leftLowerLeg, B.leftFoot], [B.rightUpperLeg, B.rightLowerLeg, B.rightFoot]]) {
    s[side[0]!] = ['hipHalfM', 'torsoM'];
    s[side[1]!] = ['thighM', 'thighM'];
    s[side[2]!] = ['shinM', 'shinM'];
  }
  return s;
})();

/**
 * The garment skeleton's rest pose re-proportioned to the shopper: every bone's offset from its parent is
 * stretched by shopper ÷ skeleton of the span it belongs to (a forearm by the forearms, the shoulder joints'
 * spread by the shoulder breadth, the spine by the torso), so posing it with the landmarks' directions puts each
 * joint where the shopper's is. Offsets across the body (x) and along it (y, z) stretch separately: the shoulder
 * bone spans both the breadth and the top of the torso. The root stays where it is. Allocation-free.
 *
 * @param bindJointsM the skeleton's T-posed bind joints (borrowed).
 * @param model {@link skeletonProportions} of that skeleton.
 * @param shopper the shopper's proportions; a zero (not yet measured) span leaves its bones as they are.
 * @param out joints, same layout (written; may not alias `bindJointsM`).
 */
export function proportionedRestJoints(bindJointsM: ArrayLike<number>, model: Proportions, shopper: Proportions, out: Float64Array): Float64Array {
  out[0] = bindJointsM[0]!;
  out[1] = bindJointsM[1]!;
  out[2] = bindJointsM[2]!;
  for (let b = 1; b < BONE_COUNT; b++) {
    const p = PARENT[b]!;
    const stretch = STRETCH[b];
    const across = stretch && shopper[stretch[0]] > 0 ? shopper[stretch[0]] / model[stretch[0]] : 1;
    const along = stretch && shopper[stretch[1]] > 0 ? shopper[stretch[1]] / model[stretch[1]] : 1;
    out[3 * b] = out[3 * p]! + across * (bindJointsM[3 * b]! - bindJointsM[3 * p]!);
    out[3 * b + 1] = out[3 * p + 1]! + along * (bindJointsM[3 * b + 1]! - bindJointsM[3 * p + 1]!);
    out[3 * b + 2] = out[3 * p + 2]! + along * (bindJointsM[3 * b + 2]! - bindJointsM[3 * p + 2]!);
  }
  return out;
}
