/**
 * Latest frame wins. One frame is processed at a time; a frame arriving while busy replaces the one waiting (the older
 * waiting frame is dropped, never queued), so latency stays one frame however slow inference is.
 */

export interface FrameGateStats {
  /** Frames offered. */
  offered: number;
  /** Frames processed (started). */
  processed: number;
  /** Frames dropped in favour of a newer one. */
  dropped: number;
}

export class FrameGate<T> {
  private busy = false;
  private pending: { frame: T } | null = null;
  private readonly idleWaiters: (() => void)[] = [];
  readonly stats: FrameGateStats = { offered: 0, processed: 0, dropped: 0 };

  /**
   * @param process handles one frame; the gate owns the frame until `process` settles (a rejection is passed to
   *   `onError` and the gate moves on).
   * @param onDrop receives each dropped frame, so its owner can recycle the buffer (ownership returns to the caller).
   */
  constructor(
    private readonly process: (frame: T) => Promise<void>,
    private readonly onDrop: (frame: T) => void = () => {},
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Offers a frame; ownership passes to the gate. Returns false when it had to wait (it may still be dropped). */
  offer(frame: T): boolean {
    this.stats.offered++;
    if (!this.busy) {
      void this.run(frame);
      return true;
    }
    if (this.pending) {
      this.stats.dropped++;
      this.onDrop(this.pending.frame);
    }
    this.pending = { frame };
    return false;
  }

  /** True while a frame is being processed. */
  get isBusy(): boolean {
    return this.busy;
  }

  /** Resolves once nothing is processing or waiting. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(first: T): Promise<void> {
    this.busy = true;
    let frame: T | null = first;
    while (frame !== null) {
      this.stats.processed++;
      try {
        await this.process(frame);
      } catch (error) {
        this.onError(error);
      }
      frame = this.pending ? this.pending.frame : null;
      this.pending = null;
    }
    this.busy = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
