/**
 * The back view ("memory mirror"): the last seconds of the composed mirror picture are kept in memory as a ring
 * of small frames; when the shopper turns their back and then faces the mirror again, the frames of the turn are
 * offered as a replay. Frames never leave memory: no file, no network. Generic over the frame type so the state
 * machine is tested without a browser; the mirror stores ImageBitmaps and `close` frees them.
 */
export interface BackViewOptions<F> {
  /** Seconds of picture kept. @default 6 */
  keepMs?: number;
  /** The back must be turned at least this long for a replay to be offered, ms. @default 800 */
  minAwayMs?: number;
  /** Frees a frame that drops out of the ring. */
  close?: (frame: F) => void;
}

export class BackViewBuffer<F> {
  private readonly ring: Array<{ tMs: number; frame: F }> = [];
  private awaySinceMs: number | null = null;
  private readonly keepMs: number;
  private readonly minAwayMs: number;
  /** Frames offered for replay (owned here until `clear()` or the next offer), oldest first. */
  replay: F[] | null = null;

  constructor(private readonly opts: BackViewOptions<F> = {}) {
    this.keepMs = opts.keepMs ?? 6000;
    this.minAwayMs = opts.minAwayMs ?? 800;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The newest frame kept (borrowed), or null. */
  get newest(): F | null {
    return this.ring[this.ring.length - 1]?.frame ?? null;
  }

  /** A new composed frame (ownership passes to the buffer). */
  push(frame: F, nowMs: number): void {
    this.ring.push({ tMs: nowMs, frame });
    while (this.ring.length > 0 && nowMs - this.ring[0]!.tMs > this.keepMs) this.opts.close?.(this.ring.shift()!.frame);
  }

  /**
   * The facing state, every pose frame. Returns true when a replay has just been offered: the shopper turned back
   * to the mirror after showing their back long enough.
   */
  facing(away: boolean, nowMs: number): boolean {
    if (away) {
      this.awaySinceMs ??= nowMs;
      return false;
    }
    if (this.awaySinceMs === null) return false;
    const since = this.awaySinceMs;
    this.awaySinceMs = null;
    if (nowMs - since < this.minAwayMs) return false;
    // From a little before the turn to now: the ring's frames move to the replay.
    this.dropReplay();
    const from = since - 1000;
    const keep = this.ring.filter((r) => r.tMs >= from);
    for (const r of this.ring) if (r.tMs < from) this.opts.close?.(r.frame);
    this.ring.length = 0;
    this.replay = keep.map((r) => r.frame);
    return this.replay.length > 0;
  }

  /** The shopper dismissed or watched the replay. */
  dropReplay(): void {
    if (this.replay) for (const f of this.replay) this.opts.close?.(f);
    this.replay = null;
  }

  /** Session over: every frame freed. */
  clear(): void {
    this.dropReplay();
    for (const r of this.ring) this.opts.close?.(r.frame);
    this.ring.length = 0;
    this.awaySinceMs = null;
  }
}
