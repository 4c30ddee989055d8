import { describe, expect, it } from 'vitest';
import { emptyProportions, type Proportions } from './body-proportions';
import { B, BONE_COUNT, T_POSE_JOINTS_M } from './humanoid';
import { proportionedRestJoints, skeletonProportions } from './rest-pose';

const joint = (j: ArrayLike<number>, b: number): [number, number, number] => [j[3 * b]!, j[3 * b + 1]!, j[3 * b + 2]!];
const dist = (j: ArrayLike<number>, a: number, b: number): number => Math.hypot(...joint(j, a).map((x, k) => x - joint(j, b)[k]!));

describe('skeletonProportions', () => {
  it('reads the reference body: 0.34 m shoulders, 0.24 m hips, 0.49 m torso, 0.23 + 0.20 m arms, 0.40 + 0.38 m legs', () => {
    const p = skeletonProportions(T_POSE_JOINTS_M);
    expect(p.shoulderHalfM).toBeCloseTo(0.17, 9);
    expect(p.hipHalfM).toBeCloseTo(0.12, 9);
    expect(p.torsoM).toBeCloseTo(0.49, 9);
    expect(p.upperArmM).toBeCloseTo(0.23, 9);
    expect(p.forearmM).toBeCloseTo(0.2, 9);
    expect(p.thighM).toBeCloseTo(0.4, 9);
    expect(p.shinM).toBeCloseTo(0.38, 9);
  });

  it('refuses a skeleton with a bone of no length', () => {
    expect(() => skeletonProportions(new Float64Array(BONE_COUNT * 3))).toThrow(RangeError);
  });
});

describe('proportionedRestJoints', () => {
  const model = skeletonProportions(T_POSE_JOINTS_M);

  it('the skeleton’s own proportions give back its bind pose; unmeasured spans (0) leave bones as they are', () => {
    const out = new Float64Array(BONE_COUNT * 3);
    proportionedRestJoints(T_POSE_JOINTS_M, model, model, out);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(T_POSE_JOINTS_M[i]!, 12);
    proportionedRestJoints(T_POSE_JOINTS_M, model, emptyProportions(), out);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(T_POSE_JOINTS_M[i]!, 12);
  });

  it('a shopper with longer forearms, broader shoulders and a shorter torso gets exactly those spans', () => {
    const shopper: Proportions = { ...model, forearmM: 0.26, shoulderHalfM: 0.2, torsoM: 0.44, hipHalfM: 0.1, thighM: 0.45 };
    const out = proportionedRestJoints(T_POSE_JOINTS_M, model, shopper, new Float64Array(BONE_COUNT * 3));
    expect(dist(out, B.leftLowerArm, B.leftHand)).toBeCloseTo(0.26, 9);
    expect(dist(out, B.rightLowerArm, B.rightHand)).toBeCloseTo(0.26, 9);
    expect(dist(out, B.leftUpperArm, B.rightUpperArm)).toBeCloseTo(0.4, 9);
    expect(dist(out, B.leftUpperLeg, B.rightUpperLeg)).toBeCloseTo(0.2, 9);
    expect(dist(out, B.leftUpperLeg, B.leftLowerLeg)).toBeCloseTo(0.45, 9);
    // Torso: hip centre to shoulder centre.
    expect(out[3 * B.leftUpperArm + 1]! - out[3 * B.hips + 1]!).toBeCloseTo(0.44, 9);
    // Unchanged spans stay: the upper arm, the shin.
    expect(dist(out, B.leftUpperArm, B.leftLowerArm)).toBeCloseTo(0.23, 9);
    expect(dist(out, B.leftLowerLeg, B.leftFoot)).toBeCloseTo(0.38, 9);
    // The root does not move.
    expect(joint(out, B.hips)).toEqual(joint(T_POSE_JOINTS_M, B.hips));
  });
});
