/**
 * The landmark model's mask head as its own ONNX Runtime session: fed the trunk's two feature maps, it gives the mask
 * logits over the ROI. Opened on the engine's thread (pose-models-ort.ts) or in the mask head's worker (worker.ts).
 */
import type { ExecutionProvider } from '../../shared/config-schema';
import { createOrtSession, outputByShape, type TensorOut } from '../ort';

/**
 * ORT optimisation level of the mask head's own session. `extended` (no NCHWc layout pass): the head's 8-channel
 * convolutions at 128 and 256 px fill only half of NCHWc's 16-channel blocks (AVX-512) and every residual Add → Clip
 * there forces a reorder out of the blocked layout and back (ORT's NCHWc pass fuses neither an Add of 8 channels nor
 * a Clip). Measured, one thread, head alone, CPU per run in one process (loaded machine): full 9.7 → 8.3 ms, lite
 * 10.1 → 8.1 ms; padding the head to 16 channels so that the blocked pass could fuse it was slower (13.9 ms).
 */
const MASK_HEAD_OPTIMIZATION = 'extended';

export interface MaskHeadSession {
  /** Side of the mask `run` gives, pixels. */
  readonly maskSizePx: 128 | 256;
  /**
   * The mask logits (side × side, row-major) of the frame whose trunk outputs these are.
   * @param features borrowed: the trunk's outputs, at least the head's feature maps by name.
   * @returns a new array owned by the caller.
   */
  run(features: Record<string, TensorOut>): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface MaskHeadSessionOptions {
  /** The head's .onnx file. */
  file: string;
  /** Names of the trunk outputs the head reads, in the manifest's `maskHeadSplit.features`. */
  features: readonly string[];
  maskSizePx: 128 | 256;
  ep: ExecutionProvider;
  /** Intra-op threads. @default the ort module's default */
  threads?: number;
}

/** Opens the head (not warmed up: its input shapes are the trunk's outputs', known after the trunk's first run). */
export async function openMaskHeadSession(options: MaskHeadSessionOptions): Promise<MaskHeadSession> {
  const { file, features, maskSizePx } = options;
  const head = await createOrtSession(file, {}, { ep: options.ep, ...(options.threads ? { threads: options.threads } : {}), warmUp: false, optimizationLevel: MASK_HEAD_OPTIMIZATION });
  const maskShape = [1, maskSizePx, maskSizePx, 1];
  return {
    maskSizePx,
    async run(outs) {
      const feeds: Record<string, Float32Array> = {};
      const shapes: Record<string, number[]> = {};
      for (const name of features) {
        const t = outs[name];
        if (!t) throw new Error(`the landmark trunk gave no ${name} for its mask head`);
        feeds[name] = t.data;
        shapes[name] = t.dims;
      }
      return outputByShape(await head.run(feeds, shapes), maskShape, 'segmentation');
    },
    dispose: () => head.dispose(),
  };
}
