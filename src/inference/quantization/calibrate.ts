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
 * How a tensor's quantization range is chosen from what the crops showed: `minmax` covers every value seen; `mse`
 * narrows it to the range whose 8-bit grid gives the least
 * mean squared error over all values seen, clipping included — rare outliers no longer coarsen the grid for the
 * rest (each end shrinks on its own, zero stays inside); `percentile` clips the rarest {@link PERCENTILE_TAIL} of values at each end.
 */
export type RangeMethod = 'minmax' | 'mse' | 'percentile';

/** Fraction of values `percentile` lets clip at each end (1 in 10 000, a common choice in TensorRT and ORT). */
export const PERCENTILE_TAIL = 1e-4;
/** Histogram bins per tensor: 2048 bins over a tensor's range are 8× finer than its 256-level grid. */
const HISTOGRAM_BINS = 2048;
/** Shrink factors `mse` tries for each end of the range, 1 (min/max) down to 0.2 in steps of 0.04. */
const MSE_SHRINK_STEPS = Array.from({ length: 21 }, (_, i) => 1 - 0.04 * i);
const UINT8_LEVELS = 255;

/** Histogram of one tensor's values over [lo, hi]. */
interface Histogram {
  lo: number;
  hi: number;
  counts: Float64Array;
}

/** Mean squared error of quantizing the histogrammed values onto the 256-level grid over [lo, hi] (clipping included). */
export function quantizationMse(h: Histogram, lo: number, hi: number): number {
  const step = (hi - lo) / UINT8_LEVELS;
  const binW = (h.hi - h.lo) / h.counts.length;
  let err = 0;
  let n = 0;
  for (let b = 0; b < h.counts.length; b++) {
    const c = h.counts[b]!;
    if (c === 0) continue;
    const v = h.lo + (b + 0.5) * binW;
    const clipped = v < lo ? lo : v > hi ? hi : v;
    err += c * ((v - clipped) ** 2 + (step * step) / 12);
    n += c;
  }
  return n > 0 ? err / n : 0;
}

/** The range `method` picks from a histogram (see {@link RangeMethod}). */
export function chooseRange(h: Histogram, method: RangeMethod): TensorRange {
  const lo0 = Math.min(0, h.lo);
  const hi0 = Math.max(0, h.hi);
  if (method === 'minmax' || !(hi0 > lo0)) return { min: h.lo, max: h.hi };
  if (method === 'mse') {
    let best = { min: lo0, max: hi0 };
    let bestErr = Infinity;
    for (const a of lo0 < 0 ? MSE_SHRINK_STEPS : [1]) {
      for (const b of MSE_SHRINK_STEPS) {
        const e = quantizationMse(h, lo0 * a, hi0 * b);
        if (e < bestErr) {
          bestErr = e;
          best = { min: lo0 * a, max: hi0 * b };
        }
      }
    }
    return best;
  }
  const total = h.counts.reduce((a, b) => a + b, 0);
  const binW = (h.hi - h.lo) / h.counts.length;
  let acc = 0;
  let lo = h.lo;
  for (let b = 0; b < h.counts.length; b++) {
    acc += h.counts[b]!;
    if (acc > total * PERCENTILE_TAIL) {
      lo = h.lo + b * binW;
      break;
    }
  }
  acc = 0;
  let hi = h.hi;
  for (let b = h.counts.length - 1; b >= 0; b--) {
    acc += h.counts[b]!;
    if (acc > total * PERCENTILE_TAIL) {
      hi = h.lo + (b + 1) * binW;
      break;
    }
  }
  return { min: lo, max: hi };
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
  method: RangeMethod = 'minmax',
): Promise<Map<string, TensorRange>> {
  if (crops.length === 0) throw new Error('calibration needs at least one crop with a person');
  const session = await createOrtSession(observed, { [input.name]: input.shape }, { ep: 'cpu', warmUp: false });
  const ranges = new Map<string, TensorRange>(tensors.map((t) => [t, { min: Infinity, max: -Infinity }]));
  try {
    await observeMinMax(session, input, ranges, crops);
    if (method === 'minmax') return ranges;
    // Second pass: a histogram per tensor over its [min, max], then the range each method picks from it.
    const histograms = new Map<string, Histogram>([...ranges].map(([t, r]) => [t, { lo: r.min, hi: r.max, counts: new Float64Array(HISTOGRAM_BINS) }]));
    for (const crop of crops) {
      const outs = await session.run({ [input.name]: crop }, { [input.name]: input.shape });
      for (const [name, h] of histograms) {
        const d = outs[name]!.data;
        const k = h.hi > h.lo ? HISTOGRAM_BINS / (h.hi - h.lo) : 0;
        for (let i = 0; i < d.length; i++) h.counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((d[i]! - h.lo) * k))]!++;
      }
    }
    return new Map([...histograms].map(([t, h]) => [t, chooseRange(h, method)]));
  } finally {
    await session.dispose();
  }
}

/** Element count of each of `tensors` for one input (from one run of `observed`). Borrows everything. */
export async function tensorElements(
  observed: Uint8Array,
  input: { name: string; shape: readonly number[] },
  tensors: readonly string[],
  crop: Float32Array,
): Promise<Map<string, number>> {
  const session = await createOrtSession(observed, { [input.name]: input.shape }, { ep: 'cpu', warmUp: false });
  try {
    const outs = await session.run({ [input.name]: crop }, { [input.name]: input.shape });
    return new Map(tensors.flatMap((t) => (outs[t] ? [[t, outs[t].data.length] as const] : [])));
  } finally {
    await session.dispose();
  }
}

async function observeMinMax(
  session: Awaited<ReturnType<typeof createOrtSession>>,
  input: { name: string; shape: readonly number[] },
  ranges: Map<string, TensorRange>,
  crops: readonly Float32Array[],
): Promise<void> {
  {
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
  }
}
