import { describe, expect, it } from 'vitest';
import { createOrtSession } from '../../inference/ort/index';
import { seededNoise } from '../../../tests/helpers/seeded-noise';
import { GraphBuilder } from '../onnx/graph';
import { ModelProto } from '../onnx/proto';
import {
  activationQuantParams,
  branchKeepFloat,
  nodeCosts,
  observedModel,
  quantizableNodes,
  quantizableTensors,
  quantizeInt8,
  quantizeWeightsPerChannel,
  WEIGHT_QMAX,
  type ActivationRange,
} from './int8';

const noise = seededNoise;

/** Ranges of every observed tensor of `model` over `inputs`, as `atelier models int8` measures them (min/max). */
async function minMaxRanges(model: Uint8Array, shapes: Record<string, number[]>, inputs: Float32Array[]): Promise<Map<string, ActivationRange>> {
  const observed = observedModel(model);
  const probe = await createOrtSession(observed.onnx, shapes, { ep: 'cpu', warmUp: false });
  const ranges = new Map(observed.tensors.map((t) => [t, { min: Infinity, max: -Infinity }]));
  for (const x of inputs) {
    const outs = await probe.run({ x }, shapes);
    for (const [name, r] of ranges) {
      for (const v of outs[name]!.data) {
        r.min = Math.min(r.min, v);
        r.max = Math.max(r.max, v);
      }
    }
  }
  await probe.dispose();
  return ranges;
}

/** x [1,4,8,8] → Conv 3×3 (8 ch) → ReLU6 → Conv 1×1 (8 ch) → Add(with the ReLU6 output) → Conv 1×1 (2 ch) → y. */
function tinyModel(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', [1, 4, 8, 8]);
  const c1 = g.node('Conv', ['x', g.floatConst('w1', [8, 4, 3, 3], noise(8 * 4 * 9, 1)), g.floatConst('b1', [8], noise(8, 2))], { pads: [1, 1, 1, 1] });
  const r = g.node('Clip', [c1, g.floatConst('lo', [], Float32Array.of(0)), g.floatConst('hi', [], Float32Array.of(6))]);
  const c2 = g.node('Conv', [r, g.floatConst('w2', [8, 8, 1, 1], noise(64, 3)), g.floatConst('b2', [8], noise(8, 4))]);
  const sum = g.node('Add', [c2, r]);
  const c3 = g.node('Conv', [sum, g.floatConst('w3', [2, 8, 1, 1], noise(16, 5))]);
  const out = g.node('Identity', [c3], {}, 'y_tmp');
  g.rename(out, 'y');
  g.output('y', [1, 2, 8, 8]);
  return g.encode({ name: 'tiny', opset: 17, docString: 'test', metadata: {} });
}

describe('int8 quantization parameters', () => {
  it('weights: one symmetric scale per output channel, within half a step of the float values', () => {
    const w = Float32Array.from([0.5, -1, 0.25, 0, 100, -50, 25, 1]);
    const { q, scales } = quantizeWeightsPerChannel(w, 2);
    expect(scales[0]).toBeCloseTo(Math.fround(1 / WEIGHT_QMAX), 9);
    expect(scales[1]).toBeCloseTo(100 / WEIGHT_QMAX, 6);
    expect(Math.max(...q.map(Math.abs))).toBe(WEIGHT_QMAX);
    for (let i = 0; i < w.length; i++) expect(Math.abs(q[i]! * scales[i < 4 ? 0 : 1]! - w[i]!)).toBeLessThanOrEqual((scales[i < 4 ? 0 : 1]! / 2) * (1 + 1e-5)) // float32 scales;
    expect(() => quantizeWeightsPerChannel(w, 3)).toThrow(/do not split/);
  });

  it('activations: uint8 over the observed range widened to include an exact zero', () => {
    expect(activationQuantParams({ min: 0, max: 6 })).toEqual({ scale: 6 / 255, zeroPoint: 0 });
    const p = activationQuantParams({ min: -1, max: 3 });
    expect(p.scale).toBeCloseTo(4 / 255, 9);
    expect(p.zeroPoint).toBe(64);
    expect(activationQuantParams({ min: 2, max: 5 }).zeroPoint).toBe(0); // widened down to 0
    expect(activationQuantParams({ min: 0, max: 0 })).toEqual({ scale: 1, zeroPoint: 0 });
  });
});

