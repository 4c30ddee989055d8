import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { B, BONE_COUNT, T_POSE_JOINTS_M } from './humanoid';
import { fitWeakPerspective, placeJoints, PLACED_JOINTS, type WeakPerspective } from './placement';

function body(scale = 1): Float64Array {
  const w = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const set = (i: number, x: number, y: number, z: number): void => {
    w.set([x * scale, y * scale, z * scale], 3 * i);
  };
  set(L.leftShoulder, 0.19, -0.48, 0.02);
  set(L.rightShoulder, -0.19, -0.48, -0.03);
  set(L.leftElbow, 0.22, -0.22, 0.05);
  set(L.rightElbow, -0.21, -0.2, 0);
  set(L.leftHip, 0.1, 0, 0.01);
  set(L.rightHip, -0.1, 0, -0.01);
  return w;
}

describe('fitWeakPerspective', () => {
  it('recovers the scale and offset of an exact orthographic projection, whatever the depths', () => {
    const w = body();
    const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
    for (let i = 0; i < POSE_LANDMARK_COUNT; i++) {
      px[2 * i] = 640 + 420 * w[3 * i]!;
      px[2 * i + 1] = 500 + 420 * w[3 * i + 1]!;
    }
    const out: WeakPerspective = { pxPerM: 0, cxPx: 0, cyPx: 0 };
    expect(fitWeakPerspective(px, w, out)).toBe(true);
    expect(out.pxPerM).toBeCloseTo(420, 9);
    expect(out.cxPx).toBeCloseTo(640, 9);
    expect(out.cyPx).toBeCloseTo(500, 9);
  });

  it('refuses landmarks that span nothing', () => {
    const out: WeakPerspective = { pxPerM: 7, cxPx: 0, cyPx: 0 };
    expect(fitWeakPerspective(new Float64Array(66), new Float64Array(99), out)).toBe(false);
    expect(out.pxPerM).toBe(7);
  });
});

describe('placeJoints', () => {
  it('puts the T-posed skeleton’s shoulders and hips exactly on landmarks drawn from it (model y up, image y down)', () => {
    const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
    for (const [bone, landmark] of PLACED_JOINTS) {
      px[2 * landmark] = 200 + 400 * T_POSE_JOINTS_M[3 * bone]!;
      px[2 * landmark + 1] = 900 - 400 * T_POSE_JOINTS_M[3 * bone + 1]!;
    }
    const out = { pxPerM: 0, xPx: 0, yPx: 0 };
    expect(placeJoints(T_POSE_JOINTS_M, px, out)).toBe(true);
    expect(out.pxPerM).toBeCloseTo(400, 9);
    expect(out.xPx).toBeCloseTo(200, 9);
    expect(out.yPx).toBeCloseTo(900, 9);
    // The wearer's left shoulder (+x in the model) lands on the left-shoulder landmark.
    expect(out.xPx + out.pxPerM * T_POSE_JOINTS_M[3 * B.leftUpperArm]!).toBeCloseTo(px[2 * L.leftShoulder]!, 9);
  });

  it('splits a mismatch between the torso’s shape and the picture’s evenly (least squares)', () => {
    const px = new Float64Array(POSE_LANDMARK_COUNT * 2);
    for (const [bone, landmark] of PLACED_JOINTS) {
      px[2 * landmark] = 400 * T_POSE_JOINTS_M[3 * bone]!;
      px[2 * landmark + 1] = -400 * T_POSE_JOINTS_M[3 * bone + 1]!;
    }
    // The picture's hips 10 px lower than the skeleton says: every joint ends 5 px off, none 10.
    px[2 * L.leftHip + 1] = px[2 * L.leftHip + 1]! + 10;
    px[2 * L.rightHip + 1] = px[2 * L.rightHip + 1]! + 10;
    const out = { pxPerM: 0, xPx: 0, yPx: 0 };
    placeJoints(T_POSE_JOINTS_M, px, out);
    for (const [bone, landmark] of PLACED_JOINTS) {
      const y = out.yPx - out.pxPerM * T_POSE_JOINTS_M[3 * bone + 1]!;
      expect(Math.abs(y - px[2 * landmark + 1]!)).toBeLessThan(5.01);
    }
  });

  it('refuses joints that span nothing', () => {
    const out = { pxPerM: 3, xPx: 0, yPx: 0 };
    expect(placeJoints(new Float64Array(BONE_COUNT * 3), new Float64Array(66), out)).toBe(false);
    expect(out.pxPerM).toBe(3);
  });
});
