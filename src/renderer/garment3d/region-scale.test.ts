import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { DepthScale, MAX_SCALE_RATIO } from './region-scale';

/**
 * A standing body seen by a pinhole camera whose scale (cm per pixel) grows linearly down the picture:
 * `cmPerPxAt(yPx)`. World landmarks are the true metres (hips' centre at the origin, y down).
 */
function body(cmPerPxAt: (yPx: number) => number): { imagePx: Float64Array; worldM: Float64Array } {
  const imagePx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const worldM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  // True heights below the hips (m) and half breadths (m) of the joints along the body.
  const joints: Array<[number, number, number]> = [
    [L.leftShoulder, -0.5, 0.18], [L.rightShoulder, -0.5, -0.18],
    [L.leftHip, 0, 0.1], [L.rightHip, 0, -0.1],
    [L.leftKnee, 0.42, 0.1], [L.rightKnee, 0.42, -0.1],
    [L.leftAnkle, 0.82, 0.1], [L.rightAnkle, 0.82, -0.1],
  ];
  const hipYPx = 500;
  // Picture y of a point yM below the hips: integrate dy = 100 dyM / cmPerPx(y) in small steps.
  const toPx = (yM: number): number => {
    let y = hipYPx;
    const n = 2000;
    for (let k = 0; k < n; k++) y += (100 * (yM / n)) / cmPerPxAt(y);
    return y;
  };
  for (const [i, yM, xM] of joints) {
    const yPx = toPx(yM);
    imagePx.set([200 + (100 * xM) / cmPerPxAt(yPx), yPx], 2 * i);
    worldM.set([xM, yM, 0], 3 * i);
  }
  return { imagePx, worldM };
}

describe('DepthScale', () => {
  it('reads a scale that grows down the body off the segments: the ratio at each height within 2 %', () => {
    // 0.2 cm/px at the hips, 20 % more per metre down the picture's body (a camera at head height looking down).
    const cmPerPxAt = (yPx: number): number => 0.2 * (1 + 0.2 * (((yPx - 500) * 0.2) / 100));
    const { imagePx, worldM } = body(cmPerPxAt);
    const depth = new DepthScale();
    expect(depth.measure(imagePx, worldM, 0.2)).toBe(true);
    expect(depth.atHipsRatio).toBeCloseTo(1, 1);
    expect(depth.perMRatio).toBeGreaterThan(0.15);
    expect(depth.perMRatio).toBeLessThan(0.25);
    for (const dM of [-0.2, 0, 0.2, 0.5]) expect(Math.abs(depth.at(dM) / (1 + 0.2 * dM) - 1), `at ${dM} m`).toBeLessThan(0.02);
  });

  it('one scale all down the body: ratio 1 everywhere', () => {
    const { imagePx, worldM } = body(() => 0.25);
    const depth = new DepthScale();
    expect(depth.measure(imagePx, worldM, 0.25)).toBe(true);
    for (const dM of [-0.3, 0, 0.6]) expect(depth.at(dM)).toBeCloseTo(1, 6);
  });

  it('holds the line between the measured segments, not beyond them', () => {
    const { imagePx, worldM } = body((yPx) => 0.2 * (1 + 0.2 * (((yPx - 500) * 0.2) / 100)));
    const depth = new DepthScale();
    depth.measure(imagePx, worldM, 0.2);
    expect(depth.at(5)).toBe(depth.at(depth.bottomM));
    expect(depth.at(-5)).toBe(depth.at(depth.topM));
  });

  it('smooths frames and starts again after a reset', () => {
    const near = body(() => 0.2);
    const far = body(() => 0.24);
    const depth = new DepthScale(0.5);
    depth.measure(near.imagePx, near.worldM, 0.2);
    // The same body, drawn 20 % smaller: against the body's 0.2 cm/px the ratio is 1.2; half of the change is taken.
    depth.measure(far.imagePx, far.worldM, 0.2);
    expect(depth.at(0)).toBeCloseTo(1.1, 6);
    depth.reset();
    expect(depth.measured).toBe(false);
    expect(depth.at(0)).toBe(1);
  });

  it('ignores a frame whose legs say the camera is closer than a mirror allows (a guessed leg), and a bad scale', () => {
    const { imagePx, worldM } = body(() => 0.2);
    // The ankles drawn at a tenth of their length: the shins' scale would be 10 × the body's.
    for (const a of [L.leftAnkle, L.rightAnkle]) imagePx[2 * a + 1] = imagePx[2 * (a === L.leftAnkle ? L.leftKnee : L.rightKnee) + 1]! + 20;
    const depth = new DepthScale();
    expect(depth.measure(imagePx, worldM, 0.2)).toBe(false);
    expect(depth.measured).toBe(false);
    expect(depth.at(0.6)).toBe(1);
    expect(depth.measure(imagePx, worldM, Number.NaN)).toBe(false);
    expect(MAX_SCALE_RATIO).toBeGreaterThan(1);
  });
});
