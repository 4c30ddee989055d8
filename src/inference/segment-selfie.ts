/**
 * The selfie segmentation path (mediapipe/modules/selfie_segmentation/selfie_segmentation_cpu.pbtxt): the whole frame
 * stretched (no letterbox) to the model's input, [0,1] RGB, one person-probability map out, resized back to the frame
 * bilinearly. Used when the mask should cover everyone in view rather than the tracked person's ROI.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionProvider } from '../shared/config-schema';
import { createOrtSession, type OrtSession } from './ort';
import { cropRectToTensor } from './pipeline/crop';
import type { NormRect, RgbaFrame } from './pipeline/types';

/**
 * Model ids in models/manifest.json. `general`: 256×256 input (selfie_segmentation.tflite, model_selection 0);
 * `landscape`: 144×256 (selfie_segmentation_landscape.tflite, model_selection 1), cheaper on wide frames.
 */
export const SELFIE_MODEL_IDS = { general: 'selfie_segmentation', landscape: 'selfie_segmentation_landscape' } as const;
export type SelfieModel = keyof typeof SELFIE_MODEL_IDS;

/** The whole frame as a rotated rect: the selfie graph stretches the full image into the tensor. */
const WHOLE_FRAME: NormRect = { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 1, heightNorm: 1, rotationRad: 0 };

/** Person probability at or above which a mask pixel counts as person (MediaPipe's masks are thresholded at 0.5). */
export const MASK_THRESHOLD = 0.5;

/**
 * Resizes a probability map to the frame with bilinear sampling (pixel centres aligned, edges clamped) and writes
 * either probabilities × 255 or, with `threshold`, a binary 0/255 mask.
 * @param probabilities borrowed, `srcW × srcH` floats in [0,1], row-major.
 * @param out caller-owned, `dstW × dstH` bytes, fully overwritten.
 */
export function resizeProbabilities(
  probabilities: Float32Array,
  srcW: number,
  srcH: number,
  out: Uint8Array,
  dstW: number,
  dstH: number,
  threshold?: number,
): void {
  if (probabilities.length < srcW * srcH) throw new RangeError(`probabilities need ${srcW * srcH} floats`);
  if (out.length < dstW * dstH) throw new RangeError(`mask needs ${dstW * dstH} bytes`);
  const sx = srcW / dstW;
  const sy = srcH / dstH;
  for (let y = 0; y < dstH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), srcH - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, srcH - 1);
    const wy = fy - y0;
    for (let x = 0; x < dstW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), srcW - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, srcW - 1);
      const wx = fx - x0;
      const top = probabilities[y0 * srcW + x0]! + (probabilities[y0 * srcW + x1]! - probabilities[y0 * srcW + x0]!) * wx;
      const bottom = probabilities[y1 * srcW + x0]! + (probabilities[y1 * srcW + x1]! - probabilities[y1 * srcW + x0]!) * wx;
      const p = top + (bottom - top) * wy;
      out[y * dstW + x] = threshold === undefined ? Math.round(Math.min(Math.max(p, 0), 1) * 255) : p >= threshold ? 255 : 0;
    }
  }
}

export interface SelfieSegmenterOptions {
  /** Folder holding manifest.json and the .onnx files. */
  modelsDir: string;
  /** @default 'general' */
  model?: SelfieModel;
  /** @default 'auto' */
  ep?: ExecutionProvider;
}

/** One selfie segmentation session; `segment` is not re-entrant (one input buffer, reused). */
export class SelfieSegmenter {
  private readonly input: Float32Array;

  private constructor(
    private readonly session: OrtSession,
    private readonly inputName: string,
    private readonly inputShape: number[],
  ) {
    this.input = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
  }

  /** Model input size in pixels. */
  get inputSize(): { widthPx: number; heightPx: number } {
    return { widthPx: this.inputShape[2]!, heightPx: this.inputShape[1]! };
  }

  get provider(): string {
    return this.session.provider;
  }

  static async open(options: SelfieSegmenterOptions): Promise<SelfieSegmenter> {
    const id = SELFIE_MODEL_IDS[options.model ?? 'general'];
    const manifest = JSON.parse(await readFile(path.join(options.modelsDir, 'manifest.json'), 'utf8')) as {
      models: Array<{ id: string; file: string; inputs: Array<{ name: string; shape: number[] }> }>;
    };
    const meta = manifest.models.find((m) => m.id === id);
    const input = meta?.inputs[0];
    // The converter writes NHWC image inputs: [1, height, width, 3].
    if (!meta || !input || input.shape.length !== 4 || input.shape[3] !== 3) throw new Error(`models/manifest.json has no NHWC image model ${id}`);
    const session = await createOrtSession(path.join(options.modelsDir, meta.file), { [input.name]: input.shape }, { ep: options.ep ?? 'auto' });
    return new SelfieSegmenter(session, input.name, input.shape);
  }

  /**
   * Person probability at the model's resolution.
   * @param frame borrowed for the call.
   * @returns a new `inputSize` float map in [0,1], owned by the caller.
   */
  async probabilities(frame: RgbaFrame): Promise<Float32Array> {
    const { widthPx, heightPx } = this.inputSize;
    cropRectToTensor(frame, WHOLE_FRAME, this.input, { widthPx, heightPx, layout: 'nhwc', rangeMin: 0, rangeMax: 1 });
    const outs = await this.session.run({ [this.inputName]: this.input }, { [this.inputName]: this.inputShape });
    const out = Object.values(outs)[0];
    if (!out || out.data.length !== widthPx * heightPx) throw new Error('selfie segmentation output is not one probability per input pixel');
    return out.data;
  }

  /**
   * Frame-sized person mask.
   * @param frame borrowed for the call.
   * @param threshold probability for a binary 0/255 mask; leave undefined for probability × 255.
   * @returns a new `frame.widthPx × frame.heightPx` byte mask owned by the caller.
   */
  async mask(frame: RgbaFrame, threshold?: number): Promise<Uint8Array<ArrayBuffer>> {
    const prob = await this.probabilities(frame);
    const { widthPx, heightPx } = this.inputSize;
    const out = new Uint8Array(frame.widthPx * frame.heightPx);
    resizeProbabilities(prob, widthPx, heightPx, out, frame.widthPx, frame.heightPx, threshold);
    return out;
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }
}
