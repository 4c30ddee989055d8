import type { CameraFrame, EngineStatus } from '../../shared/contract';
import type { ModelSize } from '../../shared/config-schema';
import { FrameGate } from '../../shared/frame-gate';
import type { PoseFrame } from '../../shared/pose';
import type { DelegatePreference } from './delegate';
import { parseFromWorker, type FromWorker, type MaskSource, type ToWorker, type WorkerInit } from './protocol';

export interface BrowserPoseEngineOptions {
  /**
   * Absolute or page-relative URL of the folder that holds `mediapipe/wasm/` and `models/` (copied there by the
   * build). @default the page's base URL (`document.baseURI`), i.e. the built renderer's root
   */
  assetBaseUrl?: string;
  /** @default 'full' */
  modelSize?: ModelSize;
  /** @default 'auto' (GPU on real WebGL2 hardware, CPU otherwise) */
  delegate?: DelegatePreference;
  /** `pose`: PoseLandmarker's own mask; `selfie`: ImageSegmenter on the selfie model; `none`. @default 'pose' */
  mask?: MaskSource;
  /**
   * People tasks-vision looks for; with more than one the engine follows the largest, most central one (as the
   * native engine does), at the cost of running the detector on every frame where fewer are found.
   * @default 1
   */
  numPoses?: number;
}

/**
 * Workers that died while running (not one that could not start) are replaced up to this many times within
 * {@link WORKER_RESTART_WINDOW_MS}; one more death and the engine has failed. As the native engine's "keeps crashing"
 * (select-engine.ts: 3 restarts in a minute).
 */
export const MAX_WORKER_RESTARTS = 3;
export const WORKER_RESTART_WINDOW_MS = 60_000;

type Pending =
  | { t: 'image'; frameId: number; timestampMs: number; image: ImageBitmap | VideoFrame }
  | { t: 'rgba'; frameId: number; timestampMs: number; widthPx: number; heightPx: number; data: Uint8Array };

/**
 * The browser pose engine: tasks-vision in a Web Worker, behind the same shape the mirror uses for the native
 * engine — frames in, `PoseFrame`s and `EngineStatus` out. Frames pass the shared `FrameGate`: one in the worker
 * at a time and at most one waiting here (also until the worker is ready); a newer frame replaces (and closes) the
 * waiting one, so the latest frame always wins and nothing queues. A worker that dies while running is replaced
 * ({@link MAX_WORKER_RESTARTS}); one that cannot start fails the engine, and `auto` knows at once.
 */
export class BrowserPoseEngine {
  private worker: Worker;
  private readonly init: WorkerInit;
  /** Whether the current worker has been ready: one that dies after that is replaced, one that cannot start is not. */
  private ran = false;
  /** When workers that died while running were replaced, ms (performance.now), within the last window. */
  private restartedAtMs: number[] = [];
  private readonly poseListeners = new Set<(pose: PoseFrame) => void>();
  private readonly statusListeners = new Set<(status: EngineStatus) => void>();
  private current: EngineStatus;
  /** Settles the gate's wait for the frame in the worker. */
  private answered: (() => void) | null = null;
  private readonly gate = new FrameGate<Pending>({
    process: (f) =>
      new Promise<void>((resolve) => {
        this.answered = resolve;
        if (f.t === 'image') this.post(f, [f.image]);
        else this.post(f, [f.data.buffer]);
      }),
    onDrop: (f) => close(f),
    paused: true,
  });
  private nextFrameId = 1;
  /** Frames closed unprocessed: replaced while waiting, or given after a failure. */
  private closedEarly = 0;

  get dropped(): number {
    return this.closedEarly + this.gate.stats.dropped;
  }

  constructor(opts: BrowserPoseEngineOptions = {}) {
    const modelSize = opts.modelSize ?? 'full';
    this.current = { state: 'starting', provider: null, providerNotes: [], modelSize, lastError: null, restarts: 0 };
    this.init = {
      t: 'init',
      assetBaseUrl: new URL(opts.assetBaseUrl ?? './', document.baseURI).href,
      modelSize,
      delegate: opts.delegate ?? 'auto',
      mask: opts.mask ?? 'pose',
      numPoses: Math.max(1, Math.floor(opts.numPoses ?? 1)),
    };
    this.worker = this.spawn();
  }

