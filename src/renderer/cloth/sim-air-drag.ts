/**
 * The air's drag on a {@link HemCloth}, face by face: each triangle of the grid is a small flat plate, and a plate
 * moving through still air feels a pressure drag along its normal, ½·ρ·C_d·A·v_n², and almost none along itself (skin
 * friction, C_f ≈ 0.005 at these Reynolds numbers: left out). A skirt swinging sideways pushes its side panels through
 * the air face-on while its front and back slide edgewise; a per-vertex linear damping (Jolt's `mLinearDamping`) damps
 * both alike, and at every speed by the same fraction.
 *
 * Applied once per solver step on the cloth's velocities in Jolt's heap: each face's normal velocity (the mean of its
 * three vertices') is slowed by the face's drag impulse, shared among its free vertices, and never reversed.
 * `measureOnly` computes the same energy without touching the cloth (to compare the plate model with Jolt's damping).
 */
import { addVelocity, heapIndices, type VertexMemory } from './sim-yarn-friction';

/** Density of air at 20 °C and sea level, kg/m³ (ISA: 1.204). */
export const AIR_KG_PER_M3 = 1.204;
/**
 * Pressure drag coefficient of a flat plate normal to the flow: 1.17 for a square plate, rising to 1.98 for an
 * infinitely long strip (Hoerner, Fluid-Dynamic Drag, 1965, ch. 3, fig. 2 — the range the note quotes). A
 * skirt's faces are parts of a panel ≈ 30 cm wide and 60 cm long (aspect ratio 2, C_d ≈ 1.2 in Hoerner's curve).
 */
export const PLATE_DRAG_COEFFICIENT = 1.2;

export interface AirDragSpec {
  columns: number;
  rows: number;
  closed: boolean;
  /** Columns per open panel (0: one piece). */
  panelColumns: number;
  /** Per vertex inverse mass, 1/kg (0: held). */
  invMassPerKg: Float32Array;
  /** Drag coefficient normal to a face. @default PLATE_DRAG_COEFFICIENT */
  dragCoefficient?: number;
}

export class AirDrag {
  /** Per face: its three vertices. */
  private readonly faceIdx: Int32Array;
  private readonly w: Float32Array;
  private readonly halfRhoCd: number;
  private pos: Int32Array | null = null;
  private vel: Int32Array | null = null;
  /** Energy the plate model took (or, measuring only, would have taken) since construction, J. */
  dissipatedJ = 0;

  constructor(spec: AirDragSpec) {
    const { columns, rows, closed, panelColumns } = spec;
    this.w = Float32Array.from(spec.invMassPerKg);
    this.halfRhoCd = 0.5 * AIR_KG_PER_M3 * (spec.dragCoefficient ?? PLATE_DRAG_COEFFICIENT);
    const faces: number[] = [];
    const across = closed ? columns : columns - 1;
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c < across; c++) {
        if (panelColumns > 0 && (c + 1) % panelColumns === 0) continue;
        const a = r * columns + c;
        const b = r * columns + ((c + 1) % columns);
        faces.push(a, a + columns, b, b, a + columns, b + columns);
      }
    }
    this.faceIdx = Int32Array.from(faces);
  }

  /**
   * One step's drag on the velocities in `heap` (borrowed). `measureOnly`: add what it would take to
   * {@link dissipatedJ} and leave the velocities alone.
   */
  apply(heap: Float32Array, mem: VertexMemory, dtS: number, measureOnly = false): void {
    this.pos ??= heapIndices(mem, this.w.length, mem.position);
    this.vel ??= heapIndices(mem, this.w.length, mem.velocity);
    const { pos, vel, w, faceIdx, halfRhoCd } = this;
    let lost = 0;
    for (let f = 0; f < faceIdx.length; f += 3) {
      const a = faceIdx[f]!;
      const b = faceIdx[f + 1]!;
      const c = faceIdx[f + 2]!;
      const sumW = w[a]! + w[b]! + w[c]!;
      if (sumW === 0) continue;
      const pa = pos[a]!;
      const pb = pos[b]!;
      const pc = pos[c]!;
      const e1x = heap[pb]! - heap[pa]!;
      const e1y = heap[pb + 1]! - heap[pa + 1]!;
      const e1z = heap[pb + 2]! - heap[pa + 2]!;
      const e2x = heap[pc]! - heap[pa]!;
      const e2y = heap[pc + 1]! - heap[pa + 1]!;
      const e2z = heap[pc + 2]! - heap[pa + 2]!;
      let nx = e1y * e2z - e1z * e2y;
      let ny = e1z * e2x - e1x * e2z;
      let nz = e1x * e2y - e1y * e2x;
      const twiceArea = Math.sqrt(nx * nx + ny * ny + nz * nz);
      if (!(twiceArea > 1e-10)) continue;
      nx /= twiceArea;
      ny /= twiceArea;
      nz /= twiceArea;
      const va = vel[a]!;
      const vb = vel[b]!;
      const vc = vel[c]!;
      const vn = ((heap[va]! + heap[vb]! + heap[vc]!) * nx + (heap[va + 1]! + heap[vb + 1]! + heap[vc + 1]!) * ny + (heap[va + 2]! + heap[vb + 2]! + heap[vc + 2]!) * nz) / 3;
      if (vn === 0) continue;
      // The face's drag impulse along −n, capped where it would stop the face's normal motion: an impulse J shared as
      // J/3 per vertex changes the mean normal velocity by J · Σw / 9.
      const speed = Math.abs(vn);
      const J = Math.min(halfRhoCd * (twiceArea / 2) * vn * vn * dtS, (9 * speed) / sumW);
      // What the cloth loses: the free vertices' thirds of the impulse (a held vertex's third is the body's), each
      // J/3 against the face's normal speed, less what the change itself gives back.
      const s = J / 3;
      const free = (w[a]! > 0 ? 1 : 0) + (w[b]! > 0 ? 1 : 0) + (w[c]! > 0 ? 1 : 0);
      lost += s * free * speed - (s * s * sumW) / 2;
      if (measureOnly) continue;
      const dv = -Math.sign(vn) * s;
      if (w[a]! > 0) addVelocity(heap, va, dv * w[a]!, nx, ny, nz);
      if (w[b]! > 0) addVelocity(heap, vb, dv * w[b]!, nx, ny, nz);
      if (w[c]! > 0) addVelocity(heap, vc, dv * w[c]!, nx, ny, nz);
    }
    this.dissipatedJ += lost;
  }

  /** Σ m·|v|² over the free vertices, kg·m²/s² (what a linear damping rate k takes k·dt of per step). */
  twiceKinetic(heap: Float32Array): number {
    const { vel, w } = this;
    if (!vel) return 0;
    let sum = 0;
    for (let i = 0; i < w.length; i++) {
      if (!(w[i]! > 0)) continue;
      const v = vel[i]!;
      sum += (heap[v]! ** 2 + heap[v + 1]! ** 2 + heap[v + 2]! ** 2) / w[i]!;
    }
    return sum;
  }
}
