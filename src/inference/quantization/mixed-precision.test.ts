import { describe, expect, it } from 'vitest';
import { cropLandmarkError, keepFloatOrder, summarizeErrors, type RawLandmarks } from './mixed-precision';

/** A landmark output: 39 landmarks at (x0 + 4i, y0 + 3i) crop pixels, visible; an all-low heatmap (no refinement). */
function raw(x0: number, y0: number): RawLandmarks {
  const landmarks = new Float32Array(195);
  for (let i = 0; i < 39; i++) landmarks.set([x0 + 4 * i, y0 + 3 * i, 0, 10, 10], i * 5);
  return { landmarks, heatmap: new Float32Array(64 * 64 * 39).fill(-10) };
}

describe('mixed precision: error metric and order', () => {
  it('the crop error is 0 for the same output and the gate metric for a shifted one', () => {
    expect(cropLandmarkError(raw(20, 30), raw(20, 30))).toBe(0);
    // Body landmarks span 32 × 4 by 32 × 3 px: diagonal 160 px; every landmark moved by 2 px → 1.25 %.
    expect(cropLandmarkError(raw(20, 30), raw(22, 30))).toBeCloseTo(2 / 160, 6);
  });

  it('summarizes median and worst', () => {
    expect(summarizeErrors([0.3, 0.1, 0.2, 0.9])).toEqual({ median: 0.25, max: 0.9 });
    expect(summarizeErrors([])).toEqual({ median: 0, max: 0 });
  });

  it('keeps float first what costs most accuracy (median or worst crop, against the budget) per multiply-accumulate', () => {
    const budget = { median: 0.0025, max: 0.015 };
    const sensitivity = [
      { node: 'big', median: 0.01, max: 0.02 },
      { node: 'small', median: 0.005, max: 0.01 },
      { node: 'mid', median: 0.002, max: 0.004 },
      { node: 'one-crop', median: 0.0001, max: 0.1 }, // moves one crop far: severity 6.7 of the budget
    ];
    expect(keepFloatOrder(sensitivity, budget)).toEqual(['one-crop', 'big', 'small', 'mid']);
    const costs = new Map([['big', 1_000_000], ['small', 1_000], ['mid', 10_000], ['one-crop', 1_000_000]]);
    expect(keepFloatOrder(sensitivity, budget, costs)).toEqual(['small', 'mid', 'one-crop', 'big']);
  });
});
