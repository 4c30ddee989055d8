/**
 * The yarns' internal friction in a {@link HemCloth}: woven cloth does not spring back elastically — bent or sheared
 * and let go, its yarns slip at their crossings and the load–deformation curve is a loop (Kawabata's KES-F measures its
 * width: 2HB for bending, 2HG for shear). A loop of constant width is Coulomb friction on the deformation's rate: a
 * moment (or force) of half the loop's width that opposes the motion, whatever its speed, and holds any deformation
 * whose elastic and gravity forces are smaller. It takes a fixed energy per cycle (the loop's area, 4 × half-width ×
 * amplitude), so unlike a viscous damper it stops small motions dead.
 *
 * Applied once per solver step on the cloth's velocities in Jolt's heap, as impulses that change only the
 * deformation's rate (equal and opposite: no net force or torque on the cloth) and never reverse it:
 * - **bending**: at each grid hinge (three vertices in a row or column; at the pinned row the cloth above the pins,
 *   lying on the body, is the hinge's first segment) the two segments' relative angular velocity is slowed by at most
 *   `hingeMomentNm · dt` of angular impulse;
 * - **shear**: in each cell the difference of its two diagonals' rates (a shear with no stretch) is slowed by at most
 *   `cellShearForceN · dt` of impulse along the diagonals.
 * Rigid motion (translation, rotation) has no relative rates and is never touched.
 */

/** The grid and the friction's sizes. */
export interface YarnFrictionSpec {
  columns: number;
  rows: number;
  closed: boolean;
  /** Columns per open panel (0: one piece). */
  panelColumns: number;
  /** Rest positions, metres, row-major from the pinned row. */
  restM: Float32Array;
  /** Per vertex inverse mass, 1/kg (0: held). */
  invMassPerKg: Float32Array;
  /** Half the bending hysteresis loop's width, N·m per metre of hinge (Kawabata's HB = 2HB / 2). */
  bendFrictionNmPerM: number;
  /** Half the shear hysteresis loop's width, N per metre of cell edge (HG = 2HG / 2, as the mesh carries it). */
  shearFrictionNPerM: number;
}

/** Where Jolt keeps the vertices (float indices into HEAPF32 are byte offsets / 4). */
export interface VertexMemory {
  base: number;
  stride: number;
  position: number;
  velocity: number;
}

export class YarnFriction {
  /** Per hinge: a (−1: above a pin), j, b; its friction moment, N·m. */
  private readonly hingeIdx: Int32Array;
  private readonly hingeMomentNm: Float64Array;
  /** Per cell: a, b, d, e (diagonals a–e, b–d); the friction force along them, N. */
  private readonly cellIdx: Int32Array;
  private readonly cellForceN: Float64Array;
  private readonly w: Float64Array;
  /** Per vertex: its position's and velocity's float index in Jolt's heap (set on the first `apply`). */
  private pos: Int32Array | null = null;
  private vel: Int32Array | null = null;
  /** Energy taken out since construction, J (the check that it dissipates). */
  dissipatedJ = 0;

  constructor(spec: YarnFrictionSpec) {
    const { columns, rows, closed, panelColumns, restM } = spec;
    this.w = Float64Array.from(spec.invMassPerKg);
    const dist = (i: number, k: number): number => Math.hypot(restM[3 * i]! - restM[3 * k]!, restM[3 * i + 1]! - restM[3 * k + 1]!, restM[3 * i + 2]! - restM[3 * k + 2]!);
    const cut = (c: number): boolean => panelColumns > 0 && (c + 1) % panelColumns === 0;
    const right = (c: number): number => (closed ? (c + 1) % columns : c + 1 < columns && !cut(c) ? c + 1 : -1);
    const left = (c: number): number => (closed ? (c + columns - 1) % columns : c > 0 && !cut(c - 1) ? c - 1 : -1);
    const hinges: number[] = [];
    const moments: number[] = [];
    // Down a column: the hinge at the pins (the cloth above them lies on the body) and at each row below.
    for (let c = 0; c < columns; c++) {
      const l = left(c);
      const r = right(c);
      for (let row = 0; row + 1 < rows; row++) {
        const j = row * columns + c;
        // The hinge's length across: the mean of the cell widths either side of this column.
        const widths = [l, r].filter((k) => k >= 0).map((k) => dist(j, row * columns + k));
        const acrossM = widths.length ? widths.reduce((sum, x) => sum + x, 0) / widths.length : 0;
        hinges.push(row === 0 ? -1 : j - columns, j, j + columns);
        moments.push(spec.bendFrictionNmPerM * acrossM);
      }
    }
    // Across a row: a hinge at each vertex with two neighbours, its length the cell height there.
    for (let row = 1; row < rows; row++) {
      for (let c = 0; c < columns; c++) {
        const l = left(c);
        const r = right(c);
        if (l < 0 || r < 0) continue;
        const j = row * columns + c;
        const downM = row + 1 < rows ? dist(j, j + columns) : dist(j, j - columns);
        hinges.push(row * columns + l, j, row * columns + r);
        moments.push(spec.bendFrictionNmPerM * downM);
      }
    }
    const cells: number[] = [];
    const forces: number[] = [];
    for (let row = 0; row + 1 < rows; row++) {
      for (let c = 0; c < columns; c++) {
        const r = right(c);
        if (r < 0) continue;
        const a = row * columns + c;
        const b = row * columns + r;
        cells.push(a, b, a + columns, b + columns);
        // A shear force S per metre of edge on a cell of side h is carried by its diagonals as ± S·h / √2.
        forces.push((spec.shearFrictionNPerM * Math.sqrt(dist(a, b) * dist(a, a + columns))) / Math.SQRT2);
      }
    }
    this.hingeIdx = Int32Array.from(hinges);
    this.hingeMomentNm = Float64Array.from(moments);
    this.cellIdx = Int32Array.from(cells);
    this.cellForceN = Float64Array.from(forces);
  }

