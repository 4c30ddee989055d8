/**
 * Latest frame wins — the one implementation of it, used by every stage that feeds frames to something slower than
 * the camera (the inference host in both shells, the inference process's loop, the browser engine). One frame is
 * processed at a time; a frame arriving while busy replaces the one waiting (the older waiting frame is dropped,
 * never queued), so latency stays one frame however slow inference is. With `hangTimeoutMs`, a frame that is not
 * done in time is given up: `onHang` is told (its owner restarts whatever hung) and the gate moves on.
 */

/**
 * How long the pose engine may take over one frame before it counts as hung, ms: the inference host's watchdog
 * kills and restarts the engine's process then. Anything quicker is a busy engine, not a stalled one: the mirror's
 * shopper session takes a frame of its own unanswered for less than twice this (it may first wait behind the frame
 * being processed) for a working engine, not an empty zone (on a loaded 2-core machine, 3D garments drawn in
 * software, pose frames reached the page 1–10 s apart with the engine never hung).
 */
export const ENGINE_HANG_TIMEOUT_MS = 5000;

export interface FrameGateStats {
  /** Frames offered. */
  offered: number;
  /** Frames processed (started). */
  processed: number;
  /** Frames dropped in favour of a newer one (or cleared). */
  dropped: number;
  /** Frames given up after `hangTimeoutMs`. */
  hung: number;
}

export interface FrameGateOptions<T> {
  /** Handles one frame; the gate owns the frame until the promise settles (a rejection goes to `onError`). */
  process: (frame: T) => Promise<void>;
  /** Receives each dropped frame, so its owner can recycle or close it (ownership returns to the caller). */
  onDrop?: (frame: T) => void;
  onError?: (error: unknown, frame: T) => void;
  /** A frame still processing after this long is given up (see `onHang`). @default undefined: never */
  hangTimeoutMs?: number;
  /**
   * The frame that hung. Called once; the gate then treats the frame as done and takes the waiting one. A later
   * settlement of the hung `process` call is ignored.
   */
  onHang?: (frame: T) => void;
  /** Start paused (see `pause`): frames wait, newest wins, until `resume`. @default false */
  paused?: boolean;
}

export class FrameGate<T> {
  private busy = false;
  private paused: boolean;
  private pending: { frame: T } | null = null;
  private current: { frame: T; sinceMs: number } | null = null;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly opts: FrameGateOptions<T>;
  readonly stats: FrameGateStats = { offered: 0, processed: 0, dropped: 0, hung: 0 };

  constructor(opts: FrameGateOptions<T>) {
    this.opts = opts;
    this.paused = opts.paused ?? false;
  }

  /** Offers a frame; ownership passes to the gate. Returns false when it had to wait (it may still be dropped). */
  offer(frame: T): boolean {
    this.stats.offered++;
    if (!this.busy && !this.paused) {
      void this.run(frame);
      return true;
    }
    if (this.pending) this.drop(this.pending.frame);
    this.pending = { frame };
    return false;
  }

  /**
   * Holds frames back (the consumer is not ready): the frame in flight finishes, newer ones wait — only the newest —
   * until `resume`.
   */
  pause(): void {
    this.paused = true;
  }

  /** Processes the waiting frame, if any, and those that follow. */
  resume(): void {
    this.paused = false;
    if (this.busy) return;
    const next = this.takePending();
    if (next !== null) void this.run(next);
  }

  /** Takes the waiting frame out (ownership returns to the caller), or null. */
  takePending(): T | null {
    const p = this.pending;
    this.pending = null;
    return p ? p.frame : null;
  }

  /** Drops the waiting frame (through `onDrop`). */
  clear(): void {
    const p = this.takePending();
    if (p !== null) this.drop(p);
  }

  /** True while a frame is being processed. */
  get isBusy(): boolean {
    return this.busy;
  }

  /** The frame being processed and for how long (ms, `performance.now()` clock), or null. */
  get inFlight(): { frame: T; forMs: number } | null {
    return this.current ? { frame: this.current.frame, forMs: performance.now() - this.current.sinceMs } : null;
  }

  /** Resolves once nothing is processing or waiting. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drop(frame: T): void {
    this.stats.dropped++;
    this.opts.onDrop?.(frame);
  }

  private async run(first: T): Promise<void> {
    this.busy = true;
    let frame: T | null = first;
    while (frame !== null) {
      this.stats.processed++;
      this.current = { frame, sinceMs: performance.now() };
      try {
        await this.processWithin(frame);
      } catch (error) {
        this.opts.onError?.(error, frame);
      }
      this.current = null;
      frame = this.paused ? null : this.takePending();
    }
    this.busy = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private processWithin(frame: T): Promise<void> {
    const limitMs = this.opts.hangTimeoutMs;
    const work = this.opts.process(frame);
    if (limitMs === undefined) return work;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stats.hung++;
        resolve();
        this.opts.onHang?.(frame);
      }, limitMs);
      (timer as { unref?: () => void }).unref?.();
      work.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }
}
