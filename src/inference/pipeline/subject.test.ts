import { describe, expect, it } from 'vitest';
import { PresenceDebouncer, selectSubject, subjectScore } from './subject';
import type { Detection } from './types';

/** A person with hip centre (x, y) and body radius r (normalised to a square frame). */
function person(x: number, y: number, r: number, score = 0.9): Detection {
  return { score, xMin: x - 0.05, yMin: y - r, width: 0.1, height: 0.1, keypoints: new Float32Array([x, y, x, y - r, 0, 0, 0, 0]) };
}

describe('selectSubject', () => {
  it('prefers the larger person, whatever the detector score', () => {
    const dets = [person(0.5, 0.6, 0.1, 0.99), person(0.45, 0.6, 0.3, 0.6)];
    expect(selectSubject(dets, 1000, 1000)).toBe(1);
  });

  it('prefers the central person among equal sizes', () => {
    const dets = [person(0.1, 0.5, 0.2), person(0.55, 0.5, 0.2), person(0.9, 0.5, 0.2)];
    expect(selectSubject(dets, 1000, 1000)).toBe(1);
    expect(subjectScore(dets[1]!, 1000, 1000)).toBeGreaterThan(subjectScore(dets[0]!, 1000, 1000));
  });

  it('keeps the person it was tracking even if someone bigger walks in', () => {
    const tracked = person(0.3, 0.6, 0.15);
    const bigger = person(0.7, 0.6, 0.3);
    const previousRoi = { xCenterNorm: 0.3, yCenterNorm: 0.6, widthNorm: 0.4, heightNorm: 0.4, rotationRad: 0 };
    expect(selectSubject([bigger, tracked], 1000, 1000, previousRoi)).toBe(1);
    // …but falls back to the best score when the tracked person is gone.
    expect(selectSubject([bigger], 1000, 1000, previousRoi)).toBe(0);
  });

  it('returns -1 when nobody is detected', () => {
    expect(selectSubject([], 640, 480)).toBe(-1);
  });
});

describe('PresenceDebouncer', () => {
  it('reports absent only after N frames without a person', () => {
    const d = new PresenceDebouncer(3);
    expect(d.update(false)).toBe('absent'); // nobody seen yet
    expect(d.update(true)).toBe('present');
    expect(d.update(false)).toBe('holding');
    expect(d.update(false)).toBe('holding');
    expect(d.update(false)).toBe('absent');
    expect(d.update(false)).toBe('absent');
    expect(d.update(true)).toBe('present');
  });

  it('a slow engine does not hold a person who left for more than absentAfterMs', () => {
    const d = new PresenceDebouncer(5, 300);
    expect(d.update(true, 0)).toBe('present');
    // 2.5 frames per second: the first empty frame is already 400 ms after the person was last seen.
    expect(d.update(false, 400)).toBe('absent');
    expect(d.update(true, 800)).toBe('present');
    // 30 frames per second: frames still count, and the hold ends at 300 ms at the latest.
    expect(d.update(false, 833)).toBe('holding');
    expect(d.update(false, 1066)).toBe('holding');
    expect(d.update(false, 1100)).toBe('absent');
  });
});
