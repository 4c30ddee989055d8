import { describe, expect, it } from 'vitest';
import { AIR_KG_PER_M3, AirDrag, PLATE_DRAG_COEFFICIENT } from './sim-air-drag';
import type { VertexMemory } from './sim-yarn-friction';

/** A stand-in for Jolt's vertex memory, as in sim-yarn-friction.test.ts: 8 floats a vertex, velocity at float 4. */
const MEM: VertexMemory = { base: 0, stride: 32, position: 0, velocity: 16 };
const DT_S = 1 / 60;

/** A 2 × 2 grid, one 0.1 m square cell in the x–y plane (normal z), top row held, bottom row `massKg` each. */
function cell(massKg: number, vel: (i: number) => number[]): { drag: AirDrag; heap: Float32Array } {
  const pos = [
    [0, 0, 0],
    [0.1, 0, 0],
    [0, 0.1, 0],
    [0.1, 0.1, 0],
  ];
  const heap = new Float32Array(32);
  pos.forEach((p, i) => {
    const v = vel(i);
    heap.set([p[0]!, p[1]!, p[2]!, p[2]!, v[0]!, v[1]!, v[2]!, v[2]!], 8 * i);
  });
  const drag = new AirDrag({ columns: 2, rows: 2, closed: false, panelColumns: 0, invMassPerKg: Float32Array.from([0, 0, 1 / massKg, 1 / massKg]) });
  return { drag, heap };
}
const vz = (heap: Float32Array, i: number): number => heap[8 * i + 6]!;

describe('the air’s drag, face by face (a flat plate’s pressure drag along its normal)', () => {
  it('takes ½·ρ·C_d·A·v³ per second from cloth moving face-on, as impulses along the normal', () => {
    // The whole cell, pins included, moving face-on at 0.4 m/s: each face's normal speed is 0.4.
    const massKg = 1;
    const { drag, heap } = cell(massKg, () => [0, 0, 0.4]);
    drag.apply(heap, MEM, DT_S);
    // Half of it from the cloth: of each face's drag a third goes to each of its vertices, and a held vertex's third is
    // the body's (the cell's two faces have one and two free vertices).
    const expectedJ = 0.5 * (0.5 * AIR_KG_PER_M3 * PLATE_DRAG_COEFFICIENT * 0.01 * 0.4 ** 3 * DT_S);
    expect(drag.dissipatedJ / expectedJ).toBeCloseTo(1, 4);
    // The kinetic energy the free vertices lost is what it says it took (heavy vertices: one step's change is small).
    const lostJ = 2 * 0.5 * massKg * 0.4 ** 2 - 0.5 * massKg * (vz(heap, 2) ** 2 + vz(heap, 3) ** 2);
    // (Float32 velocities: the kinetic energies agree to a few parts in a thousand.)
    expect(lostJ / expectedJ).toBeCloseTo(1, 2);
    expect(vz(heap, 2)).toBeLessThan(0.4);
    // The held vertices are the body's: never touched.
    expect(vz(heap, 0)).toBeCloseTo(0.4, 6);
    for (const i of [2, 3]) {
      expect(heap[8 * i + 4]).toBe(0);
      expect(heap[8 * i + 5]).toBe(0);
    }
  });

  it('leaves cloth sliding edgewise alone (a skirt’s front panel in a sideways swing)', () => {
    const { drag, heap } = cell(0.002, () => [0.3, -0.2, 0]);
    const before = heap.slice();
    drag.apply(heap, MEM, DT_S);
    expect(Array.from(heap)).toEqual(Array.from(before));
    expect(drag.dissipatedJ).toBe(0);
  });

  it('slows a face’s normal motion and never reverses it, however light the cloth', () => {
    // A gram of cloth at 5 m/s: the drag's impulse in one step would be several times its momentum.
    const { drag, heap } = cell(1e-4, (i) => (i >= 2 ? [0, 0, 5] : [0, 0, 0]));
    for (let s = 0; s < 5; s++) drag.apply(heap, MEM, DT_S);
    for (const i of [2, 3]) {
      expect(vz(heap, i)).toBeGreaterThanOrEqual(0);
      expect(vz(heap, i)).toBeLessThan(5);
    }
  });

  it('measuring only, adds the same energy and leaves the velocities as they were', () => {
    const a = cell(1, () => [0, 0, 0.4]);
    const b = cell(1, () => [0, 0, 0.4]);
    const before = b.heap.slice();
    a.drag.apply(a.heap, MEM, DT_S);
    b.drag.apply(b.heap, MEM, DT_S, true);
        // (Applied, the second face sees the first one's change: the same to 1e-4.)
    expect(b.drag.dissipatedJ / a.drag.dissipatedJ).toBeCloseTo(1, 4);
    expect(Array.from(b.heap)).toEqual(Array.from(before));
  });
});
