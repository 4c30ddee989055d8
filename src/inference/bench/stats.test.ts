import { describe, expect, it } from 'vitest';
import { modelRatios, percentiles, quantile } from './stats';

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

describe('modelRatios', () => {
  it('averages each model over its runs, in turn, and gives the first model\'s lead over the others', () => {
    const runs = [
      { model: 'lite', fps: 100, cpuMsPerFrame: 10 },
      { model: 'full', fps: 60, cpuMsPerFrame: 16 },
      { model: 'lite', fps: 80, cpuMsPerFrame: 12 },
      { model: 'full', fps: 40, cpuMsPerFrame: 18 },
    ];
    const [lite, full] = modelRatios(runs);
    expect(lite).toEqual({ model: 'lite', runs: 2, fps: 90, cpuMsPerFrame: 11, fpsRatio: 1, cpuRatio: 1 });
    expect(full!.model).toBe('full');
    expect(full!.fps).toBe(50);
    expect(full!.fpsRatio).toBeCloseTo(1.8);
    expect(full!.cpuRatio).toBeCloseTo(17 / 11);
  });
});
