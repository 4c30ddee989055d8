import { describe, expect, it } from 'vitest';
import { createOrtSession } from '../../inference/ort/index';
import { GraphBuilder } from '../onnx/graph';
import { loadModel, photoTensor, photos } from '../../../tests/fixtures/models-testing';
import { convertTflite } from './convert';
import { halfScaleKernels, HALF_SCALE_TAPS, lowerMaskHeadTail, splitMaskHead } from './split-mask-head';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('splitMaskHead', () => {
  it('splits the lite landmark graph into a trunk and a head that together give the whole graph’s outputs', async () => {
    const { model } = loadModel('pose_landmark_lite');
    const whole = convertTflite(model, { label: 'lite' });
    const segmentation = whole.outputs[2]!.name;
    const split = splitMaskHead(whole.onnx, segmentation);
    // The head reads an early (128 px) and a decoder (64 px) feature map of the trunk.
    expect(split.features.length).toBe(2);
    const input = whole.inputs[0]!;
    const shapes = { [input.name]: input.shape };
    const a = await createOrtSession(whole.onnx, shapes, { ep: 'cpu', warmUp: false, threads: 1 });
    const trunk = await createOrtSession(split.trunk, shapes, { ep: 'cpu', warmUp: false, threads: 1 });
    const heads = [
      await createOrtSession(split.head, {}, { ep: 'cpu', warmUp: false, threads: 1 }),
      await createOrtSession(split.head, {}, { ep: 'cpu', warmUp: false, threads: 1, optimizationLevel: 'extended' }),
    ];
    expect(trunk.outputNames).not.toContain(segmentation);
    expect(heads[0]!.outputNames).toEqual([segmentation]);
    for (const photo of photos(2)) {
      const x = await photoTensor(photo, 256, 256, 0, 255);
      const outWhole = await a.run({ [input.name]: x }, shapes);
      const outTrunk = await trunk.run({ [input.name]: x }, shapes);
      // Landmarks, presence, heatmap and world landmarks: the same nodes on the same input, bit for bit.
      for (const o of whole.outputs) if (o.name !== segmentation) expect(outTrunk[o.name]!.data, o.name).toEqual(outWhole[o.name]!.data);
      const features = Object.fromEntries(split.features.map((f) => [f, outTrunk[f]!.data]));
      const featureShapes = Object.fromEntries(split.features.map((f) => [f, outTrunk[f]!.dims]));
      for (const head of heads) {
        const mask = (await head.run(features, featureShapes))[segmentation]!;
        expect(mask.dims).toEqual([1, 256, 256, 1]);
        // The head's own session sums in another order (other kernels, no NCHWc blocks at `extended`): measured
        // 2.2e-4 at worst, within a quarter of the 8-bit mask's step (1/255) that the engine sends.
        let worst = 0;
        const ref = outWhole[segmentation]!.data;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(sigmoid(mask.data[i]!) - sigmoid(ref[i]!)));
        expect(worst).toBeLessThan(1 / 255 / 4);
      }
    }
    for (const s of [a, trunk, ...heads]) await s.dispose();
  });

  it('says so when the output is not there or has no head of its own', () => {
    const g = new GraphBuilder();
    g.input('x', [1, 4]);
    const y = g.node('Relu', ['x']);
    g.rename(y, 'y');
    g.output('y', [1, 4]);
    const z = g.node('Identity', ['y']);
    g.rename(z, 'z');
    g.output('z', [1, 4]);
    const w = g.node('Sigmoid', ['x']);
    g.rename(w, 'w');
    g.output('w', [1, 4]);
    const onnx = g.encode({ name: 't', opset: 17, docString: '', metadata: {} });
    expect(() => splitMaskHead(onnx, 'mask')).toThrow(/no graph output mask to split off/);
    // z's one node reads y, which the trunk computes anyway: a head of one node fed by y.
    expect(splitMaskHead(onnx, 'z').features).toEqual(['y']);
    // y's node is needed by z: nothing of y's own.
    expect(() => splitMaskHead(onnx, 'y')).toThrow(/y has no nodes of its own/);
    // w reads the graph input only: there is no trunk tensor to feed it from.
    expect(() => splitMaskHead(onnx, 'w')).toThrow(/reads nothing from the trunk/);
  });

  it('lowers the head’s 256-px tail to 128 px: a 128 × 128 mask from the same features', async () => {
    const { model } = loadModel('pose_landmark_lite');
    const whole = convertTflite(model, { label: 'lite' });
    const split = splitMaskHead(whole.onnx, whole.outputs[2]!.name);
    const lowered = lowerMaskHeadTail(split.head);
    const input = whole.inputs[0]!;
    const shapes = { [input.name]: input.shape };
    const trunk = await createOrtSession(split.trunk, shapes, { ep: 'cpu', warmUp: false, threads: 1 });
    const head = await createOrtSession(lowered, {}, { ep: 'cpu', warmUp: false, threads: 1, optimizationLevel: 'extended' });
    const x = await photoTensor(photos(1)[0]!, 256, 256, 0, 255);
    const out = await trunk.run({ [input.name]: x }, shapes);
    const features = Object.fromEntries(split.features.map((f) => [f, out[f]!.data]));
    const featureShapes = Object.fromEntries(split.features.map((f) => [f, out[f]!.dims]));
    const mask = Object.values(await head.run(features, featureShapes))[0]!;
    expect(mask.dims).toEqual([1, 128, 128, 1]);
    expect(mask.data.every((v) => Number.isFinite(v))).toBe(true);
    for (const s of [trunk, head]) await s.dispose();
    // Not a mask head (no Resize before its output): a clear error.
    expect(() => lowerMaskHeadTail(split.trunk)).toThrow(/not a mask head/);
  });
});

describe('halfScaleKernels', () => {
  it('keeps a kernel’s sum (a flat map gives what it gave) and turns the 256-px identity into a 128-px blur of one pixel', () => {
    for (let t = 0; t < 3; t++) expect(HALF_SCALE_TAPS.reduce((sum, row) => sum + row[t]!, 0)).toBeCloseTo(1, 12);
    const k = Float32Array.from([0.3, -1, 2, 0.5, 4, -0.25, 1, 0, -2]);
    const sum = (a: Float32Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(halfScaleKernels(k))).toBeCloseTo(sum(k), 5);
    // The identity at 256 px: each 128-px output is the mean of its 2 × 2 block of the bilinear upsampling, whose
    // weights on the pixel and its neighbours are 0.75 and 0.125 per axis.
    const identity = halfScaleKernels(Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]));
    const axis = [0.125, 0.75, 0.125];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(identity[a * 3 + b]).toBeCloseTo(axis[a]! * axis[b]!, 6);
    expect(() => halfScaleKernels(new Float32Array(8))).toThrow(/not 3 × 3/);
  });
});

