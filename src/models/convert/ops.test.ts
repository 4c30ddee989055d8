import { beforeAll, describe, expect, it } from 'vitest';
import { createOrtSession } from '../../inference/ort/index';
import { loadModel, photoTensor, photos } from '../../../tests/fixtures/models-testing';
import { MODEL_SOURCES } from '../sources';
import type { TfliteModel, TfliteOperator } from '../tflite/model';
import { constantValues } from '../tflite/constants';
import { UnsupportedOperatorError, convertTflite } from './convert';
import { evalOp, type RefTensor } from './reference';

/**
 * Per-operator checks on slices of the real models: the first operator of each kind is exposed (its
 * activation inputs and its output become extra ONNX outputs), ONNX Runtime runs the converted model on a real
 * photo, and the operator is recomputed in TypeScript (reference.ts, NHWC) from the inputs ORT produced.
 */

interface Slice {
  model: TfliteModel;
  op: TfliteOperator;
  fetched: Map<number, RefTensor>;
}

const OPS_BY_MODEL: Record<string, string[]> = {
  pose_detection: ['CONV_2D', 'DEPTHWISE_CONV_2D', 'ADD', 'PAD', 'RESHAPE', 'CONCATENATION', 'RESIZE_BILINEAR', 'DEPTH_TO_SPACE'],
  pose_landmark_lite: ['MAX_POOL_2D', 'LOGISTIC', 'RESIZE_BILINEAR'],
  selfie_segmentation: ['HARD_SWISH', 'RELU', 'AVERAGE_POOL_2D', 'MUL', 'Convolution2DTransposeBias'],
  selfie_segmentation_landscape: ['MEAN'],
  hand_landmark_lite: ['FULLY_CONNECTED'],
};

const slices = new Map<string, Slice>();

beforeAll(async () => {
  const photo = photos(1)[0]!;
  for (const [id, ops] of Object.entries(OPS_BY_MODEL)) {
    const { model } = loadModel(id);
    const src = MODEL_SOURCES.find((s) => s.id === id)!;
    const chosen = ops.map((name) => {
      const op = model.operators.find((o) => o.op === name);
      if (!op) throw new Error(`${id} has no ${name}`);
      return op;
    });
    const exposed = [...new Set(chosen.flatMap((op) => [...op.inputs.filter((i) => i >= 0 && !model.tensors[i]!.data && !isFolded(model, i)), ...op.outputs]))];
    const { onnx, inputs } = convertTflite(model, { label: id, extraOutputs: exposed });
    const shapes = { [inputs[0]!.name]: inputs[0]!.shape };
    const session = await createOrtSession(onnx, shapes, { ep: 'cpu', warmUp: false });
    const [, h, w] = inputs[0]!.shape as [number, number, number, number];
    const x = await photoTensor(photo, w, h, src.normalization.mean, src.normalization.std);
    const result = await session.run({ [inputs[0]!.name]: x }, shapes);
    const fetched = new Map<number, RefTensor>();
    for (const i of exposed) {
      const t = result[`extra_${i}`]!;
      fetched.set(i, { shape: [...t.dims], data: t.data as Float32Array });
    }
    await session.dispose();
    for (const op of chosen) slices.set(`${id}:${op.op}`, { model, op, fetched });
  }
}, 120_000);

/** Tensors produced by DEQUANTIZE / DENSIFY are constants the converter folds; the reference decodes them. */
function isFolded(model: TfliteModel, i: number): boolean {
  return model.operators.some((o) => (o.op === 'DEQUANTIZE' || o.op === 'DENSIFY') && o.outputs.includes(i));
}

function constant(model: TfliteModel, i: number): RefTensor {
  // Follow DEQUANTIZE / DENSIFY chains back to the stored tensor.
  let src = i;
  for (;;) {
    const producer = model.operators.find((o) => o.outputs.includes(src) && (o.op === 'DEQUANTIZE' || o.op === 'DENSIFY'));
    if (!producer) break;
    src = producer.inputs[0]!;
  }
  const c = constantValues(model.tensors[src]!, 'test');
  return { shape: [...model.tensors[i]!.shape], data: c instanceof Float32Array ? c : Float32Array.from(c) };
}

describe('operator conversion (ONNX Runtime vs TypeScript reference, slices of the real models)', () => {
  for (const [id, ops] of Object.entries(OPS_BY_MODEL)) {
    for (const name of ops) {
      it(`${name} (${id})`, () => {
        const { model, op, fetched } = slices.get(`${id}:${name}`)!;
        const inputs = op.inputs.map((i) => (i < 0 ? undefined : (fetched.get(i) ?? constant(model, i))));
        const outIdx = op.outputs[0]!;
        const expected = evalOp(op, inputs, model.tensors[outIdx]!.shape);
        const got = fetched.get(outIdx)!;
        expect(got.shape).toEqual(model.tensors[outIdx]!.shape);
        let maxDiff = 0;
        let maxAbs = 0;
        for (let k = 0; k < expected.data.length; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(expected.data[k]! - got.data[k]!));
          maxAbs = Math.max(maxAbs, Math.abs(expected.data[k]!));
        }
        expect(maxAbs).toBeGreaterThan(0); // a slice of zeros would prove nothing
        expect(maxDiff).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbs));
      });
    }
  }
});

describe('converter errors and determinism', () => {
  it('names the operator and the model when an operator is unknown', () => {
    const model: TfliteModel = {
      version: 3,
      description: '',
      tensors: [
        { index: 0, name: 'x', shape: [1, 4], type: 0 },
        { index: 1, name: 'y', shape: [1, 4], type: 0 },
      ],
      operators: [{ op: 'SQUARED_DIFFERENCE', builtinCode: 99, inputs: [0], outputs: [1] }],
      inputs: [0],
      outputs: [1],
      metadataNames: [],
    };
    expect(() => convertTflite(model, { label: 'tiny' })).toThrow(UnsupportedOperatorError);
    expect(() => convertTflite(model, { label: 'tiny' })).toThrow(/tiny: operator SQUARED_DIFFERENCE is not supported/);
  });

  it('converts a hand-built graph (x + c then RELU) and ORT computes it', async () => {
    const c = new Uint8Array(Float32Array.of(-1, 0.5, 2, -3).buffer);
    const model: TfliteModel = {
      version: 3,
      description: '',
      tensors: [
        { index: 0, name: 'x', shape: [1, 4], type: 0 },
        { index: 1, name: 'c', shape: [4], type: 0, data: c },
        { index: 2, name: 's', shape: [1, 4], type: 0 },
        { index: 3, name: 'y', shape: [1, 4], type: 0 },
      ],
      operators: [
        { op: 'ADD', builtinCode: 0, inputs: [0, 1], outputs: [2] },
        { op: 'RELU', builtinCode: 19, inputs: [2], outputs: [3] },
      ],
      inputs: [0],
      outputs: [3],
      metadataNames: [],
    };
    const s = await createOrtSession(convertTflite(model, { label: 'tiny' }).onnx, { x: [1, 4] }, { ep: 'cpu' });
    const r = await s.run({ x: Float32Array.of(2, -1, -3, 1) }, { x: [1, 4] });
    expect(Array.from(r.y!.data as Float32Array)).toEqual([1, 0, 0, 0]);
  });

  it('writes byte-identical ONNX for the same input', () => {
    const { model } = loadModel('selfie_segmentation');
    const a = convertTflite(model, { label: 'selfie_segmentation' }).onnx;
    const b = convertTflite(model, { label: 'selfie_segmentation' }).onnx;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