  /** The hinges and cells it acts on. */
  get counts(): { hinges: number; cells: number } {
    return { hinges: this.hingeMomentNm.length, cells: this.cellForceN.length };
  }

  /**
   * Applies one step's friction to the velocities in `heap`.
   * @param carriedM per vertex, the rest offset from its pin as the body holds it now (a pinned hinge's upper segment
   *   continues it above the pin); `carriedVelM` its rate, m/s.
   */
  apply(heap: Float32Array, mem: VertexMemory, dtS: number, carriedM: Float32Array, carriedVelM: Float32Array): void {
    this.pos ??= heapIndices(mem, this.w.length, mem.position);
    this.vel ??= heapIndices(mem, this.w.length, mem.velocity);
    const { pos, vel, w, hingeIdx, hingeMomentNm, cellIdx, cellForceN } = this;
    let lost = 0;
    for (let h = 0; h < hingeMomentNm.length; h++) {
      const a = hingeIdx[3 * h]!;
      const j = hingeIdx[3 * h + 1]!;
      const b = hingeIdx[3 * h + 2]!;
      const wa = a < 0 ? 0 : w[a]!;
      const wj = w[j]!;
      const wb = w[b]!;
      if (wa + wj + wb === 0) continue;
      const pj = pos[j]!;
      const pb = pos[b]!;
      const vj = vel[j]!;
      const vb = vel[b]!;
      // Segment 1 (a → j) and its ends' velocity difference; above a pin, the cloth on the body: the carried rest's
      // first segment continued upwards, turning as the carried rest turns.
      let r1x: number, r1y: number, r1z: number, u1x: number, u1y: number, u1z: number;
      if (a < 0) {
        r1x = carriedM[3 * b]!;
        r1y = carriedM[3 * b + 1]!;
        r1z = carriedM[3 * b + 2]!;
        u1x = carriedVelM[3 * b]!;
        u1y = carriedVelM[3 * b + 1]!;
        u1z = carriedVelM[3 * b + 2]!;
      } else {
        const pa = pos[a]!;
        const va = vel[a]!;
        r1x = heap[pj]! - heap[pa]!;
        r1y = heap[pj + 1]! - heap[pa + 1]!;
        r1z = heap[pj + 2]! - heap[pa + 2]!;
        u1x = heap[vj]! - heap[va]!;
        u1y = heap[vj + 1]! - heap[va + 1]!;
        u1z = heap[vj + 2]! - heap[va + 2]!;
      }
      const r2x = heap[pb]! - heap[pj]!;
      const r2y = heap[pb + 1]! - heap[pj + 1]!;
      const r2z = heap[pb + 2]! - heap[pj + 2]!;
      const u2x = heap[vb]! - heap[vj]!;
      const u2y = heap[vb + 1]! - heap[vj + 1]!;
      const u2z = heap[vb + 2]! - heap[vj + 2]!;
      const l1 = r1x * r1x + r1y * r1y + r1z * r1z;
      const l2 = r2x * r2x + r2y * r2y + r2z * r2z;
      if (!(l1 > 1e-8 && l2 > 1e-8)) continue;
      // Segment 2's angular velocity relative to segment 1's (ω = r × u / |r|²): the hinge's bending rate.
      const ox = (r2y * u2z - r2z * u2y) / l2 - (r1y * u1z - r1z * u1y) / l1;
      const oy = (r2z * u2x - r2x * u2z) / l2 - (r1z * u1x - r1x * u1z) / l1;
      const oz = (r2x * u2y - r2y * u2x) / l2 - (r1x * u1y - r1y * u1x) / l1;
      const rate = Math.sqrt(ox * ox + oy * oy + oz * oz); // (Math.hypot is several times slower in V8)
      if (rate < 1e-9) continue;
      const nx = ox / rate;
      const ny = oy / rate;
      const nz = oz / rate;
      // A unit angular impulse −n on segment 2 and +n on segment 1, as forces f = (τ × r) / |r|² at their far ends
      // (and −f at their near ends): b gets f2, j gets f1 − f2, a gets −f1.
      const f2x = -(ny * r2z - nz * r2y) / l2;
      const f2y = -(nz * r2x - nx * r2z) / l2;
      const f2z = -(nx * r2y - ny * r2x) / l2;
      const f1x = (ny * r1z - nz * r1y) / l1;
      const f1y = (nz * r1x - nx * r1z) / l1;
      const f1z = (nx * r1y - ny * r1x) / l1;
      const dbx = wb * f2x - wj * (f1x - f2x);
      const dby = wb * f2y - wj * (f1y - f2y);
      const dbz = wb * f2z - wj * (f1z - f2z);
      const djx = wj * (f1x - f2x) + wa * f1x;
      const djy = wj * (f1y - f2y) + wa * f1y;
      const djz = wj * (f1z - f2z) + wa * f1z;
      const dOm2 = ((r2y * dbz - r2z * dby) * nx + (r2z * dbx - r2x * dbz) * ny + (r2x * dby - r2y * dbx) * nz) / l2;
      const dOm1 = ((r1y * djz - r1z * djy) * nx + (r1z * djx - r1x * djz) * ny + (r1x * djy - r1y * djx) * nz) / l1;
      // How much the rate falls per unit of angular impulse (> 0), and the impulse: all of it, or what the moment gives.
      const perImpulse = dOm1 - dOm2;
      if (!(perImpulse > 0)) continue;
      const J = Math.min(rate / perImpulse, hingeMomentNm[h]! * dtS);
      // The work: the impulse times the mean of the rate before and after it.
      lost += J * (rate - (J * perImpulse) / 2);
      if (wb > 0) addVelocity(heap, vb, J * wb, f2x, f2y, f2z);
      if (wj > 0) addVelocity(heap, vj, J * wj, f1x - f2x, f1y - f2y, f1z - f2z);
      if (wa > 0) addVelocity(heap, vel[a]!, -J * wa, f1x, f1y, f1z);
    }
    for (let k = 0; k < cellForceN.length; k++) {
      const a = cellIdx[4 * k]!;
      const b = cellIdx[4 * k + 1]!;
      const d = cellIdx[4 * k + 2]!;
      const e = cellIdx[4 * k + 3]!;
      const sumW = w[a]! + w[e]! + w[b]! + w[d]!;
      if (sumW === 0) continue;
      // Unit diagonals a → e and b → d; the shear rate is the first's rate of stretch minus the second's (a shear
      // with no stretch; a uniform stretch or a rigid turn has none).
      const pa = pos[a]!;
      const pe = pos[e]!;
      const pb = pos[b]!;
      const pd = pos[d]!;
      let ex = heap[pe]! - heap[pa]!;
      let ey = heap[pe + 1]! - heap[pa + 1]!;
      let ez = heap[pe + 2]! - heap[pa + 2]!;
      let dx = heap[pd]! - heap[pb]!;
      let dy = heap[pd + 1]! - heap[pb + 1]!;
      let dz = heap[pd + 2]! - heap[pb + 2]!;
      const le = Math.sqrt(ex * ex + ey * ey + ez * ez);
      const ld = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (!(le > 1e-6 && ld > 1e-6)) continue;
      ex /= le;
      ey /= le;
      ez /= le;
      dx /= ld;
      dy /= ld;
      dz /= ld;
      const va = vel[a]!;
      const ve = vel[e]!;
      const vb = vel[b]!;
      const vd = vel[d]!;
      const rate = (heap[ve]! - heap[va]!) * ex + (heap[ve + 1]! - heap[va + 1]!) * ey + (heap[ve + 2]! - heap[va + 2]!) * ez - ((heap[vd]! - heap[vb]!) * dx + (heap[vd + 1]! - heap[vb + 1]!) * dy + (heap[vd + 2]! - heap[vb + 2]!) * dz);
      if (rate === 0) continue;
      const J = Math.sign(rate) * Math.min(Math.abs(rate) / sumW, cellForceN[k]! * dtS);
      lost += Math.abs(J) * (Math.abs(rate) - (Math.abs(J) * sumW) / 2);
      // a and e pulled together, b and d pushed apart (or the other way): the rate falls by J · Σw.
      if (w[a]! > 0) addVelocity(heap, va, J * w[a]!, ex, ey, ez);
      if (w[e]! > 0) addVelocity(heap, ve, -J * w[e]!, ex, ey, ez);
      if (w[b]! > 0) addVelocity(heap, vb, -J * w[b]!, dx, dy, dz);
      if (w[d]! > 0) addVelocity(heap, vd, J * w[d]!, dx, dy, dz);
    }
    this.dissipatedJ += lost;
  }
}

/** Per vertex of `n`, the float index in Jolt's heap of the Vec3 at byte `offset` in the vertex (`mem.position`…). */
export function heapIndices(mem: VertexMemory, n: number, offset: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = (mem.base + i * mem.stride + offset) >> 2;
  return out;
}

/** Adds s · (x, y, z) to the velocity at float index `v` (w = z, as Jolt keeps a Vec3). */
export function addVelocity(heap: Float32Array, v: number, s: number, x: number, y: number, z: number): void {
  heap[v] = heap[v]! + s * x;
  heap[v + 1] = heap[v + 1]! + s * y;
  heap[v + 2] = heap[v + 2]! + s * z;
  heap[v + 3] = heap[v + 2]!;
}
