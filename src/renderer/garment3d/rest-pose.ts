import { B } from './humanoid';

/** A skeleton's bone lengths and breadths, metres, between the joints that sit where BlazePose's landmarks do. */
export interface Proportions {
  /** Upper-arm joint to upper-arm joint / 2 (the shoulder landmarks'). */
  shoulderHalfM: number;
  /** Upper-leg joint to upper-leg joint / 2 (the hip landmarks'). */
  hipHalfM: number;
  /** Hip joints' centre to the upper-arm joints' centre. */
  torsoM: number;
  /** Upper-arm joints' centre to the head joint (ear level). */
  neckM: number;
  upperArmM: number;
  forearmM: number;
  thighM: number;
  shinM: number;
}

const PROPORTION_NAMES: ReadonlyArray<keyof Proportions> = ['shoulderHalfM', 'hipHalfM', 'torsoM', 'neckM', 'upperArmM', 'forearmM', 'thighM', 'shinM'];

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
  const p: Proportions = { shoulderHalfM: 0, hipHalfM: 0, torsoM: 0, neckM: 0, upperArmM: 0, forearmM: 0, thighM: 0, shinM: 0 };
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
