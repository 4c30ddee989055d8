import { describe, expect, it } from 'vitest';
import { seededNoise } from '../../../tests/helpers/seeded-noise';
import { GraphBuilder } from '../../models/onnx/graph';
import { observedModel, quantizedConvs, quantizeInt8, WEIGHT_QMAX, withOutputs, type ActivationRange } from '../../models/quantize/int8';
import { createOrtSession } from '../ort';
import { correctBiases } from './bias-correction';
import { accumulatePatchMoments } from './weight-rounding';

/**
 * x [1,16,4,4] in [0, 1) → Conv 1×1 (4 ch) → y. Each output channel has one weight 1 and fifteen of ¾ of the channel's
 * int8 step (1/WEIGHT_QMAX ≈ 0.016): the small ones all round up to one step, + ¼ step (≈ 0.004) each — an error that
 * does not average out, it shifts every output by ≈ 0.03 on these positive inputs.
 */
function shiftedModel(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', [1, 16, 4, 4]);
  const w = Float32Array.from({ length: 64 }, (_, i) => (i % 16 === Math.floor(i / 16) ? 1 : 0.75 / WEIGHT_QMAX));
  const c = g.node('Conv', ['x', g.floatConst('w', [4, 16, 1, 1], w), g.floatConst('b', [4], new Float32Array(4))]);
  const out = g.node('Identity', [c], {}, 'y_tmp');
  g.rename(out, 'y');
  g.output('y', [1, 4, 4, 4]);
  return g.encode({ name: 'shifted', opset: 17, docString: 'test', metadata: {} });
}

describe('bias correction', () => {
  const model = shiftedModel();
  const input = { name: 'x', shape: [1, 16, 4, 4] };
  const positive = (seed: number) => Float32Array.from(seededNoise(256, seed), (v) => (v + 1) / 2);
  const calibration = [1, 2, 3, 4].map(positive);
  const held = [5, 6, 7, 8].map(positive);

  async function meanError(q: Uint8Array): Promise<number> {
    const shapes = { x: input.shape };
    const a = await createOrtSession(model, shapes, { ep: 'cpu', warmUp: false });
    const b = await createOrtSession(q, shapes, { ep: 'cpu', warmUp: false });
    let sum = 0;
    let n = 0;
    for (const x of held) {
      const ya = (await a.run({ x }, shapes)).y!.data;
      const yb = (await b.run({ x }, shapes)).y!.data;
      ya.forEach((v, i) => ((sum += yb[i]! - v), n++));
    }
    await a.dispose();
    await b.dispose();
    return sum / n;
  }

  it('removes the mean output error that int8 rounding adds (on inputs it was not measured on)', async () => {
    const ranges = new Map<string, ActivationRange>(observedModel(model).tensors.map((t) => [t, { min: 0, max: 1 }]));
    const convs = quantizedConvs(model);
    expect(convs.map((c) => c.channels)).toEqual([4]);
    const before = await meanError(quantizeInt8(model, ranges, 'shifted'));
    expect(before).toBeGreaterThan(0.02);
    const biasShift = await correctBiases({
      float: model,
      input,
      crops: calibration,
      convs,
      quantize: (shift) => quantizeInt8(model, ranges, 'shifted', { biasShift: shift }),
      expose: withOutputs,
    });
    const after = await meanError(quantizeInt8(model, ranges, 'shifted', { biasShift }));
    expect(Math.abs(after)).toBeLessThan(0.1 * before);
  });
});

describe('patch moments for weight rounding', () => {
  it('sums x xᵀ of every 3 × 3 patch (zero padding included), per depthwise group', () => {
    const data = seededNoise(2 * 4 * 4, 9);
    const conv = { node: 'dw', input: 'x', weightDims: [2, 1, 3, 3], group: 2, strides: [1, 1], pads: [1, 1, 1, 1], dilations: [1, 1] };
    const h = [new Float64Array(81), new Float64Array(81)];
    expect(accumulatePatchMoments(conv, data, [1, 2, 4, 4], h, 0)).toBe(16);
    // Direct: channel 1, the patch around (row 2, col 1).
    const patch = (c: number, y: number, x: number) =>
      Array.from({ length: 9 }, (_, k) => {
        const iy = y - 1 + Math.floor(k / 3);
        const ix = x - 1 + (k % 3);
        return iy >= 0 && iy < 4 && ix >= 0 && ix < 4 ? data[c * 16 + iy * 4 + ix]! : 0;
      });
    const want = new Float64Array(81);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) {
      const p = patch(1, y, x);
      for (let i = 0; i < 9; i++) for (let j = i; j < 9; j++) want[i * 9 + j]! += p[i]! * p[j]!;
    }
    for (let i = 0; i < 9; i++) for (let j = i; j < 9; j++) expect(h[1]![i * 9 + j]).toBeCloseTo(want[i * 9 + j]!, 6);
    expect(h[0]![0]).not.toBeCloseTo(h[1]![0]!, 6); // the groups are kept apart
  });
});
