import { describe, expect, it } from 'vitest';
import { BackViewBuffer } from './back-view';
import { FacingTracker } from './facing';
import { turnAroundTrack, standingTrack } from '../../../tools/synth/tracks';

describe('back view', () => {
  it('offers the frames of a turn when the shopper faces the mirror again, and frees every frame', () => {
    const closed: number[] = [];
    const b = new BackViewBuffer<number>({ keepMs: 6000, close: (f) => closed.push(f) });
    const facing = new FacingTracker();
    const track = turnAroundTrack(2500, 1500);
    let offers = 0;
    let frame = 0;
    for (const f of track.frames) {
      b.push(frame++, f.tMs);
      if (b.facing(facing.update(f.landmarks, f.tMs), f.tMs)) offers++;
    }
    expect(offers).toBe(1);
    expect(b.replay!.length).toBeGreaterThan(40);
    b.clear();
    expect(closed.length).toBe(frame);
    expect(new Set(closed).size).toBe(frame);
  });

  it('offers nothing to someone who never turns, and keeps only the last seconds', () => {
    const closed: number[] = [];
    const b = new BackViewBuffer<number>({ keepMs: 2000, close: (f) => closed.push(f) });
    const facing = new FacingTracker();
    let i = 0;
    for (const f of standingTrack(10_000).frames) {
      b.push(i++, f.tMs);
      expect(b.facing(facing.update(f.landmarks, f.tMs), f.tMs)).toBe(false);
    }
    expect(b.size).toBeLessThanOrEqual(31);
    expect(closed.length + b.size).toBe(i);
  });
});
