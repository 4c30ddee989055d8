import { describe, expect, it } from 'vitest';
import type { NormalizedLandmark } from '../../shared/pose';
import { MIN_INT8_SPEEDUP, resolvePrecision } from '../pose-models-ort';
import { GATE_MAX_ERROR, GATE_MEDIAN_ERROR, judgeGate, landmarkError } from './gate';

const lm = (x: number, y: number, visibility = 1): NormalizedLandmark => ({ x, y, z: 0, visibility, presence: 1 });

describe('landmarkError', () => {
  it('is the mean distance over the visible landmarks divided by their bounding box diagonal, in pixels', () => {
    // Visible box 0..0.3 × 0..0.4 of a 100 × 100 image: 30 × 40 px, diagonal 50 px.
    const ref = [lm(0, 0), lm(0.3, 0.4), lm(0.9, 0.9, 0.1)];
    const test = [lm(0.05, 0, 1), lm(0.3, 0.4), lm(0.1, 0.1)];
    // 5 px off on one of two visible landmarks: (5 + 0) / 2 / 50; the invisible one does not count.
    expect(landmarkError(ref, test, 100, 100)).toBeCloseTo(0.05, 9);
  });
});

describe('judgeGate', () => {
  const photo = (error: number | null, decisionDiffers = false) => ({ file: 'x.jpg', error, decisionDiffers });

  it('passes on a small median, no bad photo and the same detect decisions', () => {
    const g = judgeGate([photo(0.001), photo(0.002), photo(0.004), photo(null)]);
    expect(g).toMatchObject({ passed: true, photos: 4, medianError: 0.002, maxError: 0.004, decisionsDiffer: 0 });
  });

  it('fails on each of the three conditions', () => {
    expect(judgeGate([photo(GATE_MEDIAN_ERROR * 1.2), photo(GATE_MEDIAN_ERROR * 1.2)]).passed).toBe(false);
    expect(judgeGate([photo(0.001), photo(0.001), photo(GATE_MAX_ERROR * 1.1)]).passed).toBe(false);
    expect(judgeGate([photo(0.001), photo(null, true)]).passed).toBe(false);
  });
});

describe('resolvePrecision', () => {
  const built = (gatePassed: boolean | null, fp16 = false, cpuSpeedup = 1.5) => (suffix: string) =>
    suffix === '_int8' && gatePassed !== null ? { gate: { passed: gatePassed }, cpuSpeedup } : suffix === '_fp16' && fp16 ? {} : undefined;

  it('auto: int8 on CPU only when its gate passed and it is faster, fp16 on a GPU only when built, fp32 otherwise', () => {
    expect(resolvePrecision('auto', 'cpu', built(true), () => false)).toBe('int8');
    expect(resolvePrecision('auto', 'cpu', built(true, false, MIN_INT8_SPEEDUP * 0.9), () => false)).toBe('fp32');
    expect(resolvePrecision('auto', 'cpu', built(false), () => false)).toBe('fp32');
    expect(resolvePrecision('auto', 'cpu', built(null), () => false)).toBe('fp32');
    expect(resolvePrecision('auto', 'auto', built(true), () => true)).toBe('fp32');
    expect(resolvePrecision('auto', 'auto', built(true, true), () => true)).toBe('fp16');
  });

  it('an explicit choice is honoured, or refused in one line when that model was not built', () => {
    expect(resolvePrecision('int8', 'cpu', built(false), () => false)).toBe('int8');
    expect(resolvePrecision('fp32', 'cpu', built(null), () => false)).toBe('fp32');
    expect(() => resolvePrecision('int8', 'cpu', built(null), () => false)).toThrow(/no int8 landmark model.*atelier models int8/);
    expect(() => resolvePrecision('fp16', 'cpu', built(true), () => false)).toThrow(/no fp16 landmark model.*not built/);
  });
});
