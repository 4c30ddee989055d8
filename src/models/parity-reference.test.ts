import { describe, expect, it } from 'vitest';
import { createOrtSession } from '../inference/ort/index';
import { convertTflite } from './convert/convert';
import { runReference } from './convert/reference';
import { MODEL_SOURCES } from './sources';
import { loadModel, photoTensor, photos } from '../../tests/fixtures/models-testing';

/**
 * Whole-model agreement of the converted ONNX (ONNX Runtime, NCHW) with the TypeScript NHWC reference
 * interpreter on real photos (tolerance 1e-3 of the output's range, at least 1e-3 absolute: the presence
 * score is a single value, whose range is 0). The TFLite-runtime comparison lives in e2e/models-parity.spec.ts.
 */
const PHOTOS = Number(process.env.ATELIER_PARITY_PHOTOS ?? 3);

describe.each(['pose_detection', 'pose_landmark_lite', 'selfie_segmentation', 'selfie_segmentation_landscape'])('%s on real photos', (id) => {
  it(`matches the reference within 1e-3 of each output's range on ${PHOTOS} photos`, async () => {
    const { model } = loadModel(id);
    const src = MODEL_SOURCES.find((s) => s.id === id)!;
    const { onnx, inputs } = convertTflite(model, { label: id });
    const shapes = { [inputs[0]!.name]: inputs[0]!.shape };
    const session = await createOrtSession(onnx, shapes, { ep: 'cpu', warmUp: false });
    const [, h, w] = inputs[0]!.shape as [number, number, number, number];
    for (const photo of photos(PHOTOS)) {
      const x = await photoTensor(photo, w, h, src.normalization.mean, src.normalization.std);
      const ref = runReference(model, x);
      const got = await session.run({ [inputs[0]!.name]: x }, shapes);
      for (const oi of model.outputs) {
        const name = model.tensors[oi]!.name;
        const a = ref.get(oi)!.data;
        const b = got[name]!.data;
        let lo = Infinity;
        let hi = -Infinity;
        let maxDiff = 0;
        for (let k = 0; k < a.length; k++) {
          lo = Math.min(lo, a[k]!);
          hi = Math.max(hi, a[k]!);
          maxDiff = Math.max(maxDiff, Math.abs(a[k]! - b[k]!));
        }
        expect(maxDiff, `${id}/${name} on ${photo}`).toBeLessThanOrEqual(1e-3 * Math.max(hi - lo, 1));
      }
    }
    await session.dispose();
  }, 120_000);
});
