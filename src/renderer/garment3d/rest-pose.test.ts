import { describe, expect, it } from 'vitest';
import { BONE_COUNT, T_POSE_JOINTS_M } from './humanoid';
import { skeletonProportions } from './rest-pose';

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
