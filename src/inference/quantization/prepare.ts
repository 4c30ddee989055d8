/**
 * The post-training steps before int8 rounding that `atelier models int8` applies (each measured with the gate's own
 * metric, scripts/int8-lab.ts): cross-layer equalisation of the float model, then GPTQ weight rounding from the
 * equalised model's layer inputs. The quantizer's pieces are passed in: this layer only runs models.
 */
import { channelStats } from './channel-stats';
import type { ModelInput } from './mixed-precision';
import { patchMoments, type ConvGeometry } from './weight-rounding';

/**
 * Largest patch (input channels per group × kernel area) rounded by GPTQ: its d × d curvature is inverted in plain
 * JavaScript (d³ / 3 operations, ≈ 3 · 10⁹ at 2 048); larger Convs keep nearest rounding. The landmark models' largest
 * is the 2 × 2 regression head over 288 channels, 1 152.
 */
export const MAX_GPTQ_PATCH = 2048;

export interface PtqTools {
  /** src/models/quantize/equalize.ts `equalizablePairs`. */
  pairs(model: Uint8Array): Array<{ tensor: string; channels: number }>;
  /** src/models/quantize/equalize.ts `equalizeChannels`. */
  equalize(model: Uint8Array, amplitudes: ReadonlyMap<string, Float32Array>): Uint8Array;
  /** src/models/quantize/int8.ts `quantizedConvs` (all int8 Convs, nothing kept float). */
  convs(model: Uint8Array): Array<ConvGeometry & { weights: Float32Array; weightDims: number[] }>;
  /** src/models/quantize/gptq.ts `gptqConvWeights`. */
  round(weights: Float32Array, dims: readonly number[], moments: readonly Float64Array[]): { q: Int8Array; scales: Float32Array };
  /** src/models/quantize/int8.ts `withOutputs`. */
  expose(model: Uint8Array, tensors: readonly string[]): Uint8Array;
}

export interface PreparedPtq {
  /** Per-channel amplitudes of the equalised pairs' tensors (the same scales serve the graph without the mask head). */
  amplitudes: Map<string, Float32Array>;
  /** The equalised float model. */
  model: Uint8Array;
  /** GPTQ int8 weights per Conv node of the equalised model. */
  weightInts: Map<string, { q: Int8Array; scales: Float32Array }>;
}

/** Equalises `float` (borrowed) on the crops, then rounds its weights by GPTQ. */
export async function preparePtq(float: Uint8Array, input: ModelInput, crops: readonly Float32Array[], tools: PtqTools, options: { equalize: boolean; gptq: boolean }): Promise<PreparedPtq> {
  let model = float;
  const amplitudes = new Map<string, Float32Array>();
  if (options.equalize) {
    const tensors = tools.pairs(float).map((p) => ({ name: p.tensor, channels: p.channels }));
    const stats = await channelStats(tools.expose(float, tensors.map((t) => t.name)), input, crops, tensors, 'amplitude');
    for (const [k, v] of stats) amplitudes.set(k, Float32Array.from(v));
    model = tools.equalize(float, amplitudes);
  }
  const weightInts = new Map<string, { q: Int8Array; scales: Float32Array }>();
  if (options.gptq) {
    const convs = tools.convs(model).filter((c) => c.weightDims[1]! * c.weightDims[2]! * c.weightDims[3]! <= MAX_GPTQ_PATCH);
    const moments = await patchMoments(tools.expose(model, [...new Set(convs.map((c) => c.input))]), input, crops, convs);
    for (const c of convs) weightInts.set(c.node, tools.round(c.weights, c.weightDims, moments.get(c.node)!));
  }
  return { amplitudes, model, weightInts };
}
