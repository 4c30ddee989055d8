import { describe, expect, it } from 'vitest';
import { bodyVisibility, capsuleOcclusion } from './body-occlusion';

/** Seeded uniform [0, 1) (a linear congruential generator: the same rays every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** Closest distance between the ray p + t·dir (t ≥ 0) and the segment a–b. */
function raySegmentDistance(p: number[], dir: number[], a: number[], b: number[]): number {
  // Sampled along the segment: fine enough for a check (the segment in 400 steps, the ray's closest point exact).
  let best = Infinity;
  for (let i = 0; i <= 400; i++) {
    const q = [0, 1, 2].map((k) => a[k]! + ((b[k]! - a[k]!) * i) / 400);
    const t = Math.max(0, (q[0]! - p[0]!) * dir[0]! + (q[1]! - p[1]!) * dir[1]! + (q[2]! - p[2]!) * dir[2]!);
    best = Math.min(best, Math.hypot(p[0]! + t * dir[0]! - q[0]!, p[1]! + t * dir[1]! - q[1]!, p[2]! + t * dir[2]! - q[2]!));
  }
  return best;
}

/** The blocked share of the cosine-weighted hemisphere over (p, n), by casting rays (n: unit). */
function castOcclusion(p: number[], n: number[], a: number[], b: number[], r: number, rays = 1500): number {
  const rand = random(7);
  // An orthonormal frame round n.
  const t0 = Math.abs(n[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = [n[1]! * t0[2]! - n[2]! * t0[1]!, n[2]! * t0[0]! - n[0]! * t0[2]!, n[0]! * t0[1]! - n[1]! * t0[0]!];
  const lu = Math.hypot(u[0]!, u[1]!, u[2]!);
  for (let k = 0; k < 3; k++) u[k]! /= lu;
  const v = [n[1]! * u[2]! - n[2]! * u[1]!, n[2]! * u[0]! - n[0]! * u[2]!, n[0]! * u[1]! - n[1]! * u[0]!];
  let hit = 0;
  for (let i = 0; i < rays; i++) {
    // Cosine-weighted: a uniform point on the disc, lifted onto the hemisphere (Malley's method).
    const rr = Math.sqrt(rand());
    const phi = 2 * Math.PI * rand();
    const x = rr * Math.cos(phi);
    const y = rr * Math.sin(phi);
    const z = Math.sqrt(Math.max(0, 1 - x * x - y * y));
    const dir = [0, 1, 2].map((k) => x * u[k]! + y * v[k]! + z * n[k]!);
    if (raySegmentDistance(p, dir, a, b) <= r) hit++;
  }
  return hit / rays;
}

describe('body occlusion (a capsule’s share of the sky a cloth point sees)', () => {
  // A limb along y from −3 to 3 (radius 1); the cloth point on the x axis.
  const a = [0, -3, 0];
  const b = [0, 3, 0];
  const cases: Array<{ name: string; p: number[]; n: number[] }> = [
    { name: 'facing it from 1.3 radii', p: [1.3, 0, 0], n: [-1, 0, 0] },
    { name: 'facing it from 2 radii', p: [2, 0, 0], n: [-1, 0, 0] },
    { name: 'facing it from 4 radii', p: [4, 0, 0], n: [-1, 0, 0] },
    { name: 'turned 60° from it, 2 radii', p: [2, 0, 0], n: [-0.5, 0, Math.sqrt(3) / 2] },
    { name: 'tilted 45° along it, 2 radii', p: [2, 0, 0], n: [-Math.SQRT1_2, Math.SQRT1_2, 0] },
    { name: 'half a radius past its end, 2 radii out', p: [2, 3.5, 0], n: [-1, 0, 0] },
    { name: 'facing away', p: [2, 0, 0], n: [1, 0, 0] },
  ];
  for (const c of cases) {
    it(`${c.name}: within 0.05 of the share rays cast at it find`, () => {
      const approx = capsuleOcclusion(c.p, c.n, a, b, 1);
      const cast = castOcclusion(c.p, c.n, a, b, 1);
      console.log(`${c.name}: approximation ${approx.toFixed(3)}, rays ${cast.toFixed(3)}`);
      expect(Math.abs(approx - cast)).toBeLessThan(0.05);
    });
  }

  it('is scale-free and multiplies the light left by each capsule', () => {
    const p = [2, 0, 0];
    const n = [-1, 0, 0];
    expect(capsuleOcclusion(p.map((x) => 50 * x), n, a.map((x) => 50 * x), b.map((x) => 50 * x), 50)).toBeCloseTo(capsuleOcclusion(p, n, a, b, 1), 6);
    const one = 1 - capsuleOcclusion(p, n, a, b, 1);
    const mirrored: [number[], number[], number] = [[4, -3, 0], [4, 3, 0], 1];
    expect(bodyVisibility(p, [-1, 0, 0], [[a, b, 1], mirrored])).toBeCloseTo(one, 6);
    expect(bodyVisibility(p, [0, 0, 1], [[a, b, 1], mirrored])).toBeGreaterThan(0.4);
    expect(bodyVisibility(p, [0, 0, 1], [])).toBe(1);
  });
});
