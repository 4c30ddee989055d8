import { describe, expect, it } from 'vitest';
import {
  AUX_LANDMARKS_ONE_EURO_FILTER,
  LandmarksSmoother,
  OneEuroFilter,
  POSE_LANDMARKS_ONE_EURO_FILTER,
  POSE_LANDMARKS_VELOCITY_FILTER,
  RelativeVelocityFilter,
  VisibilitySmoother,
  WORLD_LANDMARKS_ONE_EURO_FILTER,
  type LandmarkFilterConfig,
} from './filters';

/** Deterministic Gaussian noise (xorshift + Box–Muller) so the tests do not flake. */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const uniform = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function std(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

const W = 640;
const H = 480;
const FRAME_MS = 1000 / 30;

/**
 * Runs a 2-landmark "body" (head and feet 300 px apart, so the object scale is realistic) through a smoother; landmark
 * 0 follows `truthXPx(t)` plus Gaussian noise of `noisePx`. Returns the filtered and raw x of landmark 0 in pixels.
 */
function track(config: LandmarkFilterConfig, frames: number, truthXPx: (frame: number) => number, noisePx: number, seed = 7) {
  const smoother = new LandmarksSmoother(2, 5, config);
  const rnd = noise(seed);
  const buf = new Float32Array(10);
  const raw: number[] = [];
  const filtered: number[] = [];
  for (let f = 0; f < frames; f++) {
    const xPx = truthXPx(f) + noisePx * rnd();
    buf.set([xPx / W, 90 / H, 0, 1, 1, xPx / W, 390 / H, 0, 1, 1]);
    raw.push(xPx);
    smoother.apply(buf, f * FRAME_MS, W, H, config.kind === 'velocity' ? undefined : 300);
    filtered.push(buf[0]! * W);
  }
  return { raw, filtered };
}

describe.each([
  ['velocity (body landmarks, legacy graph)', POSE_LANDMARKS_VELOCITY_FILTER],
  ['one-euro (body landmarks, newer graph)', POSE_LANDMARKS_ONE_EURO_FILTER],
  ['one-euro (aux landmarks)', AUX_LANDMARKS_ONE_EURO_FILTER],
] as const)('LandmarksSmoother %s', (_name, config) => {
  it('reduces the jitter of a static noisy point (body filters are light by design, the ROI filter heavy)', () => {
    const { raw, filtered } = track(config, 150, () => 320, 2);
    const rawJitter = std(raw.slice(30));
    const filteredJitter = std(filtered.slice(30));
    expect(filteredJitter).toBeLessThan(rawJitter * (config === AUX_LANDMARKS_ONE_EURO_FILTER ? 0.3 : 0.75));
  });

  it('follows a point moving at 300 px/s with a bounded lag', () => {
    const speedPxPerFrame = 10;
    const { filtered } = track(config, 60, (f) => 100 + speedPxPerFrame * f, 0);
    const lagPx = Math.max(...filtered.slice(20).map((x, i) => 100 + speedPxPerFrame * (i + 20) - x));
    // The ROI filter is allowed to be much heavier than the body landmarks' filters.
    const bound = config === AUX_LANDMARKS_ONE_EURO_FILTER ? 6 * speedPxPerFrame : 1.5 * speedPxPerFrame;
    expect(lagPx).toBeLessThan(bound);
    expect(lagPx).toBeGreaterThanOrEqual(0);
  });
});

describe('world landmarks One-Euro (no value scaling)', () => {
  it('smooths 1 cm jitter and follows a 1 m/s move', () => {
    const f = new OneEuroFilter(WORLD_LANDMARKS_ONE_EURO_FILTER);
    const rnd = noise(3);
    const raw: number[] = [];
    const out: number[] = [];
    for (let i = 0; i < 120; i++) {
      const v = 0.2 + 0.01 * rnd();
      raw.push(v);
      out.push(f.apply(i * FRAME_MS, 1, v));
    }
    expect(std(out.slice(30))).toBeLessThan(std(raw.slice(30)) * 0.7);
    const g = new OneEuroFilter(WORLD_LANDMARKS_ONE_EURO_FILTER);
    let last = 0;
    for (let i = 0; i < 30; i++) last = g.apply(i * FRAME_MS, 1, i / 30);
    expect(29 / 30 - last).toBeLessThan(0.1);
  });
});

describe('RelativeVelocityFilter', () => {
  it('passes the first value through and ignores non-increasing timestamps', () => {
    const f = new RelativeVelocityFilter(5, 10);
    expect(f.apply(0, 1, 5)).toBe(5);
    expect(f.apply(0, 1, 9)).toBe(9);
    expect(f.apply(33, 1, 5)).toBe(5); // no motion → alpha 0 → the stored value
  });

  it('starts again from scratch after reset', () => {
    const f = new RelativeVelocityFilter(5, 10);
    f.apply(0, 1, 0);
    f.apply(33, 1, 0);
    f.reset();
    expect(f.apply(66, 1, 42)).toBe(42);
  });
});

describe('VisibilitySmoother', () => {
  it('is a low-pass with alpha 0.1', () => {
    const s = new VisibilitySmoother(1, 5);
    const buf = new Float32Array([0, 0, 0, 0, 1]);
    s.apply(buf);
    expect(buf[3]).toBe(0);
    buf[3] = 1;
    s.apply(buf);
    expect(buf[3]).toBeCloseTo(0.1, 6);
    buf[3] = 1;
    s.apply(buf);
    expect(buf[3]).toBeCloseTo(0.19, 6);
  });
});
