/**
 * Cross-layer equalisation (Nagel et al. 2019, "Data-Free Quantization Through Weight Equalization and Bias
 * Correction", §4.1), activation form. In MobileNet-like nets one tensor's channels can differ in range by orders of
 * magnitude (pose_landmark_full's first depthwise conv has per-channel weight maxima 0.04 … 500): one uint8 grid per
 * tensor then rounds the small channels to a few levels, and the next layer multiplies that rounding error by its large
 * weights (measured: 41.9 dB signal-to-quantization-noise after the first conv, 18.5 dB after the second).
 *
 * For a Conv P whose output reaches exactly one Conv C, directly or through a ReLU / ReLU6 (positively homogeneous up
 * to its upper clip, see {@link equalizeChannels}), scaling P's output channel i (weights and bias) by s_i > 0 and C's
 * weights that read channel i by 1 / s_i computes the same function. Choosing s_i so that every channel spans the
 * tensor's range makes the per-tensor grid fine for all of them. Where C is depthwise, its per-output-channel weight
 * scale absorbs the 1 / s_i for free; where C mixes channels, shrinking some of its weights coarsens its per-channel
 * weight grid for them, so the scale is split between the two (an exponent, {@link EqualizeOptions}).
 */
import { attr, decode, encode, f32, floatValues, raw, type OnnxGraph, type OnnxNode } from './int8';

/** One producer → consumer pair and the tensor between them (after the activation, if any). */
export interface EqualizablePair {
  producer: string;
  consumer: string;
  /** The tensor C reads: P's output, or its activation's. Its per-channel amplitudes choose the scales. */
  tensor: string;
  channels: number;
  /** C is depthwise (one input channel per group): it takes any scale at no cost. */
  depthwise: boolean;
}

export interface EqualizeOptions {
  /**
   * Exponent of the scale where C mixes channels: s_i = (R / a_i)^alpha (R the largest channel amplitude, a_i channel
   * i's). 1 equalises the tensor fully and moves all the range difference into C's weights, 0 leaves the pair alone;
   * 0.5 splits it evenly in log scale, as the paper's weight-range rule does. @default 0.5
   */
  mixingAlpha?: number;
}

/**
 * Headroom kept above a channel's calibration amplitude: a raised channel reaches the tensor's largest amplitude at
 * this multiple of the largest value it took in calibration, so unseen inputs up to twice that (one bit) neither
 * saturate the int8 grid nor meet a ReLU6's clip earlier than in the float model.
 */
export const EQUALIZE_HEADROOM = 2;
/**
 * Largest scale applied to one channel. A channel that was small on every calibration crop can still be large on
 * another input (a rarely firing feature), and raised far it meets the ReLU6 clip there. Measured on pose_landmark_full,
 * float model equalised on 38 crops and compared with the original on 37 others: uncapped the landmark output moved
 * (46 dB signal to error), capped at 8 60 dB, at 4 108 dB (float rounding only).
 */
export const MAX_EQUALIZE_SCALE = 4;

const nodeName = (n: OnnxNode): string => n.name || n.output[0]!;

/** ReLU, or Clip whose lower bound is 0 (ReLU6): f(s·x) = s·f(x) for s ≥ 1 wherever the upper clip is not reached. */
function positiveHomogeneous(n: OnnxNode, g: OnnxGraph): boolean {
  if (n.opType === 'Relu') return true;
  if (n.opType !== 'Clip') return false;
  const lo = n.input[1] ? g.initializer.find((t) => t.name === n.input[1]) : undefined;
  return n.input[1] ? lo !== undefined && floatValues(lo)[0] === 0 : false;
}

