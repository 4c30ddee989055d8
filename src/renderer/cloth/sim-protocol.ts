/**
 * Messages between the cloth client (renderer main thread, sim-client.ts) and the cloth worker (sim-worker.ts).
 * The client sends a step only when the worker has answered the previous one (the newest body waits, older ones are
 * dropped), so the worker never queues work and the main thread never waits.
 */
import type { HemSpec } from './sim-hem';

export type ToClothWorker =
  /** A new cloth (replaces the worker's one). `spec.restM` is copied by structured clone. */
  | { t: 'init'; generation: number; spec: HemSpec }
  /** The body at `timeS`; the arrays are copies the worker may keep. */
  | { t: 'step'; generation: number; timeS: number; pinsM: Float32Array; capsulesM: Float32Array; axes: Float32Array }
  | { t: 'dispose' };

export type FromClothWorker =
  /**
   * One per step: the cloth's offsets from its carried rest (metres, x, y, z per vertex; the buffer is transferred),
   * the worker's CPU time for the step, and whether it reset.
   */
  | { t: 'offsets'; generation: number; offsetsM: Float32Array; stepMs: number; reset: boolean }
  | { t: 'error'; message: string };
