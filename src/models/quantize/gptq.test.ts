import { describe, expect, it } from 'vitest';
import { seededNoise } from '../../../tests/helpers/seeded-noise';
import { cholesky, gptqConvWeights, gptqRound, invertSpd, refineRounding } from './gptq';
import { quantizeWeightsPerChannel, WEIGHT_QMAX } from './int8';

/** d × d second moment of `samples` vectors of length d (row major). */
function moment(x: Float32Array, d: number): Float64Array {
  const n = x.length / d;
  const h = new Float64Array(d * d);
  for (let s = 0; s < n; s++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) h[i * d + j]! += (x[s * d + i]! * x[s * d + j]!) / n;
  return h;
}

/** Mean squared output error ‖(W − Ŵ) x‖² over the samples. */
function outputError(w: Float32Array, q: Int8Array, scales: Float32Array, rows: number, x: Float32Array, d: number): number {
  const n = x.length / d;
  let e = 0;
  for (let s = 0; s < n; s++) {
    for (let r = 0; r < rows; r++) {
      let diff = 0;
      for (let j = 0; j < d; j++) diff += (w[r * d + j]! - q[r * d + j]! * scales[r]!) * x[s * d + j]!;
      e += diff * diff;
    }
  }
  return e / n;
}

describe('GPTQ weight rounding', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const d = 6;
    const h = moment(seededNoise(200 * d, 1), d);
    const inv = invertSpd(h, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += h[i * d + k]! * inv[k * d + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 8);
      }
    }
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });

  it('on correlated inputs, a lower output error than nearest rounding with the same scales', () => {
    // Inputs that share most of their signal (as neighbouring pixels of a feature map do): x_j = common + 0.2 · own.
    const d = 9;
    const n = 500;
    const common = seededNoise(n, 2);
    const own = seededNoise(n * d, 3);
    const x = Float32Array.from({ length: n * d }, (_, i) => common[Math.floor(i / d)]! + 0.2 * own[i]!);
    const rows = 4;
    const w = seededNoise(rows * d, 4);
    const nearest = quantizeWeightsPerChannel(w, rows);
    const gptq = gptqRound(w, rows, d, moment(x, d));
    expect(Array.from(gptq.scales)).toEqual(Array.from(nearest.scales));
    expect(Math.max(...gptq.q.map(Math.abs))).toBeLessThanOrEqual(WEIGHT_QMAX);
    expect(outputError(w, gptq.q, gptq.scales, rows, x, d)).toBeLessThan(0.5 * outputError(w, nearest.q, nearest.scales, rows, x, d));
  });

  it('a depthwise Conv: one curvature per group, each group rounded on its own', () => {
    const d = 9;
    const w = seededNoise(3 * d, 5);
    const hs = [0, 1, 2].map((g) => moment(seededNoise(100 * d, 10 + g), d));
    const all = gptqConvWeights(w, [3, 1, 3, 3], hs);
    const second = gptqRound(w.subarray(d, 2 * d), 1, d, hs[1]!);
    expect(Array.from(all.q.subarray(d, 2 * d))).toEqual(Array.from(second.q));
    expect(() => gptqConvWeights(w, [3, 1, 3, 3], hs.slice(0, 2))).toThrow(/do not split/);
  });

  it('refinement (AdaRound objective, coordinate descent): never raises the output error, lowers nearest and GPTQ rounding, stays in ±WEIGHT_QMAX', () => {
    const d = 9;
    const n = 500;
    const common = seededNoise(n, 6);
    const own = seededNoise(n * d, 7);
    const x = Float32Array.from({ length: n * d }, (_, i) => common[Math.floor(i / d)]! + 0.2 * own[i]!);
    const h = moment(x, d);
    const rows = 8;
    const w = seededNoise(rows * d, 8);
    const nearest = quantizeWeightsPerChannel(w, rows);
    const before = outputError(w, nearest.q, nearest.scales, rows, x, d);
    const q = Int8Array.from(nearest.q);
    expect(refineRounding(w, q, nearest.scales, rows, d, h)).toBeGreaterThan(0);
    expect(outputError(w, q, nearest.scales, rows, x, d)).toBeLessThan(0.5 * before);
    const gptq = gptqRound(w, rows, d, h);
    const gptqError = outputError(w, gptq.q, gptq.scales, rows, x, d);
    const refined = Int8Array.from(gptq.q);
    refineRounding(w, refined, gptq.scales, rows, d, h);
    expect(outputError(w, refined, gptq.scales, rows, x, d)).toBeLessThanOrEqual(gptqError * (1 + 1e-9));
    expect(Math.max(...refined.map(Math.abs))).toBeLessThanOrEqual(WEIGHT_QMAX);
    // Already optimal: nothing to move.
    expect(refineRounding(w, refined, gptq.scales, rows, d, h)).toBe(0);
    expect(() => refineRounding(w, refined, gptq.scales, rows, d + 1, h)).toThrow(/curvature/);
  });
});