describe('quantizeInt8 on a small graph', () => {
  const model = tinyModel();
  const shapes = { x: [1, 4, 8, 8] };
  const inputs = [0, 1, 2].map((s) => Float32Array.from(noise(256, 10 + s), (v) => 2 * v));

  it('quantizes the Conv and Add activations after the ReLU6, and leaves the tensor feeding the output float', () => {
    const t = quantizableTensors(model);
    expect(t).toContain('x');
    expect(t.some((n) => n.startsWith('clip'))).toBe(true);
    expect(t.some((n) => n.startsWith('add'))).toBe(true);
    expect(t).not.toContain('y');
    expect(t.filter((n) => n.startsWith('conv'))).toEqual([expect.stringMatching(/^conv/)]); // only the middle Conv's output (before Add)
  });

  it('runs in ONNX Runtime close to the float model, and refuses a tensor without a calibration range', async () => {
    const ranges = await minMaxRanges(model, shapes, inputs);
    const q = quantizeInt8(model, ranges, 'tiny');
    const float = await createOrtSession(model, shapes, { ep: 'cpu', warmUp: false });
    const int8 = await createOrtSession(q, shapes, { ep: 'cpu', warmUp: false });
    let worst = 0;
    let span = 0;
    for (const x of inputs) {
      const a = (await float.run({ x }, shapes)).y!.data;
      const b = (await int8.run({ x }, shapes)).y!.data;
      for (let i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
        span = Math.max(span, Math.abs(a[i]!));
      }
    }
    await float.dispose();
    await int8.dispose();
    // A few 8-bit steps through three layers: within 5 % of the output's range, and not identical (it did quantize).
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.05 * span);
    ranges.delete(observedModel(model).tensors[0]!);
    expect(() => quantizeInt8(model, ranges, 'tiny')).toThrow(/tiny: no calibration range for tensor/);
  });
});

interface Decoded {
  graph: {
    node: Array<{ opType: string; name: string; input: string[]; output: string[]; attribute?: Array<{ name: string; ints?: number[] }> }>;
    initializer: Array<{ name: string; dataType: number }>;
  };
}
const decoded = (bytes: Uint8Array) => ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, arrays: true }) as unknown as Decoded;

/**
 * x [1,4,8,8] → Pad (bottom/right by 1, as TFLite's SAME padding of a stride-2 conv) → Conv 3×3 stride 2 (8 ch;
 * channel 0's bias −1000, so it is always 0 after the ReLU6) → ReLU6 → MaxPool 2×2 → Conv 1×1 (4 ch; every weight on
 * that always-zero channel is 1000) → ReLU6 → Conv 1×1 (2 ch) → y [1,2,2,2].
 */
function paddedModel(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', [1, 4, 8, 8]);
  const relu6 = (t: string) => g.node('Clip', [t, g.floatConst('lo', [], Float32Array.of(0)), g.floatConst('hi', [], Float32Array.of(6))]);
  const p = g.node('Pad', ['x', g.int64Const('pads', [0, 0, 0, 0, 0, 0, 1, 1])]);
  const b1 = noise(8, 8).map((v, i) => (i === 0 ? -1000 : v));
  const c1 = g.node('Conv', [p, g.floatConst('w1', [8, 4, 3, 3], noise(8 * 4 * 9, 7)), g.floatConst('b1', [8], b1)], { strides: [2, 2] });
  const m = g.node('MaxPool', [relu6(c1)], { kernel_shape: [2, 2], strides: [2, 2] });
  const w2 = noise(32, 9).map((v, i) => (i % 8 === 0 ? 1000 : v));
  const c2 = g.node('Conv', [m, g.floatConst('w2', [4, 8, 1, 1], w2), g.floatConst('b2', [4], noise(4, 10))]);
  const c3 = g.node('Conv', [relu6(c2), g.floatConst('w3', [2, 4, 1, 1], noise(8, 11))]);
  const out = g.node('Identity', [c3], {}, 'y_tmp');
  g.rename(out, 'y');
  g.output('y', [1, 2, 2, 2]);
  return g.encode({ name: 'padded', opset: 17, docString: 'test', metadata: {} });
}

