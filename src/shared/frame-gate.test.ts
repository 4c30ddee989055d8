import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameGate } from './frame-gate';

/** A processor whose calls complete only when the test says so. */
function controlledProcessor() {
  const started: number[] = [];
  const finishers: (() => void)[] = [];
  const process = (frame: number) =>
    new Promise<void>((resolve) => {
      started.push(frame);
      finishers.push(resolve);
    });
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { started, process, finishNext };
}

describe('FrameGate', () => {
  it('processes at once when idle', () => {
    const p = controlledProcessor();
    const gate = new FrameGate({ process: p.process });
    expect(gate.offer(1)).toBe(true);
    expect(p.started).toEqual([1]);
  });

  it('while busy keeps only the newest frame and drops the older waiting ones', async () => {
    const p = controlledProcessor();
    const dropped: number[] = [];
    const gate = new FrameGate({ process: p.process, onDrop: (f) => dropped.push(f) });
    gate.offer(1);
    expect(gate.offer(2)).toBe(false);
    gate.offer(3);
    gate.offer(4);
    expect(dropped).toEqual([2, 3]);
    expect(p.started).toEqual([1]);
    await p.finishNext();
    expect(p.started).toEqual([1, 4]); // the latest, not the oldest
    await p.finishNext();
    await gate.idle();
    expect(gate.isBusy).toBe(false);
    expect(gate.stats).toEqual({ offered: 4, processed: 2, dropped: 2, hung: 0 });
  });

  it('never queues: the number of frames waiting is at most one however many arrive', async () => {
    const p = controlledProcessor();
    const gate = new FrameGate({ process: p.process });
    for (let f = 0; f < 100; f++) gate.offer(f);
    await p.finishNext();
    await p.finishNext();
    await gate.idle();
    expect(p.started).toEqual([0, 99]);
    expect(gate.stats.dropped).toBe(98);
  });

  it('keeps going after a failed frame and reports the error', async () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const gate = new FrameGate({
      process: async (f: number) => {
        seen.push(f);
        if (f === 1) throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    gate.offer(1);
    gate.offer(2);
    await gate.idle();
    expect(seen).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });

  describe('hang watchdog', () => {
    afterEach(() => vi.useRealTimers());

    it('gives up a frame not done within hangTimeoutMs, tells its owner once, and takes the waiting frame', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const p = controlledProcessor();
      const hung: number[] = [];
      const gate = new FrameGate({ process: p.process, hangTimeoutMs: 5000, onHang: (f) => hung.push(f) });
      gate.offer(1);
      gate.offer(2);
      await vi.advanceTimersByTimeAsync(4999);
      expect(hung).toEqual([]);
      expect(p.started).toEqual([1]);
      await vi.advanceTimersByTimeAsync(1);
      expect(hung).toEqual([1]);
      expect(p.started).toEqual([1, 2]);
      // The hung call finishing late changes nothing: frame 2 is still the one in flight.
      await p.finishNext();
      expect(gate.inFlight?.frame).toBe(2);
      await p.finishNext();
      await gate.idle();
      expect(gate.stats).toMatchObject({ processed: 2, hung: 1 });
    });

    it('a frame done in time never trips it', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const p = controlledProcessor();
      const hung: number[] = [];
      const gate = new FrameGate({ process: p.process, hangTimeoutMs: 100, onHang: (f) => hung.push(f) });
      gate.offer(1);
      await vi.advanceTimersByTimeAsync(50);
      await p.finishNext();
      await vi.advanceTimersByTimeAsync(500);
      expect(hung).toEqual([]);
      expect(gate.isBusy).toBe(false);
    });
  });

  it('clear drops the waiting frame through onDrop; takePending hands it back', () => {
    const p = controlledProcessor();
    const dropped: number[] = [];
    const gate = new FrameGate({ process: p.process, onDrop: (f) => dropped.push(f) });
    gate.offer(1);
    gate.offer(2);
    gate.clear();
    expect(dropped).toEqual([2]);
    gate.offer(3);
    expect(gate.takePending()).toBe(3);
    expect(gate.takePending()).toBeNull();
  });

  it('paused, it holds only the newest frame and starts it on resume', async () => {
    const p = controlledProcessor();
    const dropped: number[] = [];
    const gate = new FrameGate({ process: p.process, onDrop: (f) => dropped.push(f), paused: true });
    gate.offer(1);
    gate.offer(2);
    expect(p.started).toEqual([]);
    expect(dropped).toEqual([1]);
    gate.resume();
    expect(p.started).toEqual([2]);
    gate.pause();
    gate.offer(3);
    await p.finishNext();
    expect(p.started).toEqual([2]);
    gate.resume();
    expect(p.started).toEqual([2, 3]);
  });
});