function pairsOf(g: OnnxGraph): Array<EqualizablePair & { p: OnnxNode; c: OnnxNode }> {
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  const readers = new Map<string, OnnxNode[]>();
  for (const n of g.node) for (const x of n.input) if (x) readers.set(x, [...(readers.get(x) ?? []), n]);
  const outputs = new Set(g.output.map((o) => o.name));
  const isConv = (n: OnnxNode | undefined): n is OnnxNode => n?.opType === 'Conv' && (n.domain ?? '') === '' && inits.has(n.input[1] ?? '');
  const out: Array<EqualizablePair & { p: OnnxNode; c: OnnxNode }> = [];
  for (const p of g.node) {
    if (!isConv(p)) continue;
    let tensor = p.output[0]!;
    let next = readers.get(tensor) ?? [];
    if (outputs.has(tensor) || next.length !== 1) continue;
    if (next[0]!.opType !== 'Conv') {
      if (!positiveHomogeneous(next[0]!, g)) continue;
      tensor = next[0]!.output[0]!;
      next = readers.get(tensor) ?? [];
      if (outputs.has(tensor) || next.length !== 1) continue;
    }
    const c = next[0];
    if (!isConv(c) || c.input[0] !== tensor) continue;
    const channels = inits.get(p.input[1]!)!.dims[0]!;
    const group = Number(attr(c, 'group')?.i ?? 1);
    const cw = inits.get(c.input[1]!)!;
    if (cw.dims[1]! * group !== channels) continue;
    out.push({ producer: nodeName(p), consumer: nodeName(c), tensor, channels, depthwise: group === channels, p, c });
  }
  return out;
}

/** The pairs {@link equalizeChannels} can rescale, in graph order. */
export function equalizablePairs(bytes: Uint8Array): EqualizablePair[] {
  return pairsOf(decode(bytes).graph).map(({ p: _p, c: _c, ...pair }) => pair);
}

/**
 * The float model with each pair rescaled from the per-channel amplitudes (max |value| over calibration inputs) of its
 * tensor. Scales are ≥ 1 (small channels are raised towards the largest one's amplitude, never the reverse, with
 * {@link EQUALIZE_HEADROOM}), so a ReLU6's clip at 6 now bites channel i at 6 / s_i of its old value — at least twice
 * the largest value it took in calibration. A channel that stayed 0 keeps scale 1.
 * Pairs without amplitudes are left alone. Borrows its inputs; returns new bytes.
 */
export function equalizeChannels(bytes: Uint8Array, amplitudes: ReadonlyMap<string, Float32Array>, options: EqualizeOptions = {}): Uint8Array {
  const model = decode(bytes);
  const g = model.graph;
  const inits = new Map(g.initializer.map((t) => [t.name, t]));
  const alphaMixing = options.mixingAlpha ?? 0.5;
  const replace = (name: string, data: Float32Array) => {
    const t = inits.get(name)!;
    t.rawData = raw(data);
    t.floatData = [];
  };
  for (const pair of pairsOf(g)) {
    const a = amplitudes.get(pair.tensor);
    if (!a) continue;
    if (a.length !== pair.channels) throw new Error(`amplitudes of ${pair.tensor}: ${a.length} values for ${pair.channels} channels`);
    const top = Math.max(...a);
    if (!(top > 0)) continue;
    const alpha = pair.depthwise ? 1 : alphaMixing;
    const s = Float32Array.from(a, (ai) => (ai > 0 ? Math.min(MAX_EQUALIZE_SCALE, Math.max(1, top / (EQUALIZE_HEADROOM * ai))) ** alpha : 1));
    // P: output channel i, weights and bias.
    const pw = inits.get(pair.p.input[1]!)!;
    const w = f32(pw);
    const per = w.length / pair.channels;
    for (let i = 0; i < w.length; i++) w[i]! *= s[Math.floor(i / per)]!;
    replace(pw.name, w);
    if (pair.p.input[2]) {
      const b = f32(inits.get(pair.p.input[2])!);
      for (let i = 0; i < b.length; i++) b[i]! *= s[i]!;
      replace(pair.p.input[2], b);
    }
    // C: weight [o, j, …] reads input channel group(o) · (channels / groups) + j.
    const cw = inits.get(pair.c.input[1]!)!;
    const v = f32(cw);
    const [outC, inPerGroup] = [cw.dims[0]!, cw.dims[1]!];
    const groups = pair.channels / inPerGroup;
    const kernel = v.length / (outC * inPerGroup);
    for (let o = 0; o < outC; o++) {
      const first = Math.floor(o / (outC / groups)) * inPerGroup;
      for (let j = 0; j < inPerGroup; j++) {
        const k = s[first + j]!;
        for (let t = 0; t < kernel; t++) v[(o * inPerGroup + j) * kernel + t]! /= k;
      }
    }
    replace(cw.name, v);
  }
  return encode(model);
}
