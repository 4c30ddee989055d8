import { describe, expect, it } from 'vitest';
import { percentiles, quantile } from './stats';

describe('quantile', () => {
  it('interpolates between ranks like numpy', () => {
    const s = [1, 2, 3, 4];
    expect(quantile(s, 0)).toBe(1);
    expect(quantile(s, 1)).toBe(4);
    expect(quantile(s, 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
  });
  it('is NaN without samples', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('percentiles', () => {
  it('sorts a copy and leaves the input alone', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(percentiles(xs)).toEqual({ p50: 3, p95: quantile([1, 2, 3, 4, 5], 0.95) });
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });
});
