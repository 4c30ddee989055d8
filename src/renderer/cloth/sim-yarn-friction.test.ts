import { describe, expect, it } from 'vitest';
import { YarnFriction, type VertexMemory } from './sim-yarn-friction';

/**
 * A tiny stand-in for Jolt's vertex memory: per vertex 8 floats, position at 0 and velocity at 4 (Jolt's Vec3 is four
 * floats), so the friction reads and writes it as it does Jolt's heap.
 */
const MEM: VertexMemory = { base: 0, stride: 32, position: 0, velocity: 16 };
function heapOf(pos: number[][], vel: number[][]): Float32Array {
  const heap = new Float32Array(pos.length * 8);
  pos.forEach((p, i) => heap.set([p[0]!, p[1]!, p[2]!, p[2]!, vel[i]![0]!, vel[i]![1]!, vel[i]![2]!, vel[i]![2]!], 8 * i));
  return heap;
}
const v = (heap: Float32Array, i: number): number[] => [heap[8 * i + 4]!, heap[8 * i + 5]!, heap[8 * i + 6]!];
const p = (heap: Float32Array, i: number): number[] => [heap[8 * i]!, heap[8 * i + 1]!, heap[8 * i + 2]!];

/** A 2 × 3 strip hanging down y from its pinned top row, 0.1 m cells, each free vertex `massKg`. */
function strip(massKg: number, bendNmPerM: number, shearNPerM: number): { friction: YarnFriction; rest: number[][] } {
  const rest = [
    [0, 0, 0],
    [0.1, 0, 0],
    [0, 0.1, 0],
    [0.1, 0.1, 0],
    [0, 0.2, 0],
    [0.1, 0.2, 0],
  ];
  const friction = new YarnFriction({
    columns: 2,
    rows: 3,
    closed: false,
    panelColumns: 0,
    restM: Float32Array.from(rest.flat()),
    invMassPerKg: Float32Array.from(rest.map((_, i) => (i < 2 ? 0 : 1 / massKg))),
    bendFrictionNmPerM: bendNmPerM,
    shearFrictionNPerM: shearNPerM,
  });
  return { friction, rest };
}
const zeros = (n: number): Float32Array => new Float32Array(3 * n);
const carriedOf = (rest: number[][]): Float32Array => Float32Array.from(rest.flatMap((r, i) => [r[0]! - rest[i % 2]![0]!, r[1]! - rest[i % 2]![1]!, r[2]! - rest[i % 2]![2]!]));

