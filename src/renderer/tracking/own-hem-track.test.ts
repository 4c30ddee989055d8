import { describe, expect, it } from 'vitest';
import { OwnHemTrack } from './own-hem-track';

describe('the own sleeves’ ends from frame to frame', () => {
  it('takes the first reading as it is, then follows new ones part of the way per frame', () => {
    const track = new OwnHemTrack();
    track.push({ left: 0.6, right: 0.5 });
    expect(track.current).toEqual({ left: 0.6, right: 0.5 });
    track.push({ left: 0.8, right: 0.5 });
    expect(track.current.left).toBeGreaterThan(0.6);
    expect(track.current.left).toBeLessThan(0.8);
    for (let i = 0; i < 20; i++) track.push({ left: 0.8, right: 0.5 });
    expect(track.current.left).toBeCloseTo(0.8, 3);
  });

  it('holds an arm’s last end through a few frames without a reading, then lets it go', () => {
    const track = new OwnHemTrack();
    track.push({ left: 0.6, right: 0.5 });
    for (let i = 0; i < 6; i++) track.push({ left: null, right: 0.5 });
    expect(track.current.left).toBe(0.6);
    track.push({ left: null, right: 0.5 });
    expect(track.current).toEqual({ left: null, right: 0.5 });
    // Read again: a fresh start, not smoothed from the old value.
    track.push({ left: 0.3, right: 0.5 });
    expect(track.current.left).toBe(0.3);
  });

  it('an engine that sends no readings leaves both arms unknown; nobody tracked forgets them', () => {
    const track = new OwnHemTrack();
    for (let i = 0; i < 10; i++) track.push(undefined);
    expect(track.current).toEqual({ left: null, right: null });
    track.push({ left: 0.6, right: 0.7 });
    track.reset();
    expect(track.current).toEqual({ left: null, right: null });
  });
});
