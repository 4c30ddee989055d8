import { describe, expect, it } from 'vitest';
import { SwipeDetector } from '../touchless/swipe';
import { captureTimeMs } from './capture-time';
import type { NormalizedLandmark } from '../../shared/pose';

describe('captureTimeMs', () => {
  it('is the pose\'s capture time when it is a plausible one', () => {
    expect(captureTimeMs({ timestampMs: 1000 }, 1900)).toBe(1000);
    expect(captureTimeMs({ timestampMs: 1900 }, 1900)).toBe(1900);
  });

  it('falls back to now for a time from the future, from long ago, or not a number', () => {
    expect(captureTimeMs({ timestampMs: 2000 }, 1900)).toBe(1900);
    expect(captureTimeMs({ timestampMs: 1 }, 60_000)).toBe(60_000);
    expect(captureTimeMs({ timestampMs: Number.NaN }, 500)).toBe(500);
  });
});

/** A body facing the camera with its right wrist raised at `wristX` (normalised). */
function body(wristX: number): NormalizedLandmark[] {
  const lm = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.5, z: 0, visibility: 0.1, presence: 1 }));
  lm[11] = { x: 0.55, y: 0.3, z: 0, visibility: 1, presence: 1 };
  lm[12] = { x: 0.45, y: 0.3, z: 0, visibility: 1, presence: 1 };
  lm[23] = { x: 0.54, y: 0.6, z: 0, visibility: 1, presence: 1 };
  lm[24] = { x: 0.46, y: 0.6, z: 0, visibility: 1, presence: 1 };
  lm[16] = { x: wristX, y: 0.35, z: 0, visibility: 1, presence: 1 };
  return lm;
}

describe('a swipe timed on capture, not on arrival', () => {
  // A 0.6 s swipe of 2 shoulder widths captured at 30 fps; half-way the machine stalls for a second and then delivers
  // the second half at once: within the detector's 0.9 s window of their arrival only that half's 1 shoulder width is.
  const frames = Array.from({ length: 19 }, (_, i) => ({ captureMs: 1000 + (i * 1000) / 30, x: 0.3 + (0.2 * i) / 18 }));
  const arrivalMs = (captureMs: number): number => (captureMs < 1290 ? captureMs + 30 : 2500);

  it('is seen when timed on the capture clock', () => {
    const swipe = new SwipeDetector();
    const seen = frames.map((f) => swipe.update(body(f.x), 1, captureTimeMs({ timestampMs: f.captureMs }, arrivalMs(f.captureMs))));
    expect(seen.filter(Boolean)).toEqual(['left']);
  });

  it('is missed when timed on arrival (what the stage did before)', () => {
    const swipe = new SwipeDetector();
    const seen = frames.map((f) => swipe.update(body(f.x), 1, arrivalMs(f.captureMs)));
    expect(seen.filter(Boolean)).toEqual([]);
  });
});
