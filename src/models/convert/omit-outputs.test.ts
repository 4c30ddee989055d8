import { describe, expect, it } from 'vitest';
import { createOrtSession } from '../../inference/ort/index';
import { ModelProto } from '../onnx/proto';
import { NO_MASK_VARIANT } from '../sources';
import { loadModel, photoTensor, photos } from '../../../tests/fixtures/models-testing';
import { convertTflite } from './convert';

const nodeCount = (onnx: Uint8Array): number => (ModelProto.toObject(ModelProto.decode(onnx), { arrays: true }) as { graph: { node: unknown[] } }).graph.node.length;

describe('a landmark graph without its segmentation head (NO_MASK_VARIANT)', () => {
  it('drops the head and gives the same landmarks, presence, heatmap and world landmarks as the whole graph', async () => {
    const { model } = loadModel('pose_landmark_lite');
    const whole = convertTflite(model, { label: 'lite' });
    const pruned = convertTflite(model, { label: 'lite_nomask', omitOutputs: NO_MASK_VARIANT.omitOutputs });
    expect(pruned.outputs.map((o) => o.name)).toEqual(whole.outputs.filter((_, i) => i !== 2).map((o) => o.name));
    // The head is a real share of the graph (its 256 × 256 convolutions and resize), not a single output node.
    expect(nodeCount(pruned.onnx)).toBeLessThan(nodeCount(whole.onnx) - 10);
    const input = whole.inputs[0]!;
    const shapes = { [input.name]: input.shape };
    const a = await createOrtSession(whole.onnx, shapes, { ep: 'cpu', warmUp: false });
    const b = await createOrtSession(pruned.onnx, shapes, { ep: 'cpu', warmUp: false });
    const x = await photoTensor(photos(1)[0]!, 256, 256, 0, 255);
    const outA = await a.run({ [input.name]: x }, shapes);
    const outB = await b.run({ [input.name]: x }, shapes);
    for (const o of pruned.outputs) expect(outB[o.name]!.data, o.name).toEqual(outA[o.name]!.data);
    await a.dispose();
    await b.dispose();
    expect(() => convertTflite(model, { label: 'x', omitOutputs: [9] })).toThrow(/x: no output #9 to omit/);
  });
});
