import { describe, expect, it } from 'vitest';
import type { PoseFrame } from '../../shared/pose';
import { framesInMemory, type FrameReader } from './frames';
import { benchTracker, type BenchableTracker } from './run';

/** A tracker that reports fixed stage times and runs its "detector" every fourth frame. */
function fakeTracker(): BenchableTracker & { seen: number[] } {
  let runs = 0;
  const seen: number[] = [];
  return {
    seen,
    reset() {
      seen.length = 0;
    },
    get detectorRuns() {
      return runs;
    },
    async process(frame) {
      seen.push(frame.timestampMs);
      const detect = seen.length % 4 === 1;
      if (detect) runs++;
      const stagesMs = { detector: detect ? 5 : 0, landmarks: 2, total: detect ? 7 : 2 };
      const pose: PoseFrame = { frameId: seen.length, timestampMs: frame.timestampMs, landmarks: [], worldLandmarks: [], presence: 0, mask: null, stagesMs, provider: 'fake' };
      return pose;
    },
  };
}

const input = (n: number): FrameReader => framesInMemory({ widthPx: 2, heightPx: 2, fps: 50, frames: Array.from({ length: n }, () => new Uint8Array(16)), source: 'test' });

/** Spins for `ms` of CPU and wall time. */
function burn(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('benchTracker', () => {
  it('counts frames, detector runs and stage samples only where the stage ran', async () => {
    const t = fakeTracker();
    const r = await benchTracker(t, input(8), { warmUpFrames: 0 });
    expect(r.frames).toBe(8);
    expect(r.detectorRuns).toBe(2);
    expect(r.stagesMs.detector).toEqual({ p50: 5, p95: 5, runs: 2, perFrame: 1.25 });
    expect(r.stagesMs.landmarks?.runs).toBe(8);
    // Per frame: a stage's time over every timed frame, so a stage on 2 frames of 8 weighs a quarter of its p50.
    expect(r.stagesMs.landmarks?.perFrame).toBe(2);
    expect(r.stagesMs.total?.perFrame).toBe(3.25);
    expect(r.meanLatencyMs).toBeCloseTo(1000 / r.fps, 0);
    expect(r.fps).toBeGreaterThan(0);
    expect(Number.isFinite(r.rssMB.middle)).toBe(true);
  });

  it('loops the input with increasing timestamps, or stops at its end without --loop', async () => {
    const looped = fakeTracker();
    await benchTracker(looped, input(3), { frames: 7, loop: true, warmUpFrames: 2 });
    expect(looped.seen).toHaveLength(7);
    // 50 fps: 20 ms apart, continuing after the two warm-up frames.
    expect(looped.seen.every((ts, i) => ts === (i + 2) * 20)).toBe(true);
    const once = fakeTracker();
    const r = await benchTracker(once, input(3), { frames: 7 });
    expect(r.frames).toBe(3);
    // the default warm-up runs but is not counted
    expect(r.detectorRuns).toBe(1);
  });

  it('times only the tracker: reading a frame between two frames is in neither the fps nor the CPU per frame', async () => {
    // Frames that take 50 ms each to read (a file read, a decode) and a tracker that takes 2 ms per frame.
    const memory = input(6);
    const slow: FrameReader = {
      ...memory,
      read(i) {
        burn(50);
        return memory.read(i);
      },
    };
    const tracker = fakeTracker();
    const inner = tracker.process.bind(tracker);
    tracker.process = async (frame) => {
      burn(2);
      return inner(frame);
    };
    const r = await benchTracker(tracker, slow, { warmUpFrames: 1 });
    // With the reads counted, 52 ms a frame: under 20 fps and about 50 ms of CPU (margins for a loaded machine).
    expect(r.fps).toBeGreaterThan(50);
    expect(r.cpuMsPerFrame).toBeLessThan(20);
    expect(r.latencyMs.p50).toBeLessThan(20);
  });
});
