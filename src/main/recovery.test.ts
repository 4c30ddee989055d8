import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/log';
import { RendererWatchdog, type Reloadable } from './recovery';

const log = createLogger('test', 'silent');

function target(): Reloadable & { reloads: number; crashes: number } {
  return {
    reloads: 0,
    crashes: 0,
    reload() {
      this.reloads++;
    },
    forcefullyCrashRenderer() {
      this.crashes++;
    },
    isDestroyed: () => false,
  };
}

describe('renderer watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reloads a crashed renderer after a back-off that doubles while it keeps crashing', () => {
    const t = target();
    const w = new RendererWatchdog(t, { log, minBackoffMs: 500, maxBackoffMs: 2000, now: () => Date.now() });
    w.gone('crashed');
    vi.advanceTimersByTime(499);
    expect(t.reloads).toBe(0);
    vi.advanceTimersByTime(1);
    expect(t.reloads).toBe(1);
    w.gone('crashed');
    vi.advanceTimersByTime(999);
    expect(t.reloads).toBe(1);
    vi.advanceTimersByTime(1);
    expect(t.reloads).toBe(2);
    w.gone('crashed');
    vi.advanceTimersByTime(2000);
    expect(t.reloads).toBe(3);
    // Capped at maxBackoffMs.
    w.gone('crashed');
    vi.advanceTimersByTime(2000);
    expect(t.reloads).toBe(4);
    expect(w.lastReason).toBe('crashed');
  });

  it('two reports of one crash give one reload', () => {
    const t = target();
    const w = new RendererWatchdog(t, { log, minBackoffMs: 100, now: () => Date.now() });
    w.gone('crashed');
    w.gone('load failed');
    vi.advanceTimersByTime(10_000);
    expect(t.reloads).toBe(1);
  });

  it('a renderer that ran long enough starts again from the shortest back-off', () => {
    const t = target();
    const w = new RendererWatchdog(t, { log, minBackoffMs: 100, maxBackoffMs: 10_000, healthyAfterMs: 5000, now: () => Date.now() });
    for (let i = 0; i < 4; i++) {
      w.gone('crashed');
      vi.advanceTimersByTime(10_000);
    }
    expect(t.reloads).toBe(4);
    w.loaded();
    vi.advanceTimersByTime(6000);
    w.gone('crashed');
    vi.advanceTimersByTime(100);
    expect(t.reloads).toBe(5);
  });

  it('kills and reloads a renderer that stays unresponsive past the grace period', () => {
    const t = target();
    const w = new RendererWatchdog(t, { log, minBackoffMs: 100, unresponsiveGraceMs: 3000, now: () => Date.now() });
    w.unresponsive();
    vi.advanceTimersByTime(2999);
    expect(t.crashes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(t.crashes).toBe(1);
    vi.advanceTimersByTime(100);
    expect(t.reloads).toBe(1);
    expect(w.lastReason).toBe('hung for 3000 ms');
  });

  it('leaves a renderer alone that becomes responsive again in time', () => {
    const t = target();
    const w = new RendererWatchdog(t, { log, unresponsiveGraceMs: 3000, now: () => Date.now() });
    w.unresponsive();
    vi.advanceTimersByTime(2000);
    w.responsive();
    vi.advanceTimersByTime(10_000);
    expect(t.crashes).toBe(0);
    expect(t.reloads).toBe(0);
  });
});
