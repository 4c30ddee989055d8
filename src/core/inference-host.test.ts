import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeSpawner } from '../../tests/fakes/inference';
import type { CameraFrame, EngineStatus } from '../shared/contract';
import type { PoseFrame } from '../shared/pose';
import { InferenceHost, type InferenceHostOptions } from './inference-host';
import { createLogger } from './log';

const log = createLogger('test', 'silent');
const init = { modelsDir: '/m', modelSize: 'full' as const, ep: 'cpu' as const, mask: 'pose' as const, absentAfterFrames: 15, hands: 'lite' as const };

function frame(frameId: number): CameraFrame {
  return { frameId, timestampMs: frameId * 33, widthPx: 16, heightPx: 16, data: new Uint8Array(16 * 16 * 4) };
}

const pose = (frameId: number): PoseFrame => ({ frameId, timestampMs: 0, landmarks: [], worldLandmarks: [], presence: 1, mask: null, stagesMs: {}, provider: 'cpu' });

function makeHost(spawn: InferenceHostOptions['spawn'], extra: Partial<InferenceHostOptions> = {}) {
  const poses: PoseFrame[] = [];
  const statuses: EngineStatus[] = [];
  const host = new InferenceHost({ spawn, init, log, onPose: (p) => poses.push(p), onStatus: (s) => statuses.push(s), ...extra });
  return { host, poses, statuses };
}

afterEach(() => vi.useRealTimers());

describe('InferenceHost', () => {
  it('starts the process, sends init, reports running with the provider', async () => {
    const spawn = fakeSpawner();
    const { host, statuses } = makeHost(spawn);
    host.start();
    await Promise.resolve();
    expect(spawn.children[0]!.received[0]).toEqual({ t: 'init', init });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'running']);
    expect(host.status).toMatchObject({ provider: 'cpu', providerNotes: ['cuda: not installed'] });
    host.stop();
  });

  it('keeps one frame in flight and only the newest waiting: older frames are dropped, never queued', async () => {
    vi.useFakeTimers();
    const spawn = fakeSpawner((c) => (c.answerFramesAfterMs = 50));
    const { host, poses } = makeHost(spawn);
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 1; i <= 10; i++) host.submitFrame(frame(i));
    expect(spawn.children[0]!.frames()).toEqual([1]);
    await vi.advanceTimersByTimeAsync(50);
    expect(spawn.children[0]!.frames()).toEqual([1, 10]);
    await vi.advanceTimersByTimeAsync(50);
    expect(poses.map((p) => p.frameId)).toEqual([1, 10]);
    expect(host.droppedFrames).toBe(8);
    host.stop();
  });

  it('restarts a crashed process with growing back-off and remembers why it died', async () => {
    vi.useFakeTimers();
    const spawn = fakeSpawner();
    const { host } = makeHost(spawn, { minBackoffMs: 100, maxBackoffMs: 400 });
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    spawn.children[0]!.crash('exited with code 134');
    expect(host.status).toMatchObject({ state: 'restarting', lastError: 'exited with code 134', restarts: 1 });
    await vi.advanceTimersByTimeAsync(99);
    expect(spawn.children).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawn.children).toHaveLength(2);
    spawn.children[1]!.crash();
    await vi.advanceTimersByTimeAsync(199);
    expect(spawn.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawn.children).toHaveLength(3);
    spawn.children[2]!.crash();
    await vi.advanceTimersByTimeAsync(400);
    expect(spawn.children).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(host.status.state).toBe('running');
    host.stop();
  });

  it('kills and restarts a process that stops answering', async () => {
    vi.useFakeTimers();
    const spawn = fakeSpawner((c) => (c.answerFramesAfterMs = null));
    const { host } = makeHost(spawn, { hangTimeoutMs: 2000, minBackoffMs: 10 });
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    host.submitFrame(frame(1));
    await vi.advanceTimersByTimeAsync(1900);
    expect(spawn.children[0]!.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1200);
    expect(spawn.children[0]!.killed).toBe(true);
    expect(host.status.lastError).toMatch(/hung/);
    await vi.advanceTimersByTimeAsync(20);
    expect(spawn.children).toHaveLength(2);
    host.stop();
  });

  it('ignores malformed messages from the process and goes on', async () => {
    const spawn = fakeSpawner();
    const { host, poses } = makeHost(spawn);
    host.start();
    await Promise.resolve();
    const c = spawn.children[0]!;
    c.emit('garbage');
    c.emit({ t: 'pose', pose: { frameId: 'x' } });
    c.emit({ t: 'pose', pose: { frameId: 1, timestampMs: 0, landmarks: [], worldLandmarks: [], presence: 2, mask: null, stagesMs: {}, provider: 'cpu' } });
    // A mask over the ROI whose bytes do not fill it, and one whose placement has no area.
    const roiMask = { widthPx: 128, heightPx: 128, data: new Uint8Array(128 * 128), frameFromMask: [0.5, 0, 0.25, 0, 0.5, 0.25] };
    c.emit({ t: 'pose', pose: { ...pose(3), mask: { ...roiMask, data: new Uint8Array(64) } } });
    c.emit({ t: 'pose', pose: { ...pose(4), mask: { ...roiMask, frameFromMask: [0, 0, 0.25, 0, 0, 0.25] } } });
    expect(poses).toHaveLength(0);
    c.emit({ t: 'pose', pose: { ...pose(5), mask: roiMask } });
    expect(poses.map((p) => p.frameId)).toEqual([5]);
    expect(host.status.state).toBe('running');
    host.stop();
  });
});