describe('quantizeInt8: padding, range-preserving ops, mixed precision', () => {
  const model = paddedModel();
  const shapes = { x: [1, 4, 8, 8] };
  const inputs = [0, 1, 2, 3].map((s) => Float32Array.from(noise(256, 20 + s), (v) => 3 * v));

  async function outputs(bytes: Uint8Array): Promise<Float32Array[]> {
    const s = await createOrtSession(bytes, shapes, { ep: 'cpu', warmUp: false });
    const out: Float32Array[] = [];
    for (const x of inputs) out.push((await s.run({ x }, shapes)).y!.data);
    await s.dispose();
    return out;
  }

  it('folds the zero Pad into the Conv (no Pad left, the Conv pads bottom/right by one) and runs MaxPool on the Conv\'s scale', async () => {
    const ranges = await minMaxRanges(model, shapes, inputs);
    const q = decoded(quantizeInt8(model, ranges, 'padded'));
    expect(q.graph.node.some((n) => n.opType === 'Pad')).toBe(false);
    const conv = q.graph.node.find((n) => n.opType === 'Conv')!;
    expect(conv.attribute?.find((a) => a.name === 'pads')?.ints).toEqual([0, 0, 1, 1]);
    const pool = q.graph.node.find((n) => n.opType === 'MaxPool')!;
    const qIn = q.graph.node.find((n) => n.opType === 'QuantizeLinear' && n.output[0] === `${pool.input[0]!.replace(/__dq$/, '')}__q`)!;
    const qOut = q.graph.node.find((n) => n.opType === 'QuantizeLinear' && n.input[0] === pool.output[0])!;
    expect(qOut.input.slice(1)).toEqual(qIn.input.slice(1)); // same scale and zero point: ORT runs the pool on uint8
  });

  it('keeps the nodes named in keepFloat float, with their float weights, also after ORT optimises the graph', async () => {
    const nodes = quantizableNodes(model);
    expect(nodes).toHaveLength(3);
    const ranges = await minMaxRanges(model, shapes, inputs);
    const float = await outputs(model);
    const allFloat = quantizeInt8(model, ranges, 'padded', { keepFloat: new Set(nodes) });
    expect(decoded(allFloat).graph.node.some((n) => n.opType === 'QuantizeLinear')).toBe(false);
    expect(await outputs(allFloat)).toEqual(float); // all kept float: the float graph, Pad folded exactly

    // The middle Conv kept float between two int8 ones: it reads a DequantizeLinear and feeds a QuantizeLinear, where
    // ORT's WeightBiasQuantization would quantize its weights on its own. Its 1000s (on an always-zero input) would
    // round every other weight to 0; kept float, the output follows the float model within the 8-bit error.
    const mixedBytes = quantizeInt8(model, ranges, 'padded', { keepFloat: new Set([nodes[1]!]) });
    const mixed = decoded(mixedBytes);
    expect(mixed.graph.initializer.some((t) => t.name === 'w2' && t.dataType === 1)).toBe(true);
    expect(mixed.graph.initializer.some((t) => t.name === 'w1__int8')).toBe(true);
    expect(mixed.graph.initializer.some((t) => t.name === 'w3__int8')).toBe(true);
    const got = await outputs(mixedBytes);
    const span = Math.max(...float.flatMap((a) => Array.from(a, Math.abs)));
    expect(span).toBeGreaterThan(0);
    for (let i = 0; i < inputs.length; i++) got[i]!.forEach((v, k) => expect(Math.abs(v - float[i]![k]!)).toBeLessThan(0.05 * span));
  });

  it('costs: weights per output channel × output elements for a Conv', async () => {
    const observed = observedModel(model);
    const probe = await createOrtSession(observed.onnx, shapes, { ep: 'cpu', warmUp: false });
    const outs = await probe.run({ x: inputs[0]! }, shapes);
    await probe.dispose();
    const costs = nodeCosts(model, (t) => outs[t]?.data.length);
    const [c1, c2, c3] = quantizableNodes(model);
    expect(costs.get(c1!)).toBe(4 * 3 * 3 * (8 * 4 * 4)); // 36 weights per output, 8 × 4 × 4 outputs
    expect(costs.get(c2!)).toBe(8 * (4 * 2 * 2));
    expect(costs.get(c3!)).toBe(4 * (2 * 2 * 2)); // a head (output not observed): sized from its input
  });
});

