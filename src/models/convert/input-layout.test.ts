import { describe, expect, it } from 'vitest';
import { createOrtSession } from '../../inference/ort/index';
import { ModelProto } from '../onnx/proto';
import { MODEL_SOURCES, NO_MASK_VARIANT } from '../sources';
import { loadModel, photoTensor, photos } from '../../../tests/fixtures/models-testing';
import { convertTflite, nhwcToNchw } from './convert';

interface GraphNodes {
  graph: { node: Array<{ opType: string; input: string[] }> };
}
/** The op types of the nodes that read graph input `name`. */
function readersOf(onnx: Uint8Array, name: string): string[] {
  const { graph } = ModelProto.toObject(ModelProto.decode(onnx), { arrays: true }) as GraphNodes;
  return graph.node.filter((n) => n.input.includes(name)).map((n) => n.opType);
}

describe.each(['pose_detection', 'pose_landmark_lite'])('%s with a planar (NCHW) input', (id) => {
  it('starts at its convolution, without the input Transpose, and gives what the NHWC graph gives', async () => {
    const { model } = loadModel(id);
    const src = MODEL_SOURCES.find((s) => s.id === id)!;
    // The shipped graphs are planar: the build must ask for it (sources.ts), or the engine feeds the wrong order.
    expect(src.inputLayout).toBe('nchw');
    const omitOutputs = id === 'pose_landmark_lite' ? NO_MASK_VARIANT.omitOutputs : [];
    const nhwc = convertTflite(model, { label: `${id}_nhwc`, omitOutputs });
    const nchw = convertTflite(model, { label: `${id}_nchw`, omitOutputs, inputLayout: 'nchw' });
    const [n, h, w, c] = nhwc.inputs[0]!.shape as [number, number, number, number];
    const name = nchw.inputs[0]!.name;
    expect(nchw.inputs[0]!.shape).toEqual([n, c, h, w]);
    expect(readersOf(nhwc.onnx, name)).toEqual(['Transpose']);
    expect(readersOf(nchw.onnx, name)).not.toContain('Transpose');
    expect(nchw.outputs).toEqual(nhwc.outputs);

    const shapesA = { [name]: nhwc.inputs[0]!.shape };
    const shapesB = { [name]: nchw.inputs[0]!.shape };
    const a = await createOrtSession(nhwc.onnx, shapesA, { ep: 'cpu', warmUp: false, threads: 1 });
    const b = await createOrtSession(nchw.onnx, shapesB, { ep: 'cpu', warmUp: false, threads: 1 });
    const x = await photoTensor(photos(1)[0]!, w, h, src.normalization.mean, src.normalization.std);
    const outA = await a.run({ [name]: x }, shapesA);
    const outB = await b.run({ [name]: nhwcToNchw(x, [n, h, w, c]) }, shapesB);
    // Same weights, same kernels: the Transpose only moved the bytes the first convolution reads.
    for (const o of nhwc.outputs) expect(outB[o.name]!.data, o.name).toEqual(outA[o.name]!.data);
    await a.dispose();
    await b.dispose();
  }, 60_000);
});
