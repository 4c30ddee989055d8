/**
 * Input statistics for error-compensating weight rounding (src/models/quantize/gptq.ts): for each int8 Conv, the
 * second moment H = E[x xᵀ] of its input patches (one d × d matrix per group, d = input channels per group × kernel
 * area), over positions sampled from the calibration crops run through the float model. The model must expose every
 * Conv's data input (src/models/quantize/int8.ts `withOutputs`). This layer only runs models and sums; the rounding is
 * passed in.
 */
import { createOrtSession } from '../ort';
import type { ModelInput } from './mixed-precision';

/** A Conv's geometry as src/models/quantize/int8.ts `quantizedConvs` gives it. */
export interface ConvGeometry {
  node: string;
  input: string;
  weightDims: readonly number[];
  group: number;
  strides: readonly number[];
  pads: readonly number[];
  dilations: readonly number[];
}

/**
 * Output positions sampled per crop and Conv: H has at most 288 × 288 entries in these models (a 1 × 1 Conv over 288
 * channels); 256 positions × 19+ crops give ≥ 4 864 samples, over 16 per dimension, while keeping the sums to seconds.
 */
export const POSITIONS_PER_CROP = 256;

/** Per Conv (node key): one d × d matrix per group, row major, divided by the sample count. */
export type PatchMoments = Map<string, Float64Array[]>;

/** Sums x xᵀ over sampled patches of one NCHW input into `h` (one matrix per group). Exported for tests. */
export function accumulatePatchMoments(conv: ConvGeometry, data: Float32Array, dims: readonly number[], h: Float64Array[], offset: number): number {
  const [, c, height, width] = dims as [number, number, number, number];
  const [, cpg, kh, kw] = conv.weightDims as [number, number, number, number];
  if (cpg * conv.group !== c) throw new Error(`${conv.node}: input has ${c} channels, weights expect ${cpg} × ${conv.group}`);
  const [sh, sw] = conv.strides as [number, number];
  const [dh, dw] = conv.dilations as [number, number];
  const [pt, pl, pb, pr] = conv.pads as [number, number, number, number];
  const oh = Math.floor((height + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((width + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  const d = cpg * kh * kw;
  const positions = oh * ow;
  const step = Math.max(1, Math.floor(positions / POSITIONS_PER_CROP));
  const x = new Float64Array(d);
  let samples = 0;
  for (let p = offset % step; p < positions; p += step) {
    const oy = Math.floor(p / ow);
    const ox = p % ow;
    samples++;
    for (let gi = 0; gi < conv.group; gi++) {
      let k = 0;
      for (let ci = 0; ci < cpg; ci++) {
        const plane = (gi * cpg + ci) * height * width;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - pt + ky * dh;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - pl + kx * dw;
            x[k++] = iy >= 0 && iy < height && ix >= 0 && ix < width ? data[plane + iy * width + ix]! : 0;
          }
        }
      }
      const m = h[gi]!;
      for (let i = 0; i < d; i++) {
        const xi = x[i]!;
        if (xi === 0) continue;
        const row = i * d;
        for (let j = i; j < d; j++) m[row + j]! += xi * x[j]!;
      }
    }
  }
  return samples;
}

/** H of every Conv over the crops (float model with the Conv inputs exposed). One CPU session; borrows everything. */
export async function patchMoments(exposed: Uint8Array, input: ModelInput, crops: readonly Float32Array[], convs: readonly ConvGeometry[], onProgress?: (done: number, total: number) => void): Promise<PatchMoments> {
  if (crops.length === 0) throw new Error('weight rounding needs at least one calibration crop');
  const session = await createOrtSession(exposed, { [input.name]: input.shape }, { ep: 'cpu', warmUp: false });
  const sums: PatchMoments = new Map();
  const counts = new Map<string, number>();
  for (const c of convs) {
    const d = c.weightDims[1]! * c.weightDims[2]! * c.weightDims[3]!;
    sums.set(c.node, Array.from({ length: c.group }, () => new Float64Array(d * d)));
    counts.set(c.node, 0);
  }
  try {
    for (const [i, crop] of crops.entries()) {
      const outs = await session.run({ [input.name]: crop }, { [input.name]: input.shape });
      for (const c of convs) {
        const t = outs[c.input];
        if (!t) throw new Error(`model has no output ${c.input}`);
        counts.set(c.node, counts.get(c.node)! + accumulatePatchMoments(c, t.data, t.dims, sums.get(c.node)!, i * 7919));
      }
      onProgress?.(i + 1, crops.length);
    }
  } finally {
    await session.dispose();
  }
  for (const c of convs) {
    const n = counts.get(c.node)!;
    for (const m of sums.get(c.node)!) {
      const d = Math.round(Math.sqrt(m.length));
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          const v = m[i * d + j]! / n;
          m[i * d + j] = v;
          m[j * d + i] = v;
        }
      }
    }
  }
  return sums;
}
