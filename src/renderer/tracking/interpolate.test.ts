import { describe, expect, it } from 'vitest';
import { LandmarkTrack } from './interpolate';

const frame = (x: number, y: number): Float64Array => Float64Array.of(x, y, x * 2, y * 2);

describe('LandmarkTrack', () => {
  it('returns empty and leaves out untouched with no data', () => {
    const track = new LandmarkTrack(4);
    const out = Float64Array.of(9, 9, 9, 9);
    expect(track.sample(10, out)).toBe('empty');
    expect([...out]).toEqual([9, 9, 9, 9]);
  });

  it('reproduces samples exactly and interpolates linearly between them', () => {
    const track = new LandmarkTrack(4);
    track.push(0, frame(0, 100));
    track.push(40, frame(40, 60));
    track.push(80, frame(120, 60));
    const out = new Float64Array(4);
    expect(track.sample(40, out)).toBe('interpolated');
    expect([...out]).toEqual([40, 60, 80, 120]);
    track.sample(10, out);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeCloseTo(90, 12);
    track.sample(60, out);
    expect(out[0]).toBeCloseTo(80, 12);
    expect(out[3]).toBeCloseTo(120, 12);
  });

  it('predicts along the last velocity, then holds after maxPredictMs', () => {
    const track = new LandmarkTrack(4, { maxPredictMs: 50 });
    track.push(0, frame(0, 0));
    track.push(33, frame(33, -66));
    const out = new Float64Array(4);
    expect(track.sample(43, out)).toBe('predicted');
    expect(out[0]).toBeCloseTo(43, 9);
    expect(out[1]).toBeCloseTo(-86, 9);
    expect(track.sample(500, out)).toBe('held');
    // Capped at 50 ms past the newest result.
    expect(out[0]).toBeCloseTo(83, 9);
  });

  it('ignores stale or duplicate results and keeps only `capacity` of them', () => {
    const track = new LandmarkTrack(4, { capacity: 2 });
    expect(track.push(10, frame(1, 1))).toBe(true);
    expect(track.push(10, frame(5, 5))).toBe(false);
    expect(track.push(5, frame(5, 5))).toBe(false);
    track.push(20, frame(2, 2));
    track.push(30, frame(3, 3));
    expect(track.size).toBe(2);
    const out = new Float64Array(4);
    // t = 10 is older than anything kept: the oldest (t = 20) is held.
    expect(track.sample(10, out)).toBe('held');
    expect(out[0]).toBe(2);
    track.clear();
    expect(track.sample(30, out)).toBe('empty');
  });

  it('with a single result holds it for any time', () => {
    const track = new LandmarkTrack(4);
    track.push(100, frame(7, 8));
    const out = new Float64Array(4);
    expect(track.sample(150, out)).toBe('held');
    expect(out[0]).toBe(7);
    expect(track.sample(100, out)).toBe('interpolated');
  });

  it('rejects frames with too few values', () => {
    expect(() => new LandmarkTrack(4).push(0, [1, 2])).toThrow(/expected 4/);
  });
  it('does not extrapolate a velocity measured over a long gap (slow engine): it holds the newest result', () => {
    const track = new LandmarkTrack(1, { maxPredictMs: 100, maxGapToPredictMs: 250 });
    const out = new Float64Array(1);
    track.push(0, [0]);
    track.push(400, [40]);
    expect(track.sample(450, out)).toBe('held');
    expect(out[0]).toBe(40);
    track.push(500, [50]);
    expect(track.sample(550, out)).toBe('predicted');
    expect(out[0]).toBeCloseTo(55, 9);
  });
});
