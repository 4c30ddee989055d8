import { describe, expect, it } from 'vitest';
import { LowPassFilter } from './low-pass';

describe('LowPassFilter', () => {
  it('passes the first value through, then takes alpha of each new one', () => {
    const f = new LowPassFilter(0.25);
    expect(f.apply(8)).toBe(8);
    expect(f.apply(0)).toBe(6);
    expect(f.apply(0)).toBe(4.5);
    // A value held converges on it: after n frames the gap is (1 − alpha)^n of the step.
    let y = 0;
    for (let k = 0; k < 10; k++) y = f.apply(10);
    expect(10 - y).toBeCloseTo((10 - 4.5) * 0.75 ** 10, 9);
  });

  it('remembers the last raw value', () => {
    const f = new LowPassFilter(0.5);
    expect(f.hasLastRawValue).toBe(false);
    f.apply(2);
    expect(f.apply(4)).toBe(3);
    expect(f.lastRawValue).toBe(4);
  });

  it('starts again after a reset: the next value passes through', () => {
    const f = new LowPassFilter(0.1);
    f.apply(1);
    f.apply(2);
    f.reset();
    expect(f.hasLastRawValue).toBe(false);
    expect(f.apply(5)).toBe(5);
    expect(f.apply(6)).toBeCloseTo(5.1, 12);
  });

  it('alpha 1 (the default) does not smooth; applyWithAlpha overrides it for one value', () => {
    const f = new LowPassFilter();
    f.apply(1);
    expect(f.apply(3)).toBe(3);
    expect(f.applyWithAlpha(5, 0.5)).toBe(4);
  });
});
