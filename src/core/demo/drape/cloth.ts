/**
 * A small position-based cloth solver (XPBD: Macklin, Müller & Chentanez 2016, "XPBD: position-based simulation of
 * compliant constrained dynamics") for draping the demo's skirts at build time. Pure TypeScript and IEEE arithmetic
 * in a fixed order, so the same input settles to the same bytes on every machine; no clocks, no randomness.
 *
 * Units: metres, kilograms, seconds; y up (gravity along −y), z towards the viewer.
 */

/** Standard gravity, m/s². */
export const GRAVITY_M_S2 = 9.81;

/** A cloth mesh: positions, which vertices are pinned, and its constraints. The solver owns and mutates `pos`. */
export interface Cloth {
  /** xyz per vertex, metres. */
  pos: Float64Array;
  prev: Float64Array;
  /** 1 / mass per vertex, 1/kg; 0 pins the vertex where it is. */
  invMass: Float64Array;
  /**
   * Distance constraints: vertex pairs, their rest lengths (m) and compliance (m/N); optionally a stop per edge (m,
   * `Infinity` for none) it never grows past whatever its compliance — a pleat's under-fold, let out to its depth.
   */
  edges: { a: Int32Array; b: Int32Array; restM: Float64Array; compliance: Float64Array; stopM?: Float64Array };
  /**
   * Bending constraints on three vertices in a row along a grain (i, j, k): j stays on the midpoint of i and k — the
   * flat pattern's rest state. Its violation |p_j − (p_i + p_k)/2| ≈ h²κ/2 for a curvature κ over spacing h, so a
   * compliance of h³ / (4·B·w) gives the strip (width w) the bending energy ½·B·κ²·(h·w) of a plate of rigidity B.
   */
  bends: { i: Int32Array; j: Int32Array; k: Int32Array; compliance: Float64Array };
}

/** Something the cloth may not enter: moves a point (in place) out to its surface plus a margin. */
export type Collider = (p: Float64Array, offset: number) => void;

export interface SettleOptions {
  /** Simulated time, s. */
  durationS: number;
  /** Sub-steps per second (each one XPBD iteration: Macklin et al. 2019 "Small steps in physics simulation"). */
  substepsPerS: number;
  /**
   * Linear velocity damping rate, 1/s. Only the settled shape is used, and a damped system settles to the same rest
   * shape whatever the rate (the rate sets how fast it gets there, not where).
   */
  dampingPerS: number;
  colliders: readonly Collider[];
  /**
   * Keeps the cloth from passing through itself round each ring: vertices of one ring `reach` or fewer columns apart
   * (and more than one) stay at least that ring's rest spacing apart. A fold's two walls then cannot cross — they
   * close to within one grid cell, the finest fold the mesh can hold — at a cost linear in the vertex count.
   */
  rings?: { rows: number; cols: number; spacingM: Float64Array; reach: number };
}

