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

  it.each([30, 60, 90, 120, 150, 160, 170, 175])("a %i° elbow turns a wide strip without turning any cell over (all keep the straight strip's orientation)", (deg) => {
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

  it.each([
    [150, 30, 152, 113],
    [120, 30, 152, 113],
    [150, 45, 100, 60],
    [90, 60, 80, 80],
    [60, 40, 12, 100],
    [150, 40, 12, 100],
  ])('a %i° elbow with a %i px half-width on %i / %i px segments keeps every cell the right way round', (deg, tMax, l1, l2) => {
    for (const sign of [1, -1]) {
      const a = (sign * deg * Math.PI) / 180;
      const path = new LimbPath();
      // The rig's bend: at least the strip's half-width long.
      path.set(0, 0, 0, l1, l2 * Math.sin(a), l1 + l2 * Math.cos(a), true, tMax);
      for (let s = -20; s < l1 + l2 + 40; s += 2) {
        for (let t = -tMax; t < tMax; t += 5) {
          for (const area of cellArea(path, s, s + 2, t, t + 5, tMax)) expect(area, `${deg}° s=${s} t=${t}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("keeps every cell the right way round when rows' outer sides are widened on their own (a sleeve laid on the person mask)", () => {
    for (const deg of [60, 120, 150]) {
      for (const sign of [1, -1]) {
        const a = (sign * deg * Math.PI) / 180;
        const path = new LimbPath();
        path.set(0, 0, 0, 152, 113 * Math.sin(a), 152 + 113 * Math.cos(a), true, 30);
        // Every third row's outer side 40 px out instead of 30; the rig passes each row's widest half as tMax.
        const outer = Math.sign(a); // for a > 0 the path turns towards −t: +t is the outer side
        const halfOf = (s: number): number => (Math.floor(s / 4) % 3 === 0 ? 40 : 30);
        const tOf = (s: number, u: number): number => (u * outer > 0 ? u * halfOf(s) : u * 30);
        const p = new Float64Array(8);
        for (let s = -10; s < 290; s += 4) {
          for (let j = 0; j < 8; j++) {
            const t0 = (j / 8) * 2 - 1;
            const t1 = ((j + 1) / 8) * 2 - 1;
            path.point(s, tOf(s, t0), halfOf(s), p, 0);
            path.point(s + 4, tOf(s + 4, t0), halfOf(s + 4), p, 2);
            path.point(s + 4, tOf(s + 4, t1), halfOf(s + 4), p, 4);
            path.point(s, tOf(s, t1), halfOf(s), p, 6);
            const tri = (i: number, k: number, l: number): number => (p[k]! - p[i]!) * (p[l + 1]! - p[i + 1]!) - (p[k + 1]! - p[i + 1]!) * (p[l]! - p[i]!);
            expect(tri(0, 2, 4), `${deg}° s=${s} j=${j}`).toBeGreaterThan(0);
            expect(tri(0, 4, 6), `${deg}° s=${s} j=${j}`).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it("fills a sharply bent joint's crook to where the segments' inner edges meet", () => {
    // The mirror clip's frame 96: an upper arm 152 px down, the forearm folded back up by 150° (113 px), a sleeve
    // 20 px wide either side. The inner edges meet 20 / sin 15° = 77 px from the elbow along the bisector: the arm's
    // flesh fills the crook up to there. (Squeezed inside the bend's radius, the edge stayed 18 px from the elbow,
    // leaving an almond of bare arm.)
    const a = (150 * Math.PI) / 180;
    const path = new LimbPath();
    // The rig's call: the bend at least the strip's widest half-width long.
    path.set(0, 0, 0, 152, 113 * Math.sin(a), 152 + 113 * Math.cos(a), true, 20);
    const out = new Float64Array(2);
    path.point(path.firstLength, -20, 20, out, 0);
    const fromElbow = Math.hypot(out[0]!, out[1]! - 152);
    const mitre = 20 / Math.sin((15 * Math.PI) / 180);
    expect(fromElbow).toBeGreaterThan(mitre);
    expect(fromElbow).toBeLessThan(mitre + 0.3 * 113);
    // Far along either segment the strip is the straight one.
    path.point(30, -20, 20, out, 0);
    expect(out[0]).toBeCloseTo(20, 6);
    expect(out[1]).toBeCloseTo(30, 6);
  });

  it("gives a point's place on the segment on its side of the bend: its own (s, t) on a straight stretch", () => {
    const a = (150 * Math.PI) / 180;
    const path = new LimbPath();
    path.set(0, 0, 0, 152, 113 * Math.sin(a), 152 + 113 * Math.cos(a), true, 20);
    const p = new Float64Array(2);
    const st = new Float64Array(2);
    // Straight parts of either segment, both sides (the crook's rows reach 20 · tan 75° + 0.3 · 113 = 109 px either
    // way of the elbow, s 43…261): the point's own coordinates back.
    const inner = path.innerSide;
    expect(Math.abs(inner)).toBe(1);
    for (const [s, t] of [[30, 15 * inner], [30, -12 * inner], [263, 18 * inner], [230, -9 * inner]] as const) {
      path.point(s, t, 20, p, 0);
      path.segmentCoordinates(p[0]!, p[1]!, st);
      expect(st[0]).toBeCloseTo(s, 6);
      expect(st[1]).toBeCloseTo(t, 6);
    }
    // In the crook, whose bisector leaves the elbow 15° off the upper arm. (The upper arm runs down +y; its left-hand
    // normal is −x, and the forearm turns back up towards +x: the crook is at +x.) 10 px up the upper arm and 2 px
    // in (11° off it): on the upper arm's cloth.
    path.segmentCoordinates(2, 142, st);
    expect(st[0]).toBeCloseTo(142, 6);
    expect(st[1]).toBeCloseTo(-2, 6);
    // 10 px along the forearm and 1 px towards the upper arm (24° off it): on the forearm's cloth.
    const u = [Math.sin(a), Math.cos(a)];
    const n = [-u[1]!, u[0]!];
    path.segmentCoordinates(10 * u[0]! - n[0]!, 152 + 10 * u[1]! - n[1]!, st);
    expect(st[0]).toBeCloseTo(162, 6);
    expect(st[1]).toBeCloseTo(-1, 6);
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
