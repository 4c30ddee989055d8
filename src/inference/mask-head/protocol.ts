/**
 * Messages between the engine's thread and the mask head's worker (worker.ts). The worker's answers are validated on
 * receipt (thread.ts): a bug or a half-dead worker must show up as a refused message, never as a wrong mask.
 */
import * as v from 'valibot';
import type { ExecutionProvider } from '../../shared/config-schema';
import { ROI_MASK_SIDES_PX } from '../pipeline/segmentation';
import type { NormRect } from '../pipeline/types';

const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

/** What the worker is started with (`workerData`). */
export interface MaskHeadWorkerData {
  /** The head's .onnx file. */
  file: string;
  /** The trunk outputs the head reads, by name, with their shapes (the warm-up's input). */
  features: Record<string, number[]>;
  maskSizePx: 128 | 256;
  ep: ExecutionProvider;
  /**
   * How much lower than the engine's the worker thread's priority is, in nice steps, taken before it opens its session
   * (absent or 0: the same; Linux only, thread-priority.ts).
   */
  niceBy?: number;
}

/** One frame's head run: the trunk's feature maps (transferred), where its ROI lies and whether to blend with the last mask. */
export interface MaskHeadJob {
  t: 'job';
  /** Increases by one per job; the answer carries it. */
  seq: number;
  features: Record<string, { data: Float32Array; dims: number[] }>;
  rect: NormRect;
  widthPx: number;
  heightPx: number;
  /** Blend with the previous mask (tracking, and not the first mask since a reset). */
  blend: boolean;
}

export type ToMaskHeadWorker = MaskHeadJob | { t: 'close' };

export const FromMaskHeadWorkerSchema = v.variant('t', [
  /** The session is open and warmed up. */
  v.object({ t: v.literal('ready') }),
  v.pipe(
    v.object({
      t: v.literal('mask'),
      seq: count,
      /** side × side bytes (0 background … 255 person), the worker's transferred buffer. */
      data: v.instance(Uint8Array),
      side: v.picklist(ROI_MASK_SIDES_PX),
      /** PersonMask.frameFromMask of the ROI the features were computed on. */
      frameFromMask: v.tuple([finite, finite, finite, finite, finite, finite]),
      /** The head's run and the sigmoid + blend, milliseconds of the worker's wall time. */
      headMs: finite,
      blendMs: finite,
    }),
    v.check((m) => m.data.length === m.side * m.side, 'mask bytes do not match its side'),
  ),
  /** The job failed inside the worker (the worker lives on). */
  v.object({ t: v.literal('failed'), seq: count, message: v.string() }),
]);
export type FromMaskHeadWorker = v.InferOutput<typeof FromMaskHeadWorkerSchema>;
