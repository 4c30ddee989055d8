/**
 * Messages between the store light (renderer main thread, store-light.ts) and the light worker (light-worker.ts).
 * The light sends a new picture only when the worker has answered the last one, so the worker never queues work
 * and the frame never waits for it.
 */
import type { StoreLightEstimate } from './store-light-estimate';

export type ToLightWorker =
  /**
   * The camera picture (a VideoFrame on the camera's own buffer: transferred, the worker closes it), to be scaled
   * down to `sampleW` × `sampleH` for the light's estimate and to `cellsX` × `cellsY` (one pixel per cell,
   * averaged) for the room light's field.
   */
  { t: 'estimate'; seq: number; picture: VideoFrame; sampleW: number; sampleH: number; cellsX: number; cellsY: number };

export type FromLightWorker =
  /**
   * One per picture: the estimate (null when the picture could not be read), the room light's field (light against
   * the mean per cell, rows top first; null when it could not be read; the buffer is transferred), and the worker's
   * time: scaling the picture down and reading it back, and the solves.
   */
  | { t: 'estimate'; seq: number; estimate: StoreLightEstimate | null; field: Float32Array | null; cellsX: number; cellsY: number; readMs: number; solveMs: number }
  | { t: 'error'; message: string };
