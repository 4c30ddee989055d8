import { describe, expect, it } from 'vitest';
import type { CameraFrame } from '../shared/contract';
import type { EngineToHost } from '../shared/engine-protocol';
import type { PoseFrame } from '../shared/pose';
import { EngineWorker, type FrameProcessor } from './engine';

const frame = (frameId: number): CameraFrame => ({ frameId, timestampMs: frameId, widthPx: 16, heightPx: 16, data: new Uint8Array(16 * 16 * 4) });

/** A processor whose frames finish when the test says, each answered with a 16×16 mask from a pool of its own. */
function scriptedProcessor() {
  const finishers: Array<() => void> = [];
  const started: number[] = [];
  const recycled: Uint8Array<ArrayBuffer>[] = [];
  const pool: Uint8Array<ArrayBuffer>[] = [];
  const processor: FrameProcessor = {
    provider: 'cpu',
    providerNotes: [],
    warmUpMs: 0,
    process: (f) =>
      new Promise<PoseFrame>((resolve) => {
        started.push(f.frameId);
        finishers.push(() => {
          const data = pool.pop() ?? new Uint8Array(16 * 16);
          resolve({ frameId: f.frameId, timestampMs: f.timestampMs, landmarks: [], worldLandmarks: [], presence: 0, mask: { widthPx: 16, heightPx: 16, data }, stagesMs: { total: 1 }, provider: 'cpu' });
        });
      }),
    recycleMask: (data) => {
      recycled.push(data as Uint8Array<ArrayBuffer>);
      pool.push(data as Uint8Array<ArrayBuffer>);
    },
    reset: () => {},
    dispose: () => Promise.resolve(),
  };
  return { processor, started, recycled, finish: async () => { finishers.shift()?.(); await new Promise((r) => setImmediate(r)); } };
}

async function readyWorker(p: FrameProcessor, onPost: (m: EngineToHost) => void): Promise<EngineWorker> {
  const worker = new EngineWorker(() => Promise.resolve(p), onPost);
  worker.handle({ t: 'init', init: { modelsDir: '/m', modelSize: 'lite', ep: 'cpu' } });
  await new Promise((r) => setImmediate(r));
  return worker;
}

describe('EngineWorker', () => {
  it('works on one frame at a time and takes the newest next (latest wins)', async () => {
    const s = scriptedProcessor();
    const posted: EngineToHost[] = [];
    const worker = await readyWorker(s.processor, (m) => posted.push(m));
    [1, 2, 3, 4].forEach((id) => worker.handle({ t: 'frame', frame: frame(id) }));
    expect(s.started).toEqual([1]);
    await s.finish();
    expect(s.started).toEqual([1, 4]);
    await s.finish();
    expect(worker.dropped).toBe(2);
    expect(posted.flatMap((m) => (m.t === 'pose' ? [m.pose.frameId] : []))).toEqual([1, 4]);
  });

  it('hands each mask back to the processor once the pose is posted, so the next frame reuses the buffer', async () => {
    const s = scriptedProcessor();
    // What the transports do: the message is serialised (copied) inside post.
    const sentMasks: Uint8Array[] = [];
    const recycledBeforePost: number[] = [];
    const worker = await readyWorker(s.processor, (m) => {
      if (m.t === 'pose' && m.pose.mask) {
        sentMasks.push(m.pose.mask.data.slice());
        recycledBeforePost.push(s.recycled.length);
      }
    });
    worker.handle({ t: 'frame', frame: frame(1) });
    await s.finish();
    worker.handle({ t: 'frame', frame: frame(2) });
    await s.finish();
    expect(s.recycled).toHaveLength(2);
    // The second frame's mask was the first one's buffer, back from the pool: no new allocation per frame.
    expect(s.recycled[1]).toBe(s.recycled[0]);
    expect(sentMasks).toHaveLength(2);
    // Never before it was sent.
    expect(recycledBeforePost).toEqual([0, 1]);
  });
});
