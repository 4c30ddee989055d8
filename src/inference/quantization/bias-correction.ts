/**
 * Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization Through Weight Equalization and Bias
 * Correction", §4.2, the empirical variant): quantizing a convolution's weights and input shifts the mean of each of its
 * output channels (E[W_q x_q] ≠ E[W x]); per-channel rounding errors do not average out over a 3 × 3 depthwise kernel's
 * nine weights, and the shift accumulates through the following layers. The shift is measured on the calibration crops
 * and subtracted from the bias, layer by layer in graph order with the already-corrected quantized upstream in place,
 * so each layer corrects what reaches it, not what the float model would have sent.
 *
 * The quantizer (src/models/quantize/int8.ts) is passed in: this layer only runs models.
 */
import { channelStats } from './channel-stats';
import type { ModelInput } from './mixed-precision';

/** The int8 Convs to correct, as src/models/quantize/int8.ts `quantizedConvs` lists them (graph order). */
export interface CorrectedConv {
  node: string;
  output: string;
  channels: number;
}

export interface BiasCorrectionInputs {
  /** The float model (bytes, borrowed). */
  float: Uint8Array;
  input: ModelInput;
  /** Calibration crops (borrowed). */
  crops: readonly Float32Array[];
  convs: readonly CorrectedConv[];
  /** The int8 model with these bias shifts applied (int8.ts `quantizeInt8` with `biasShift`); new bytes. */
  quantize(biasShift: ReadonlyMap<string, Float32Array>): Uint8Array;
  /** The model with extra graph outputs (int8.ts `withOutputs`); new bytes. */
  expose(model: Uint8Array, tensors: readonly string[]): Uint8Array;
  /**
   * Convs corrected per pass: 1 is strictly layer by layer; more measure a group at once (each sees the upstream
   * groups corrected, not its own group's earlier members) for proportionally fewer model runs. @default 1
   */
  group?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Bias shifts per Conv node (node key → one value per output channel: the int8 model's mean output minus the float
 * model's, to subtract from the bias), measured in graph order as described above.
 */
export async function correctBiases(m: BiasCorrectionInputs): Promise<Map<string, Float32Array>> {
  const tensors = (list: readonly CorrectedConv[]) => list.map((c) => ({ name: c.output, channels: c.channels }));
  const reference = await channelStats(m.expose(m.float, m.convs.map((c) => c.output)), m.input, m.crops, tensors(m.convs), 'mean');
  const shifts = new Map<string, Float32Array>();
  const group = Math.max(1, Math.floor(m.group ?? 1));
  for (let i = 0; i < m.convs.length; i += group) {
    const block = m.convs.slice(i, i + group);
    const q = m.expose(m.quantize(shifts), block.map((c) => c.output));
    const means = await channelStats(q, m.input, m.crops, tensors(block), 'mean');
    for (const c of block) {
      const got = means.get(c.output)!;
      const want = reference.get(c.output)!;
      shifts.set(c.node, Float32Array.from(got, (v, ch) => v - want[ch]!));
    }
    m.onProgress?.(Math.min(i + group, m.convs.length), m.convs.length);
  }
  return shifts;
}
