import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeSpawner } from '../fakes/inference';
import type { CameraFrame, EngineStatus } from '../../src/shared/contract';
import type { PoseFrame } from '../../src/shared/pose';
import { InferenceHost, type InferenceHostOptions } from '../../src/core/inference-host';
import { createLogger } from '../../src/core/log';

/** The inference host's warm standby: a killed engine is replaced by an already-loaded process at once. */

const log = createLogger('test', 'silent');
const init = { modelsDir: '/m', modelSize: 'full' as const, ep: 'cpu' as const, mask: 'pose' as const, absentAfterFrames: 15, hands: 'lite' as const };
const frame = (frameId: number): CameraFrame => ({ frameId, timestampMs: frameId, widthPx: 16, heightPx: 16, data: new Uint8Array(16 * 16 * 4) });

function makeHost(spawn: InferenceHostOptions['spawn'], extra: Partial<InferenceHostOptions> = {}) {
  const poses: PoseFrame[] = [];
  const statuses: EngineStatus[] = [];
  const host = new InferenceHost({ spawn, init, log, onPose: (p) => poses.push(p), onStatus: (s) => statuses.push(s), standby: true, ...extra });
  return { host, poses, statuses };
}
const ticks = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await vi.advanceTimersByTimeAsync(1);
};

afterEach(() => vi.useRealTimers());

describe('InferenceHost standby', () => {
  it('starts a spare once the active process is ready, and only then', async () => {
    vi.useFakeTimers();
    const activated: number[] = [];
    const spawn = fakeSpawner((c) => Object.assign(c, { activate: () => activated.push(c.pid) }));
    const { host } = makeHost(spawn);
    host.start();
    expect(spawn.children).toHaveLength(1);
    await ticks();
    expect(spawn.children).toHaveLength(2);
    expect(spawn.children[1]!.received).toEqual([{ t: 'init', init }]);
    // Only the active process is wired to the renderer.
    expect(activated).toEqual([spawn.children[0]!.pid]);
    expect(host.pid).toBe(spawn.children[0]!.pid);
    host.stop();
    expect(spawn.children.every((c) => c.killed)).toBe(true);
  });

  it('a killed engine is replaced by the warm spare with no back-off: the next frame is answered', async () => {
    vi.useFakeTimers();
    const activated: number[] = [];
    const spawn = fakeSpawner((c) => Object.assign(c, { activate: () => activated.push(c.pid) }));
    const { host, poses, statuses } = makeHost(spawn, { minBackoffMs: 1000, standbyRespawnMs: 3000 });
    host.start();
    await ticks();
    const [first, spare] = spawn.children;
    host.submitFrame(frame(1));
    await ticks();
    expect(poses).toHaveLength(1);

    first!.crash('killed by SIGKILL');
    expect(host.pid).toBe(spare!.pid);
    expect(activated).toEqual([first!.pid, spare!.pid]);
    expect(host.status).toMatchObject({ state: 'running', restarts: 1, lastError: 'killed by SIGKILL', provider: 'cpu' });
    // No 'restarting' in between: the mirror never pauses.
    expect(statuses.at(-1)!.state).toBe('running');
    host.submitFrame(frame(2));
    await ticks();
    expect(poses.map((p) => p.frameId)).toEqual([1, 2]);
    expect(spare!.frames()).toEqual([2]);

    // The next spare starts later, once the new active process has had the CPU to itself for a while.
    expect(spawn.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2990);
    expect(spawn.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(20);
    expect(spawn.children).toHaveLength(3);
    host.stop();
  });

  it('the frame the dead engine was working on is answered by the spare, so the renderer is not left waiting', async () => {
    vi.useFakeTimers();
    // The first process never answers frames; the spare does.
    let n = 0;
    const spawn = fakeSpawner((c) => (c.answerFramesAfterMs = n++ === 0 ? null : 0));
    const { host, poses } = makeHost(spawn);
    host.start();
    await ticks();
    host.submitFrame(frame(7));
    await ticks();
    expect(poses).toHaveLength(0);
    spawn.children[0]!.crash('killed by SIGKILL');
    await ticks();
    expect(spawn.children[1]!.frames()).toEqual([7]);
    expect(poses.map((p) => p.frameId)).toEqual([7]);
    host.stop();
  });

  it('a frame that hung the engine is not handed to the spare', async () => {
    vi.useFakeTimers();
    let n = 0;
    const spawn = fakeSpawner((c) => (c.answerFramesAfterMs = n++ === 0 ? null : 0));
    const { host, poses } = makeHost(spawn, { hangTimeoutMs: 1000 });
    host.start();
    await ticks();
    host.submitFrame(frame(9));
    await vi.advanceTimersByTimeAsync(2100);
    expect(host.status).toMatchObject({ state: 'running', restarts: 1 });
    expect(host.status.lastError).toMatch(/hung/);
    expect(spawn.children[1]!.frames()).toEqual([]);
    host.submitFrame(frame(10));
    await ticks();
    expect(poses.map((p) => p.frameId)).toEqual([10]);
    host.stop();
  });

  it('without a ready spare it falls back to restarting with back-off', async () => {
    vi.useFakeTimers();
    // Spares never become ready (a slow machine still loading them).
    let n = 0;
    const spawn = fakeSpawner((c) => (c.autoReady = n++ === 0));
    const { host, statuses } = makeHost(spawn, { minBackoffMs: 100 });
    host.start();
    await ticks();
    expect(spawn.children).toHaveLength(2);
    spawn.children[0]!.crash();
    expect(host.status.state).toBe('restarting');
    await vi.advanceTimersByTimeAsync(100);
    expect(spawn.children).toHaveLength(3);
    expect(statuses.map((s) => s.state)).toContain('restarting');
    host.stop();
  });

  it('a spare that dies is replaced later, and never becomes active', async () => {
    vi.useFakeTimers();
    const spawn = fakeSpawner();
    const { host } = makeHost(spawn, { maxBackoffMs: 500 });
    host.start();
    await ticks();
    spawn.children[1]!.crash();
    expect(host.pid).toBe(spawn.children[0]!.pid);
    expect(host.status.restarts).toBe(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(spawn.children).toHaveLength(3);
    host.stop();
  });
});