describe('the yarns’ internal friction (Coulomb on bending and shear rates)', () => {
  it('leaves a rigid motion of the free cloth alone: no relative rates, no impulse', () => {
    const { friction, rest } = strip(0.002, 2.45e-4, 0.5);
    // Everything, the pins included (as kinematic velocities), translating together.
    const vel = rest.map(() => [0.3, -0.2, 0.5]);
    const heap = heapOf(rest, vel);
    const carried = carriedOf(rest);
    friction.apply(heap, MEM, 1 / 60, carried, zeros(6));
    for (let i = 2; i < 6; i++) expect(v(heap, i).map((x) => +x.toFixed(6))).toEqual([0.3, -0.2, 0.5]);
    expect(friction.dissipatedJ).toBe(0);
  });

  it('takes out momentum-free impulses that slow a bend by at most the friction moment × dt, and never reverse it', () => {
    const massKg = 0.002;
    const { friction, rest } = strip(massKg, 2.45e-4, 0);
    // The bottom row swings out of the plane (z) while the middle row is still: the row-1 hinge bends.
    const vel = rest.map((_, i) => (i >= 4 ? [0, 0, 0.2] : [0, 0, 0]));
    const heap = heapOf(rest, vel);
    const before = [2, 3, 4, 5].map((i) => v(heap, i)[2]!);
    friction.apply(heap, MEM, 1 / 60, carriedOf(rest), zeros(6));
    const after = [2, 3, 4, 5].map((i) => v(heap, i)[2]!);
    expect(after[2]!).toBeLessThan(before[2]!);
    expect(after[2]!).toBeGreaterThan(0); // slowed, not reversed
    expect(friction.dissipatedJ).toBeGreaterThan(0);
    // The energy taken out is the kinetic energy lost.
    const ke = (vs: number[]): number => vs.reduce((s, x) => s + 0.5 * massKg * x * x, 0);
    expect(ke(before) - ke(after)).toBeCloseTo(friction.dissipatedJ, 9);
  });

  it('dissipates what a hysteresis loop does: a swing stopped by the hinge friction alone lost its energy over M × angle', () => {
    // One free vertex on a 0.1 m arm from a held pin (the row-1 vertex of a one-column strip, the rest held), turning
    // about the pin; only the pinned hinge's friction acts. Coulomb friction stops it after turning by KE / M.
    const massKg = 0.002;
    const momentPerM = 2.45e-4;
    const rest = [
      [0, 0, 0],
      [0.1, 0, 0],
      [0, 0.1, 0],
      [0.1, 0.1, 0],
    ];
    const friction = new YarnFriction({
      columns: 2,
      rows: 2,
      closed: false,
      panelColumns: 0,
      restM: Float32Array.from(rest.flat()),
      invMassPerKg: Float32Array.from([0, 0, 1 / massKg, 0]),
      bendFrictionNmPerM: momentPerM,
      shearFrictionNPerM: 0,
    });
    // Vertex 2's hinges: the pinned one (arm 0.1 m, hinge 0.1 m across: moment 2.45e-5 N·m); no row hinge (2 columns).
    const momentNm = momentPerM * 0.1;
    const armM = 0.1;
    const speed = 0.3;
    const heap = heapOf(rest, rest.map((_, i) => (i === 2 ? [0, 0, speed] : [0, 0, 0])));
    const carried = carriedOf(rest);
    const dtS = 1 / 600;
    let angle = 0;
    let steps = 0;
    for (; steps < 100000; steps++) {
      friction.apply(heap, MEM, dtS, carried, zeros(4));
      const vz = v(heap, 2);
      const s = Math.hypot(vz[0]!, vz[1]!, vz[2]!);
      if (s < 1e-7) break;
      // Move it round the pin on its arm (the solver's job), keeping the velocity tangent.
      const pos = p(heap, 2);
      const nx = pos[0]! + vz[0]! * dtS;
      const ny = pos[1]! + vz[1]! * dtS;
      const nz = pos[2]! + vz[2]! * dtS;
      const r = Math.hypot(nx, ny, nz);
      const ux = nx / r;
      const uy = ny / r;
      const uz = nz / r;
      heap.set([ux * armM, uy * armM, uz * armM], 16);
      // The arm's length constraint takes the radial part of the velocity (no work: it is perpendicular to the path).
      const radial = vz[0]! * ux + vz[1]! * uy + vz[2]! * uz;
      heap.set([vz[0]! - radial * ux, vz[1]! - radial * uy, vz[2]! - radial * uz], 20);
      angle += (s * dtS) / armM;
    }
    const keJ = 0.5 * massKg * speed * speed;
    console.log(`hinge friction ${momentNm.toExponential(2)} N·m stopped a ${keJ.toExponential(2)} J swing after ${(angle * 180 / Math.PI).toFixed(1)}° (KE / M = ${((keJ / momentNm) * 180 / Math.PI).toFixed(1)}°), ${steps} steps`);
    // Within 2 %: the stand-in solver's explicit steps round the pin lose a little energy of their own.
    expect(Math.abs(friction.dissipatedJ - keJ) / keJ).toBeLessThan(0.02);
    expect(Math.abs(angle - keJ / momentNm) / (keJ / momentNm)).toBeLessThan(0.02);
  });

  it('slows a cell’s shear by its diagonals (equal and opposite), not a stretch of both', () => {
    const massKg = 0.002;
    const { friction, rest } = strip(massKg, 0, 0.5);
    // Bottom row sliding sideways (x) against the still middle row: the lower cell shears.
    const shear = heapOf(rest, rest.map((_, i) => (i >= 4 ? [0.2, 0, 0] : [0, 0, 0])));
    friction.apply(shear, MEM, 1 / 60, carriedOf(rest), zeros(6));
    expect(friction.dissipatedJ).toBeGreaterThan(0);
    const momentum = [2, 3, 4, 5].reduce((s, i) => s + v(shear, i)[0]!, 0);
    expect(momentum).toBeCloseTo(0.4, 5); // internal impulses among free vertices only (the upper cell has held ones)
    // Stretching both diagonals alike (the bottom row moving straight down) is no shear.
    const { friction: f2 } = strip(massKg, 0, 0.5);
    const stretch = heapOf(rest, rest.map((_, i) => (i >= 4 ? [0, 0.2, 0] : [0, 0, 0])));
    f2.apply(stretch, MEM, 1 / 60, carriedOf(rest), zeros(6));
    expect(f2.dissipatedJ).toBeCloseTo(0, 12);
  });
});
