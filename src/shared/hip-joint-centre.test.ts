import { describe, expect, it } from 'vitest';
import { hipJointCentreAt } from './hip-joint-centre';

describe('hip joint centres from the hip landmarks', () => {
  it("puts each joint 0.36 of the pelvis's width out from its midline (Bell 1990), on every axis", () => {
    // The sway track's body: landmarks 24.9 cm apart → joints 17.9 cm apart (Harrington 2007's 0.33·PW + 7.3 mm: 17.9).
    const left = hipJointCentreAt(0.1245, -0.1245);
    const right = hipJointCentreAt(-0.1245, 0.1245);
    expect((left - right) * 100).toBeCloseTo(17.93, 2);
    expect(left + right).toBeCloseTo(0, 12);
    // Off the origin (pixels) and in depth (a turned body): the same share of the spacing, about the midpoint.
    expect(hipJointCentreAt(400, 300)).toBeCloseTo(386, 9);
    expect(hipJointCentreAt(0.05, -0.03)).toBeCloseTo(0.01 + 0.72 * 0.04, 12);
  });
});
