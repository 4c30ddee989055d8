import { describe, expect, it } from 'vitest';
import type { PoseFrame } from '../shared/pose';
import { ENGINE_IDLE_TAKEOVER_MS, PoseRouter } from './pose-router';

const pose = (frameId: number): PoseFrame => ({ frameId, timestampMs: frameId, landmarks: [], worldLandmarks: [], presence: 0, mask: null, stagesMs: { total: 1 }, provider: 'cpu' });

describe('PoseRouter', () => {
  it('leases the engine to one peer, delivers its poses to it only, and resets on a new holder', () => {
    let now = 0;
    let resets = 0;
    const r = new PoseRouter(() => resets++, () => now);
    const got: Record<string, number[]> = { a: [], b: [] };
    r.listen('a', (p) => got.a!.push(p.frameId));
    r.listen('b', (p) => got.b!.push(p.frameId));
    r.claim('a');
    expect(resets).toBe(1);
    expect(() => r.claim('b')).toThrow(expect.objectContaining({ code: 'busy' }));
    r.deliver(pose(1), 'a');
    r.deliver(pose(2), 'b');
    r.deliver(pose(3), undefined);
    expect(got).toEqual({ a: [1], b: [] });
    // The holder goes quiet: another mirror may take over, and the old holder's late answers go nowhere.
    now += ENGINE_IDLE_TAKEOVER_MS;
    r.claim('b');
    expect(resets).toBe(2);
    r.deliver(pose(4), 'a');
    r.deliver(pose(5), 'b');
    expect(got).toEqual({ a: [1], b: [5] });
    r.release('b');
    expect(r.current).toBeNull();
    r.claim('a');
    expect(r.current).toBe('a');
  });
});