  /** A new worker, told to start. */
  private spawn(): Worker {
    const worker = new Worker(new URL('./pose-worker.ts', import.meta.url), { type: 'module', name: 'atelier-pose' });
    worker.onmessage = (e: MessageEvent<unknown>) => {
      if (worker !== this.worker) return;
      const parsed = parseFromWorker(e.data);
      // A malformed answer is a broken worker: it is replaced (or the engine stops) rather than draw garbage.
      if (parsed.ok) this.onWorkerMessage(parsed.msg);
      else this.fail(parsed.error);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      if (worker === this.worker) this.fail(e.message || 'pose worker crashed');
    };
    this.ran = false;
    worker.postMessage(this.init);
    return worker;
  }

  /** Latest status, the same shape as the native engine's. */
  get status(): EngineStatus {
    return this.current;
  }

  /**
   * Hands a camera frame to the engine. Ownership moves to the engine: it is transferred to the worker, or closed
   * when a newer frame replaces it before the worker is free.
   * @param timestampMs capture time on the caller's clock; comes back as `PoseFrame.timestampMs`.
   * @returns the frameId its PoseFrame will carry.
   */
  submit(frame: ImageBitmap | VideoFrame, timestampMs: number, frameId = this.nextFrameId++): number {
    this.offer({ t: 'image', frameId, timestampMs, image: frame });
    return frameId;
  }

  /**
   * The `api.engine.submitFrame` shape: RGBA bytes. `frame.data`'s buffer is transferred: the caller must not
   * touch it afterwards.
   */
  submitRgba(frame: CameraFrame): void {
    this.offer({ t: 'rgba', ...frame });
  }

  /** One call per processed frame. @returns unsubscribe. */
  subscribe(cb: (pose: PoseFrame) => void): () => void {
    this.poseListeners.add(cb);
    return () => this.poseListeners.delete(cb);
  }

  /** Called now with the current status and on every change. @returns unsubscribe. */
  onStatus(cb: (status: EngineStatus) => void): () => void {
    this.statusListeners.add(cb);
    cb(this.current);
    return () => this.statusListeners.delete(cb);
  }

  /** Stops the worker and closes any waiting frame. The engine cannot be restarted; make a new one. */
  dispose(): void {
    if (this.current.state === 'stopped') return;
    this.gate.pause();
    this.gate.clear();
    this.settle();
    this.post({ t: 'dispose' });
    this.worker.terminate();
    this.setStatus({ state: 'stopped' });
    this.poseListeners.clear();
    this.statusListeners.clear();
  }

  private offer(frame: Pending): void {
    if (this.current.state === 'failed' || this.current.state === 'stopped') {
      close(frame);
      this.closedEarly++;
      return;
    }
    this.gate.offer(frame);
  }

  /** The frame in the worker is done: the gate may send the next. */
  private settle(): void {
    const answered = this.answered;
    this.answered = null;
    answered?.();
  }

  private onWorkerMessage(msg: FromWorker): void {
    switch (msg.t) {
      case 'ready':
        this.ran = true;
        this.setStatus({ state: 'running', provider: msg.provider, providerNotes: msg.providerNotes });
        this.gate.resume();
        return;
      case 'pose':
        this.settle();
        for (const cb of this.poseListeners) cb(msg.pose);
        return;
      case 'error':
        if (msg.fatal) {
          this.fail(msg.message);
          return;
        }
        // One bad frame: report it and carry on with the next.
        this.settle();
        this.setStatus({ lastError: msg.message });
        return;
    }
  }

  private fail(message: string): void {
    this.gate.pause();
    this.gate.clear();
    this.settle();
    const nowMs = performance.now();
    this.restartedAtMs = this.restartedAtMs.filter((t) => nowMs - t < WORKER_RESTART_WINDOW_MS);
    if (this.ran && this.restartedAtMs.length < MAX_WORKER_RESTARTS) {
      // A worker that ran and then died (its wasm aborted, it crashed, it answered garbage): a fresh one, with its own
      // wasm instance, takes its place; frames wait for it as for the first.
      this.restartedAtMs.push(nowMs);
      this.worker.terminate();
      this.worker = this.spawn();
      this.setStatus({ state: 'starting', provider: null, lastError: message, restarts: this.current.restarts + 1 });
      return;
    }
    this.setStatus({ state: 'failed', lastError: message });
  }

  private setStatus(patch: Partial<EngineStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const cb of this.statusListeners) cb(this.current);
  }

  private post(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }
}

/** Releases a frame that will not be processed (a bitmap or VideoFrame holds GPU or decoder memory until closed). */
function close(f: Pending): void {
  if (f.t === 'image') f.image.close();
}
