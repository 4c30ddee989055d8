import { describe, expect, it } from 'vitest';
import { LimbPath, mapAlong } from './limb';

/** Signed area of the quad cell (s0..s1) × (t0..t1) mapped by the path, as two triangles' sum. */
function cellArea(path: LimbPath, s0: number, s1: number, t0: number, t1: number, tMax: number): number[] {
  const p = new Float64Array(8);
  path.point(s0, t0, tMax, p, 0);
  path.point(s1, t0, tMax, p, 2);
  path.point(s1, t1, tMax, p, 4);
  path.point(s0, t1, tMax, p, 6);
  const tri = (a: number, b: number, c: number): number =>
    ((p[b]! - p[a]!) * (p[c + 1]! - p[a + 1]!) - (p[b + 1]! - p[a + 1]!) * (p[c]! - p[a]!)) / 2;
  return [tri(0, 2, 4), tri(0, 4, 6)];
}

describe('LimbPath', () => {
  it('is the straight strip when the limb is straight', () => {
    const path = new LimbPath();
    path.set(0, 0, 0, 100, 0, 200, true);
    const out = new Float64Array(2);
    path.point(150, 10, 20, out, 0);
    // Down the y axis; the left-hand normal of (0, 1) is (−1, 0).
    expect(out[0]).toBeCloseTo(-10, 9);
    expect(out[1]).toBeCloseTo(150, 9);
  });

  it.each([30, 60, 90, 120, 150, 170])("a %i° elbow turns a wide strip without turning any cell over (all keep the straight strip's orientation)", (deg) => {
    for (const sign of [1, -1]) {
      const a = (sign * deg * Math.PI) / 180;
      const path = new LimbPath();
      // Upper arm 120 px down, forearm 100 px turning by `deg`; the strip is 40 px wide each side.
      path.set(0, 0, 0, 120, 100 * Math.sin(a), 120 + 100 * Math.cos(a), true, 40);
      const tMax = 40;
      for (let s = -20; s < 240; s += 4) {
        for (let t = -tMax; t < tMax; t += 8) {
          for (const area of cellArea(path, s, s + 4, t, t + 8, tMax)) expect(area, `${deg}° s=${s} t=${t}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('passes through its end joints and near its middle one', () => {
    const path = new LimbPath();
    path.set(0, 0, 0, 100, 100, 100, true);
    const out = new Float64Array(2);
    path.point(0, 0, 10, out, 0);
    expect([out[0], out[1]]).toEqual([0, 0]);
    path.point(path.length, 0, 10, out, 0);
    expect(out[0]).toBeCloseTo(100, 9);
    expect(out[1]).toBeCloseTo(100, 9);
    path.point(path.firstLength, 0, 10, out, 0);
    // A right-angle bend 30 px long each side cuts the corner by (30 / 2) · sin 45°.
    expect(Math.hypot(out[0]!, out[1]! - 100)).toBeCloseTo(15 * Math.SQRT1_2, 6);
  });
});

describe('mapAlong', () => {
  it('maps knot to knot, linearly between, straight on past the ends', () => {
    const from = [0, 100, 200];
    const to = [0, 50, 250];
    expect(mapAlong(100, from, to, 3)).toBe(50);
    expect(mapAlong(150, from, to, 3)).toBe(150);
    expect(mapAlong(-10, from, to, 3)).toBe(-5);
    expect(mapAlong(210, from, to, 3)).toBe(270);
  });
});
