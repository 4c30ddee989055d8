/**
 * The renderer's side of the cloth worker: starts a cloth, sends it the body each frame and keeps the newest
 * offsets it answered. Never blocks the frame: a step is sent only when the worker has answered the previous one
 * (the newest body waits, older ones are dropped), and a garment draws with the latest offsets it has (one frame
 * old at most when the worker keeps up).
 *
 * Cloth motion can be turned off for a low-power kiosk ({@link setClothMotion}); garments then hang as drawn.
 */
import type { HemSpec } from './sim-hem';
import type { FromClothWorker, ToClothWorker } from './sim-protocol';
import { reportCaught } from '../bridge/page-problems';

let motionOn = true;

/** Turns cloth motion on or off for garments put on from now on (a low-power kiosk: off). @default on */
export function setClothMotion(on: boolean): void {
  motionOn = on;
}

export function clothMotionOn(): boolean {
  return motionOn && typeof Worker !== 'undefined';
}

export class ClothSimClient {
  /** The newest offsets (metres per vertex, see HemCloth.offsetsM), or null before the first answer. Borrowed. */
  offsetsM: Float32Array | null = null;
  /** The worker's CPU time for its last step, ms. */
  lastStepMs = 0;
  /** Steps answered since `start`. */
  answered = 0;
  private worker: Worker | null = null;
  private generation = 0;
  private inFlight = false;
  private pending: Extract<ToClothWorker, { t: 'step' }> | null = null;
  private failed = false;

  /** A new cloth of `spec` (any previous one is dropped, and its offsets with it). */
  start(spec: HemSpec): void {
    if (this.failed) return;
    if (!this.worker) {
      this.worker = new Worker(new URL('./sim-worker.ts', import.meta.url), { type: 'module', name: 'atelier-cloth' });
      this.worker.onmessage = (e: MessageEvent<FromClothWorker>) => this.onMessage(e.data);
      this.worker.onerror = (e) => this.fail(e.message || 'the cloth worker failed to load');
    }
    this.generation++;
    this.offsetsM = null;
    this.pending = null;
    this.inFlight = false;
    this.post({ t: 'init', generation: this.generation, spec });
  }

  /** The body at `timeS` (arrays borrowed: copied here). */
  step(timeS: number, pinsM: Float32Array, capsulesM: Float32Array, axes: Float32Array): void {
    if (!this.worker || this.failed) return;
    const m = { t: 'step' as const, generation: this.generation, timeS, pinsM: pinsM.slice(), capsulesM: capsulesM.slice(), axes: axes.slice() };
    if (this.inFlight) {
      this.pending = m;
      return;
    }
    this.inFlight = true;
    this.post(m);
  }

  dispose(): void {
    if (!this.worker) return;
    this.post({ t: 'dispose' });
    this.worker.terminate();
    this.worker = null;
    this.offsetsM = null;
  }

  private onMessage(m: FromClothWorker): void {
    if (m.t === 'error') {
      this.fail(m.message);
      return;
    }
    if (m.generation !== this.generation) return;
    this.offsetsM = m.offsetsM;
    this.lastStepMs = m.stepMs;
    this.answered++;
    this.inFlight = false;
    const next = this.pending;
    if (next) {
      this.pending = null;
      this.inFlight = true;
      this.post(next);
    }
  }

  private post(m: ToClothWorker): void {
    const transfer = m.t === 'step' ? [m.pinsM.buffer, m.capsulesM.buffer, m.axes.buffer] : [];
    this.worker?.postMessage(m, transfer);
  }

  /** A cloth that cannot run leaves the garment hanging as drawn: said once in the console and the shell's log, never thrown. */
  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.offsetsM = null;
    console.warn(`cloth motion off: ${message}`);
    reportCaught('cloth motion off', message);
    this.worker?.terminate();
    this.worker = null;
  }
}