/** Steps `cloth` under gravity for `durationS`, projecting every vertex out of the colliders after each sub-step. */
export function settle(cloth: Cloth, o: SettleOptions): void {
  const n = cloth.invMass.length;
  const steps = Math.round(o.durationS * o.substepsPerS);
  const dt = 1 / o.substepsPerS;
  const keep = Math.exp(-o.dampingPerS * dt);
  const { pos, prev, invMass } = cloth;
  const ea = cloth.edges.a;
  const eb = cloth.edges.b;
  const rest = cloth.edges.restM;
  const eAlpha = cloth.edges.compliance.map((c) => c / (dt * dt));
  const stop = cloth.edges.stopM;
  const bi = cloth.bends.i;
  const bj = cloth.bends.j;
  const bk = cloth.bends.k;
  const bAlpha = cloth.bends.compliance.map((c) => c / (dt * dt));
  for (let s = 0; s < steps; s++) {
    // Predict: Verlet with damping and gravity.
    for (let v = 0; v < n; v++) {
      if (invMass[v] === 0) continue;
      const o3 = 3 * v;
      for (let c = 0; c < 3; c++) {
        const x = pos[o3 + c]!;
        const vel = (x - prev[o3 + c]!) * keep;
        prev[o3 + c] = x;
        pos[o3 + c] = x + vel + (c === 1 ? -GRAVITY_M_S2 * dt * dt : 0);
      }
    }
    // One XPBD iteration per sub-step (λ starts at 0 each sub-step).
    for (let e = 0; e < ea.length; e++) {
      const a = 3 * ea[e]!;
      const b = 3 * eb[e]!;
      const wa = invMass[ea[e]!]!;
      const wb = invMass[eb[e]!]!;
      const w = wa + wb;
      if (w === 0) continue;
      const dx = pos[b]! - pos[a]!;
      const dy = pos[b + 1]! - pos[a + 1]!;
      const dz = pos[b + 2]! - pos[a + 2]!;
      const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (len < 1e-12) continue;
      const limit = stop ? stop[e]! : Infinity;
      const lambda = len > limit ? -(len - limit) / w : -(len - rest[e]!) / (w + eAlpha[e]!);
      const k = lambda / len;
      pos[a] = pos[a]! - wa * k * dx;
      pos[a + 1] = pos[a + 1]! - wa * k * dy;
      pos[a + 2] = pos[a + 2]! - wa * k * dz;
      pos[b] = pos[b]! + wb * k * dx;
      pos[b + 1] = pos[b + 1]! + wb * k * dy;
      pos[b + 2] = pos[b + 2]! + wb * k * dz;
    }
    for (let e = 0; e < bi.length; e++) {
      const i = 3 * bi[e]!;
      const j = 3 * bj[e]!;
      const k = 3 * bk[e]!;
      const wi = invMass[bi[e]!]!;
      const wj = invMass[bj[e]!]!;
      const wk = invMass[bk[e]!]!;
      const w = wj + (wi + wk) / 4;
      if (w === 0) continue;
      const dx = pos[j]! - (pos[i]! + pos[k]!) / 2;
      const dy = pos[j + 1]! - (pos[i + 1]! + pos[k + 1]!) / 2;
      const dz = pos[j + 2]! - (pos[i + 2]! + pos[k + 2]!) / 2;
      const c = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (c < 1e-12) continue;
      const lambda = -c / (w + bAlpha[e]!);
      const nx = dx / c;
      const ny = dy / c;
      const nz = dz / c;
      pos[j] = pos[j]! + wj * lambda * nx;
      pos[j + 1] = pos[j + 1]! + wj * lambda * ny;
      pos[j + 2] = pos[j + 2]! + wj * lambda * nz;
      const h = -lambda / 2;
      pos[i] = pos[i]! + wi * h * nx;
      pos[i + 1] = pos[i + 1]! + wi * h * ny;
      pos[i + 2] = pos[i + 2]! + wi * h * nz;
      pos[k] = pos[k]! + wk * h * nx;
      pos[k + 1] = pos[k + 1]! + wk * h * ny;
      pos[k + 2] = pos[k + 2]! + wk * h * nz;
    }
    if (o.rings) keepRingsApart(pos, invMass, o.rings);
    for (const collide of o.colliders) for (let v = 0; v < n; v++) if (invMass[v] !== 0) collide(pos, 3 * v);
  }
}

function keepRingsApart(pos: Float64Array, invMass: Float64Array, g: NonNullable<SettleOptions['rings']>): void {
  for (let r = 0; r < g.rows; r++) {
    const min = g.spacingM[r]!;
    for (let c = 0; c < g.cols; c++) {
      const a = r * g.cols + c;
      for (let d = 2; d <= g.reach; d++) {
        const b = r * g.cols + ((c + d) % g.cols);
        const wa = invMass[a]!;
        const wb = invMass[b]!;
        if (wa + wb === 0) continue;
        const dx = pos[3 * b]! - pos[3 * a]!;
        const dy = pos[3 * b + 1]! - pos[3 * a + 1]!;
        const dz = pos[3 * b + 2]! - pos[3 * a + 2]!;
        const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (len >= min || len < 1e-12) continue;
        const k = (min - len) / (len * (wa + wb));
        pos[3 * a] = pos[3 * a]! - wa * k * dx;
        pos[3 * a + 1] = pos[3 * a + 1]! - wa * k * dy;
        pos[3 * a + 2] = pos[3 * a + 2]! - wa * k * dz;
        pos[3 * b] = pos[3 * b]! + wb * k * dx;
        pos[3 * b + 1] = pos[3 * b + 1]! + wb * k * dy;
        pos[3 * b + 2] = pos[3 * b + 2]! + wb * k * dz;
      }
    }
  }
}
