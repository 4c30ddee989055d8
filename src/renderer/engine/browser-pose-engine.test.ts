import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../shared/contract';
import type { PoseFrame } from '../../shared/pose';
import { MAX_WORKER_RESTARTS, WORKER_RESTART_WINDOW_MS } from './browser-pose-engine';
import type { FromWorker, ToWorker } from './protocol';

/** The one fake of the worker boundary: records what the engine posts, lets the test answer. */
class FakeWorker {
  static last: FakeWorker | null = null;
  posted: Array<{ msg: ToWorker; transfer: Transferable[] }> = [];
  terminated = false;
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    FakeWorker.last = this;
  }
  postMessage(msg: ToWorker, transfer: Transferable[] = []): void {
    this.posted.push({ msg, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: FromWorker): void {
    this.onmessage?.({ data });
  }
  /** What a broken worker might send: anything. */
  answerRaw(data: unknown): void {
    this.onmessage?.({ data: data as FromWorker });
  }
  frames(): Array<Extract<ToWorker, { t: 'image' | 'rgba' }>> {
    return this.posted.map((p) => p.msg).filter((m): m is Extract<ToWorker, { t: 'image' | 'rgba' }> => m.t === 'image' || m.t === 'rgba');
  }
}

const bitmap = () => ({ close: vi.fn() }) as unknown as ImageBitmap & { close: ReturnType<typeof vi.fn> };
const pose = (frameId: number): PoseFrame => ({
  frameId,
  timestampMs: frameId,
  landmarks: [],
  worldLandmarks: [],
  presence: 0,
  mask: null,
  stagesMs: {},
  provider: 'browser:cpu',
});

beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: 'http://127.0.0.1:7480/' });
});
afterEach(() => vi.unstubAllGlobals());

async function engine(opts = {}) {
  const { BrowserPoseEngine } = await import('./browser-pose-engine');
  const e = new BrowserPoseEngine(opts);
  return { e, w: FakeWorker.last! };
}

