import type { Logger } from '../core/log';

/** The part of a BrowserWindow's webContents the watchdog drives. */
export interface Reloadable {
  reload(): void;
  forcefullyCrashRenderer(): void;
  isDestroyed(): boolean;
}

export interface RendererWatchdogOptions {
  log: Logger;
  /** First reload delay after a crash, in ms; doubles per crash up to `maxBackoffMs`. @default 500 */
  minBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  /** A renderer that stayed up this long since its last load resets the back-off, in ms. @default 60000 */
  healthyAfterMs?: number;
  /**
   * How long an unresponsive renderer may stay so before it is killed and reloaded, in ms. Short hangs (a big
   * garment upload, GC) recover by themselves and Electron then fires `responsive`. @default 10000
   */
  unresponsiveGraceMs?: number;
  now?: () => number;
}

/**
 * Keeps the mirror's renderer alive. A renderer that crashes (`render-process-gone`) or fails to load is
 * reloaded after a back-off (so a page that crashes on load does not spin the CPU); one that hangs
 * (`unresponsive` for longer than the grace period) is killed, which Electron reports as gone, and reloaded.
 * The shell wires the events; this class owns the timing, so it is tested with fake timers.
 */
export class RendererWatchdog {
  private backoffMs: number;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private hangTimer: ReturnType<typeof setTimeout> | null = null;
  private loadedAtMs: number;
  private readonly now: () => number;
  /** Reloads done so far (health and tests read it). */
  reloads = 0;
  /** Why the renderer was last reloaded. */
  lastReason: string | null = null;

  constructor(
    private readonly target: Reloadable,
    private readonly opts: RendererWatchdogOptions,
  ) {
    this.backoffMs = opts.minBackoffMs ?? 500;
    this.now = opts.now ?? Date.now;
    this.loadedAtMs = this.now();
  }

  /** `did-finish-load`: the page is up again. */
  loaded(): void {
    this.loadedAtMs = this.now();
  }

  /** `render-process-gone` or `did-fail-load`: schedule a reload after the back-off. */
  gone(reason: string): void {
    this.clearHang();
    this.opts.log.error({ reason, backoffMs: this.backoffMs }, 'renderer gone: reloading');
    this.scheduleReload(reason);
  }

  /** BrowserWindow `unresponsive`: give it the grace period, then kill and reload it. */
  unresponsive(): void {
    if (this.hangTimer || this.reloadTimer) return;
    this.opts.log.warn('renderer unresponsive');
    this.hangTimer = setTimeout(() => {
      this.hangTimer = null;
      if (this.target.isDestroyed()) return;
      const graceMs = this.opts.unresponsiveGraceMs ?? 10_000;
      this.opts.log.error({ graceMs }, 'renderer hung: killing it');
      // Killing fires render-process-gone, which reloads; schedule it here too in case that event never comes.
      this.scheduleReload(`hung for ${graceMs} ms`);
      this.target.forcefullyCrashRenderer();
    }, this.opts.unresponsiveGraceMs ?? 10_000);
  }

  /** BrowserWindow `responsive`: the hang ended by itself. */
  responsive(): void {
    if (this.hangTimer) this.opts.log.info('renderer responsive again');
    this.clearHang();
  }

  dispose(): void {
    this.clearHang();
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = null;
  }

  private scheduleReload(reason: string): void {
    if (this.reloadTimer) return;
    if (this.now() - this.loadedAtMs > (this.opts.healthyAfterMs ?? 60_000)) this.backoffMs = this.opts.minBackoffMs ?? 500;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 30_000, this.backoffMs * 2);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      if (this.target.isDestroyed()) return;
      this.reloads++;
      this.lastReason = reason;
      // The reload counts as a fresh start for the healthy-run timer, even before did-finish-load arrives.
      this.loadedAtMs = this.now();
      this.target.reload();
    }, delay);
  }

  private clearHang(): void {
    if (this.hangTimer) clearTimeout(this.hangTimer);
    this.hangTimer = null;
  }
}
