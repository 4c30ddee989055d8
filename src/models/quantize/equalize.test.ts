import { describe, expect, it } from 'vitest';
import { seededNoise } from '../../../tests/helpers/seeded-noise';
import { createOrtSession } from '../../inference/ort/index';
import { GraphBuilder } from '../onnx/graph';
import { equalizablePairs, equalizeChannels } from './equalize';
import { observedModel, quantizeInt8, type ActivationRange } from './int8';

/**
 * x [1,4,8,8] → Conv 1×1 (8 ch; every odd channel's weights and bias scaled by 1/8, so it spans an eighth of the
 * others' range) → ReLU → depthwise Conv 3×3 (odd channels' weights scaled by 8 back: every output channel matters
 * alike) → ReLU → Conv 1×1 (2 ch) → y. One uint8 grid over the middle tensor gives the odd channels 8× coarser steps.
 */
function unevenModel(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', [1, 4, 8, 8]);
  const small = (c: number) => (c % 2 ? 1 / 8 : 1);
  const w1 = seededNoise(32, 1).map((v, i) => v * small(Math.floor(i / 4)));
  const c1 = g.node('Conv', ['x', g.floatConst('w1', [8, 4, 1, 1], w1), g.floatConst('b1', [8], seededNoise(8, 2).map((v, i) => Math.abs(v) * small(i)))]);
  const r1 = g.node('Relu', [c1]);
  const w2 = seededNoise(72, 3).map((v, i) => v / small(Math.floor(i / 9)));
  const c2 = g.node('Conv', [r1, g.floatConst('w2', [8, 1, 3, 3], w2)], { group: 8, pads: [1, 1, 1, 1] });
  const r2 = g.node('Relu', [c2]);
  const c3 = g.node('Conv', [r2, g.floatConst('w3', [2, 8, 1, 1], seededNoise(16, 4))]);
  const out = g.node('Identity', [c3], {}, 'y_tmp');
  g.rename(out, 'y');
  g.output('y', [1, 2, 8, 8]);
  return g.encode({ name: 'uneven', opset: 17, docString: 'test', metadata: {} });
}

const shapes = { x: [1, 4, 8, 8] };
const inputs = [0, 1, 2, 3].map((s) => seededNoise(256, 30 + s));

async function run(model: Uint8Array, names: readonly string[] = ['y']): Promise<Array<Record<string, Float32Array>>> {
  const s = await createOrtSession(model, shapes, { ep: 'cpu', warmUp: false });
  const out = [];
  for (const x of inputs) {
    const r = await s.run({ x }, shapes);
    out.push(Object.fromEntries(names.map((n) => [n, r[n]!.data])));
  }
  await s.dispose();
  return out;
}

async function ranges(model: Uint8Array): Promise<Map<string, ActivationRange>> {
  const o = observedModel(model);
  const outs = await run(o.onnx, o.tensors);
  return new Map(o.tensors.map((t) => [t, { min: Math.min(...outs.flatMap((r) => Array.from(r[t]!))), max: Math.max(...outs.flatMap((r) => Array.from(r[t]!))) }]));
}

/** Per-channel max |value| of `tensor` over the inputs (NCHW). */
async function amplitudes(model: Uint8Array, tensor: string, channels: number): Promise<Float32Array> {
  const o = observedModel(model);
  const outs = await run(o.onnx, [tensor]);
  const a = new Float32Array(channels);
  for (const r of outs) {
    const d = r[tensor]!;
    const plane = d.length / channels;
    d.forEach((v, i) => (a[Math.floor(i / plane)] = Math.max(a[Math.floor(i / plane)]!, Math.abs(v))));
  }
  return a;
}

const rmsError = (a: readonly Record<string, Float32Array>[], b: readonly Record<string, Float32Array>[]) => {
  let e = 0;
  let n = 0;
  a.forEach((r, i) => r.y!.forEach((v, k) => ((e += (v - b[i]!.y![k]!) ** 2), n++)));
  return Math.sqrt(e / n);
};

describe('cross-layer equalisation', () => {
  const model = unevenModel();

  it('finds the Conv → ReLU → depthwise and depthwise → ReLU → Conv pairs', () => {
    const pairs = equalizablePairs(model);
    expect(pairs.map((p) => p.depthwise)).toEqual([true, false]);
    expect(pairs.every((p) => p.channels === 8)).toBe(true);
  });

  it('computes the same function in float, and its int8 model is closer to the float one', async () => {
    const pairs = equalizablePairs(model);
    const amps = new Map<string, Float32Array>();
    for (const p of pairs) amps.set(p.tensor, await amplitudes(model, p.tensor, p.channels));
    expect(Math.max(...amps.get(pairs[0]!.tensor)!) / Math.min(...amps.get(pairs[0]!.tensor)!)).toBeGreaterThan(4);
    const equalized = equalizeChannels(model, amps, { mixingAlpha: 0.5 });
    const float = await run(model);
    const same = await run(equalized);
    const span = Math.max(...float.flatMap((r) => Array.from(r.y!, Math.abs)));
    expect(rmsError(float, same)).toBeLessThan(1e-5 * span);
    // The small channels now use the tensor's grid: less error after int8 than without equalisation.
    const plain = rmsError(float, await run(quantizeInt8(model, await ranges(model), 'plain')));
    const eq = rmsError(float, await run(quantizeInt8(equalized, await ranges(equalized), 'equalized')));
    expect(eq).toBeLessThan(0.7 * plain); // measured: 0.53 ×
  });
});
