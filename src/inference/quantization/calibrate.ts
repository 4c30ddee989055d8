/**
 * Calibration for static int8 quantization: the landmark model's real inputs (256 × 256 ROI crops of people, cut by
 * the tracker from video frames exactly as at run time) and the value range each activation tensor takes on them.
 */
import { createOrtSession } from '../ort';
import type { PoseModels } from '../pipeline/pose-models';
import type { RgbaFrame } from '../pipeline/types';
import { PoseTracker } from '../tracker';

/** Observed [min, max] of one tensor. */
export interface TensorRange {
  min: number;
  max: number;
}

/**
 * Runs the tracker (static-image mode: the detector finds the person on every frame) over `frames` and returns a copy of
 * every landmark-model input it made, in the models' input layout. Frames are borrowed.
 */
export async function collectLandmarkCrops(models: PoseModels, frames: AsyncIterable<RgbaFrame> | Iterable<RgbaFrame>): Promise<Float32Array[]> {
  const crops: Float32Array[] = [];
  const recording: PoseModels = {
    inputLayout: models.inputLayout,
    provider: models.provider,
    detect: (input) => models.detect(input),
    landmarks: (input, want) => {
      crops.push(input.slice());
      return models.landmarks(input, want);
    },
  };
  const tracker = new PoseTracker(recording, { mode: 'static', segmentation: false, subject: 'mirror' });
  for await (const frame of frames) await tracker.process(frame);
  return crops;
}

/**
 * Min and max of each of `tensors` over the crops, from `observed` (a model exposing those tensors as outputs, see
 * src/models/quantize/int8.ts `observedModel`). Borrows everything; one session, released before returning.
 */
export async function observeRanges(
  observed: Uint8Array,
  input: { name: string; shape: readonly number[] },
  tensors: readonly string[],
  crops: readonly Float32Array[],
): Promise<Map<string, TensorRange>> {
  if (crops.length === 0) throw new Error('calibration needs at least one crop with a person');
  const session = await createOrtSession(observed, { [input.name]: input.shape }, { ep: 'cpu', warmUp: false });
  const ranges = new Map<string, TensorRange>(tensors.map((t) => [t, { min: Infinity, max: -Infinity }]));
  try {
    for (const crop of crops) {
      const outs = await session.run({ [input.name]: crop }, { [input.name]: input.shape });
      for (const [name, r] of ranges) {
        const t = outs[name];
        if (!t) throw new Error(`observed model has no output ${name}`);
        const d = t.data;
        let lo = r.min;
        let hi = r.max;
        for (let i = 0; i < d.length; i++) {
          const x = d[i]!;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
        r.min = lo;
        r.max = hi;
      }
    }
  } finally {
    await session.dispose();
  }
  return ranges;
}