/**
 * A landmark model's shape in small: image (NHWC) → Transpose → stem Conv → ReLU6 → depthwise Conv → ReLU6 → trunk
 * Conv → ReLU6 (the branch point) → a heatmap head (`heat`) and a regression branch (Conv → ReLU6 → Add with the branch
 * point → Conv → `reg`), the trunk also reaching `reg` directly through a second Add.
 */
function twoHeadedModel(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', [1, 8, 8, 3]);
  const t = g.node('Transpose', ['x'], { perm: [0, 3, 1, 2] });
  const relu6 = (y: string, k: string) => g.node('Clip', [y, g.floatConst(`lo${k}`, [], Float32Array.of(0)), g.floatConst(`hi${k}`, [], Float32Array.of(6))]);
  const stem = relu6(g.node('Conv', [t, g.floatConst('ws', [4, 3, 3, 3], noise(108, 1))], { pads: [1, 1, 1, 1] }), 's');
  const dw = relu6(g.node('Conv', [stem, g.floatConst('wd', [4, 1, 3, 3], noise(36, 2))], { pads: [1, 1, 1, 1], group: 4 }), 'd');
  const trunk = relu6(g.node('Conv', [dw, g.floatConst('wt', [4, 4, 1, 1], noise(16, 3))]), 't');
  const heat = g.node('Conv', [trunk, g.floatConst('wh', [2, 4, 1, 1], noise(8, 4))]);
  const r1 = relu6(g.node('Conv', [trunk, g.floatConst('wr1', [4, 4, 1, 1], noise(16, 5))]), 'r');
  const sum = g.node('Add', [r1, trunk]);
  const reg = g.node('Conv', [sum, g.floatConst('wr2', [2, 4, 1, 1], noise(8, 6))]);
  g.rename(g.node('Identity', [heat]), 'heat');
  g.rename(g.node('Identity', [reg]), 'reg');
  g.output('heat', [1, 2, 8, 8]);
  g.output('reg', [1, 2, 8, 8]);
  return g.encode({ name: 'two-headed', opset: 17, docString: 'test', metadata: {} });
}

describe('branchKeepFloat', () => {
  const model = twoHeadedModel();
  const [stem, dw, trunk, heat, r1, add, reg] = quantizableNodes(model);

  it('keeps the stem Conv, its depthwise Conv and the nodes that reach only the regression output float', () => {
    expect(quantizableNodes(model)).toHaveLength(7);
    expect(branchKeepFloat(model, 'heat')).toEqual([stem, dw, r1, add, reg]);
    // The trunk and the heatmap head stay int8: the trunk reaches both outputs.
    expect(branchKeepFloat(model, 'heat')).not.toContain(trunk);
    expect(branchKeepFloat(model, 'heat')).not.toContain(heat);
  });

  it('names the other head when asked for it, and rejects a tensor that is no output', () => {
    expect(branchKeepFloat(model, 'reg')).toEqual([stem, dw, heat]);
    expect(() => branchKeepFloat(model, 'trunk')).toThrow(/not an output/);
  });

  it('gives a model whose int8 rest still runs, with the kept nodes\' weights float', async () => {
    const keepFloat = new Set(branchKeepFloat(model, 'heat'));
    const ranges = new Map(observedModel(model, { keepFloat }).tensors.map((t) => [t, { min: -8, max: 8 }]));
    const q = ModelProto.decode(quantizeInt8(model, ranges, 'branches', { keepFloat })) as unknown as { graph: { initializer: Array<{ name: string }> } };
    const names = q.graph.initializer.map((t) => t.name);
    for (const w of ['ws', 'wd', 'wr1', 'wr2']) expect(names).toContain(w);
    for (const w of ['wt__int8', 'wh__int8']) expect(names).toContain(w);
    const session = await createOrtSession(quantizeInt8(model, ranges, 'branches', { keepFloat }), { x: [1, 8, 8, 3] }, { ep: 'cpu', warmUp: false });
    const out = await session.run({ x: Float32Array.from(noise(192, 9), Math.abs) }, { x: [1, 8, 8, 3] });
    await session.dispose();
    expect(out.reg!.data.every(Number.isFinite)).toBe(true);
  });
});
