import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { bodyScale, fitWeakPerspective, type WeakPerspective } from './placement';

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

describe('bodyScale', () => {
  it('is 1 for a body the size of the model and follows a bigger body', () => {
    const w = body();
    const shoulder = Math.hypot(0.38, 0, 0.05);
    const torso = Math.hypot(0, 0.48, 0.005);
    expect(bodyScale(w, shoulder, torso)).toBeCloseTo(1, 9);
    expect(bodyScale(body(1.1), shoulder, torso)).toBeCloseTo(1.1, 9);
  });
});