/** Lets the frame gate take its next frame (it moves on in a microtask after an answer). */
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('BrowserPoseEngine', () => {
  it('starts a module worker and initialises it with our own asset URL and the defaults', async () => {
    const { e, w } = await engine();
    expect(w.options).toMatchObject({ type: 'module' });
    expect(w.url.pathname).toMatch(/pose-worker\.ts$/);
    expect(w.posted[0]!.msg).toEqual({ t: 'init', assetBaseUrl: 'http://127.0.0.1:7480/', modelSize: 'full', delegate: 'auto', mask: 'pose', numPoses: 1 });
    expect(e.status).toMatchObject({ state: 'starting', provider: null, modelSize: 'full', restarts: 0 });
  });

  it('holds frames until ready, then keeps only the newest: replaced frames are closed, never queued', async () => {
    const { e, w } = await engine();
    const [a, b, c, d] = [bitmap(), bitmap(), bitmap(), bitmap()];
    e.submit(a, 10);
    e.submit(b, 20);
    expect(a.close).toHaveBeenCalledOnce();
    expect(w.frames()).toEqual([]);

    w.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: ['browser:gpu: not requested (delegate cpu)'] });
    expect(e.status).toMatchObject({ state: 'running', provider: 'browser:cpu' });
    expect(w.frames().map((f) => f.timestampMs)).toEqual([20]);
    expect(w.posted.at(-1)!.transfer).toEqual([b]);

    // Worker busy: c waits, d replaces it.
    e.submit(c, 30);
    e.submit(d, 40);
    expect(c.close).toHaveBeenCalledOnce();
    expect(w.frames()).toHaveLength(1);
    expect(e.dropped).toBe(2);

    w.answer({ t: 'pose', pose: pose(2) });
    await flush();
    expect(w.frames().map((f) => f.timestampMs)).toEqual([20, 40]);
    expect(d.close).not.toHaveBeenCalled();
  });

  it('delivers PoseFrames to subscribers and stops delivering after unsubscribe', async () => {
    const { e, w } = await engine();
    const got: number[] = [];
    const off = e.subscribe((p) => got.push(p.frameId));
    w.answer({ t: 'ready', provider: 'browser:gpu', providerNotes: [] });
    w.answer({ t: 'pose', pose: pose(1) });
    off();
    w.answer({ t: 'pose', pose: pose(2) });
    expect(got).toEqual([1]);
  });

  it('passes RGBA frames on with their buffer transferred and their frameId kept', async () => {
    const { e, w } = await engine();
    w.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
    const data = new Uint8Array(16 * 16 * 4);
    e.submitRgba({ frameId: 41, timestampMs: 5, widthPx: 16, heightPx: 16, data });
    expect(w.frames()[0]).toMatchObject({ t: 'rgba', frameId: 41, widthPx: 16 });
    expect(w.posted.at(-1)!.transfer).toEqual([data.buffer]);
  });

  it('goes on after a bad frame; a worker that cannot start fails the engine, which then closes what it is given', async () => {
    const { e, w } = await engine();
    const statuses: EngineStatus[] = [];
    e.onStatus((s) => statuses.push(s));
    w.answer({ t: 'error', message: 'model not found', fatal: true });
    expect(e.status).toMatchObject({ state: 'failed', lastError: 'model not found', restarts: 0 });
    // Not replaced: a worker that never ran would fail again.
    expect(FakeWorker.last).toBe(w);
    const late = bitmap();
    e.submit(late, 3);
    expect(late.close).toHaveBeenCalledOnce();
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'failed']);

    const { e: e2, w: w2 } = await engine();
    w2.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
    e2.submit(bitmap(), 1);
    e2.submit(bitmap(), 2);
    w2.answer({ t: 'error', message: 'bad frame', fatal: false, frameId: 1 });
    await flush();
    expect(e2.status).toMatchObject({ state: 'running', lastError: 'bad frame' });
    expect(w2.frames()).toHaveLength(2);
  });

  it('replaces a worker that dies while running (its wasm aborted) with a fresh one, and frames flow again', async () => {
    const { e, w } = await engine();
    const poses: PoseFrame[] = [];
    e.subscribe((p) => poses.push(p));
    w.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
    e.submit(bitmap(), 1);
    const waiting = bitmap();
    e.submit(waiting, 2);
    w.answer({ t: 'error', message: 'Aborted(). Build with -sASSERTIONS for more info.', fatal: true, frameId: 1 });
    expect(w.terminated).toBe(true);
    const fresh = FakeWorker.last!;
    expect(fresh).not.toBe(w);
    expect(fresh.posted[0]!.msg).toEqual(w.posted[0]!.msg);
    expect(e.status).toMatchObject({ state: 'starting', restarts: 1, lastError: expect.stringMatching(/^Aborted\(/) });
    // The frame waiting for the dead worker is closed; new ones wait for the fresh worker, then go to it alone.
    expect(waiting.close).toHaveBeenCalledOnce();
    e.submit(bitmap(), 3);
    expect(fresh.frames()).toHaveLength(0);
    fresh.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
    await flush();
    expect(fresh.frames().map((f) => f.frameId)).toEqual([3]);
    expect(w.frames().map((f) => f.frameId)).toEqual([1]);
    fresh.answer({ t: 'pose', pose: pose(3) });
    expect(poses.map((p) => p.frameId)).toEqual([3]);
    expect(e.status).toMatchObject({ state: 'running', restarts: 1 });
    // The dead worker's late words are not the engine's.
    w.answer({ t: 'pose', pose: pose(1) });
    expect(poses.map((p) => p.frameId)).toEqual([3]);
  });

  it(`fails for good when workers keep dying: after ${MAX_WORKER_RESTARTS} replacements within the window`, async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const { e } = await engine();
      for (let i = 0; i < MAX_WORKER_RESTARTS; i++) {
        FakeWorker.last!.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
        FakeWorker.last!.answer({ t: 'error', message: `died ${i}`, fatal: true });
        expect(e.status).toMatchObject({ state: 'starting', restarts: i + 1 });
        vi.advanceTimersByTime(1000);
      }
      FakeWorker.last!.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
      FakeWorker.last!.answer({ t: 'error', message: 'died again', fatal: true });
      expect(e.status).toMatchObject({ state: 'failed', lastError: 'died again', restarts: MAX_WORKER_RESTARTS });

      // Deaths further apart than the window are each replaced.
      const { e: e2 } = await engine();
      for (let i = 0; i < MAX_WORKER_RESTARTS + 2; i++) {
        FakeWorker.last!.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
        FakeWorker.last!.answer({ t: 'error', message: `died ${i}`, fatal: true });
        expect(e2.status.state).toBe('starting');
        vi.advanceTimersByTime(WORKER_RESTART_WINDOW_MS / 2);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('replaces a running worker that answers garbage, and draws nothing from it', async () => {
    const { e, w } = await engine();
    const poses: PoseFrame[] = [];
    e.subscribe((p) => poses.push(p));
    w.answer({ t: 'ready', provider: 'browser:cpu', providerNotes: [] });
    e.submit(bitmap(), 1);
    w.answerRaw({ t: 'pose', pose: { ...pose(1), presence: 'high' } });
    expect(poses).toEqual([]);
    expect(FakeWorker.last).not.toBe(w);
    expect(e.status).toMatchObject({ state: 'starting', restarts: 1, lastError: expect.stringMatching(/^malformed message from the pose worker: pose\.presence/) });
  });

  it('dispose terminates the worker and closes a waiting frame', async () => {
    const { e, w } = await engine();
    const waiting = bitmap();
    e.submit(waiting, 1);
    e.dispose();
    expect(waiting.close).toHaveBeenCalledOnce();
    expect(w.terminated).toBe(true);
    expect(w.posted.at(-1)!.msg).toEqual({ t: 'dispose' });
    expect(e.status.state).toBe('stopped');
  });
});
