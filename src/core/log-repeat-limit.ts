/**
 * Caps how often one log message may repeat. A client sending malformed messages as fast as it can makes the bridge
 * log a warning for each; unlimited, that rotated 100 MB of logs (and the useful lines in them) away within
 * minutes. Each message (level + text, not its fields) may appear `perWindow` times per window; the rest are
 * counted and reported in one line when the window ends.
 */

export interface RepeatLimitOptions {
  /** Lines of one message let through per window. @default 50 */
  perWindow?: number;
  /** @default 60000 (one minute) */
  windowMs?: number;
  /** Clock in ms, replaceable in tests. @default Date.now */
  now?: () => number;
}

interface Window {
  startMs: number;
  passed: number;
  dropped: number;
  /** Writes the "dropped N" line for this message at its own level. */
  report: (line: string) => void;
}

/** Keys kept at most; past this the table starts over (a flood of distinct messages is not a repeat). */
const MAX_KEYS = 2000;

export class RepeatLimiter {
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(opts: RepeatLimitOptions = {}) {
    this.perWindow = opts.perWindow ?? 50;
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Whether a line of message `key` may be written now. `report` writes a summary line at the message's level. */
  allow(key: string, report: (line: string) => void): boolean {
    const t = this.now();
    let w = this.windows.get(key);
    if (w && t - w.startMs >= this.windowMs) {
      this.close(key, w);
      w = undefined;
    }
    if (!w) {
      if (this.windows.size >= MAX_KEYS) this.flush(true);
      w = { startMs: t, passed: 0, dropped: 0, report };
      this.windows.set(key, w);
    }
    if (w.passed < this.perWindow) {
      w.passed++;
      return true;
    }
    w.dropped++;
    return false;
  }

  /** Reports and forgets windows that have ended (all of them with `all`). Called by a timer and on overflow. */
  flush(all = false): void {
    const t = this.now();
    for (const [key, w] of this.windows) if (all || t - w.startMs >= this.windowMs) this.close(key, w);
  }

  private close(key: string, w: Window): void {
    this.windows.delete(key);
    if (w.dropped > 0) {
      const text = key.slice(key.indexOf(':') + 1);
      w.report(`log: dropped ${w.dropped} repeats of "${text.slice(0, 200)}" in the last ${Math.round(this.windowMs / 1000)} s`);
    }
  }
}
