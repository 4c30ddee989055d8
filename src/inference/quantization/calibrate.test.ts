import { describe, expect, it } from 'vitest';
import { chooseRange, PERCENTILE_TAIL, quantizationMse } from './calibrate';

/** A histogram of 2048 bins over [lo, hi] with `values` dropped in. */
function histogram(lo: number, hi: number, values: readonly number[]) {
  const counts = new Float64Array(2048);
  for (const v of values) counts[Math.min(2047, Math.floor(((v - lo) / (hi - lo)) * 2048))]!++;
  return { lo, hi, counts };
}

describe('activation range calibration', () => {
  // A million values spread over [-1, 1], and one outlier at 40: min/max would spend 95 % of the grid on it.
  const bulk = Array.from({ length: 1_000_000 }, (_, i) => -1 + (2 * i) / 999_999);
  const h = histogram(-1, 40, [...bulk, 40]);

  it('minmax covers every value seen', () => {
    expect(chooseRange(h, 'minmax')).toEqual({ min: -1, max: 40 });
  });

  it('mse narrows the range past a rare outlier, and its error is below min/max\'s', () => {
    const r = chooseRange(h, 'mse');
    expect(r.max).toBeLessThan(20);
    expect(r.min).toBeLessThan(0); // both ends by one factor: zero stays inside
    expect(quantizationMse(h, r.min, r.max)).toBeLessThan(quantizationMse(h, -1, 40));
  });

  it('mse keeps min/max when the values fill the range evenly', () => {
    const even = histogram(0, 6, Array.from({ length: 10_000 }, (_, i) => (6 * i) / 9_999));
    expect(chooseRange(even, 'mse')).toEqual({ min: 0, max: 6 });
  });

  it(`percentile clips the rarest ${PERCENTILE_TAIL * 100} % at each end`, () => {
    const r = chooseRange(h, 'percentile');
    expect(r.max).toBeLessThan(1.05);
    expect(r.max).toBeGreaterThan(0.95);
    expect(r.min).toBeCloseTo(-1, 1);
  });
});
