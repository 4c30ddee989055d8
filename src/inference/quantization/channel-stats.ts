/**
 * Per-channel statistics of intermediate tensors over the calibration crops (NCHW: axis 1 is the channel), for bias
 * correction (means) and cross-layer equalisation (amplitudes). The model must expose the tensors as outputs
 * (src/models/quantize/int8.ts `withOutputs`).
 */
import { createOrtSession } from '../ort';
import type { ModelInput } from './mixed-precision';

/** A tensor to summarise and its channel count (checked against what the model gives). */
export interface ChannelTensor {
  name: string;
  channels: number;
}

/** `mean`: mean over crops and positions; `amplitude`: max |value| over crops and positions. */
export type ChannelStat = 'mean' | 'amplitude';

/** One value per channel of each tensor. One CPU session, released before returning; borrows everything. */
export async function channelStats(model: Uint8Array, input: ModelInput, crops: readonly Float32Array[], tensors: readonly ChannelTensor[], stat: ChannelStat): Promise<Map<string, Float64Array>> {
  if (crops.length === 0) throw new Error('channel statistics need at least one calibration crop');
  const session = await createOrtSession(model, { [input.name]: input.shape }, { ep: 'cpu', warmUp: false });
  const acc = new Map(tensors.map((c) => [c.name, new Float64Array(c.channels)]));
  try {
    for (const crop of crops) {
      const outs = await session.run({ [input.name]: crop }, { [input.name]: input.shape });
      for (const c of tensors) {
        const t = outs[c.name];
        if (!t) throw new Error(`model has no output ${c.name}`);
        if (t.dims[1] !== c.channels) throw new Error(`${c.name}: ${t.dims[1]} channels on axis 1, expected ${c.channels} (NCHW)`);
        const plane = t.data.length / c.channels;
        const a = acc.get(c.name)!;
        for (let ch = 0; ch < c.channels; ch++) {
          let s = 0;
          if (stat === 'mean') {
            for (let i = ch * plane; i < (ch + 1) * plane; i++) s += t.data[i]!;
            a[ch]! += s / plane / crops.length;
          } else {
            for (let i = ch * plane; i < (ch + 1) * plane; i++) s = Math.max(s, Math.abs(t.data[i]!));
            a[ch] = Math.max(a[ch]!, s);
          }
        }
      }
    }
  } finally {
    await session.dispose();
  }
  return acc;
}
