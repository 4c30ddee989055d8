import { invert } from './linalg';

/**
 * Thin-plate spline warp, precomputed for fixed source points (a garment part's anchors) and fixed evaluation points
 * (the part's rest mesh vertices).
 *
 * Why TPS: it interpolates — every anchor lands exactly on its target — and among all interpolants it has the least
 * bending energy, so a torso that is only moved, scaled or sheared stays exactly affine and nothing wobbles.
 * Why precompute: for fixed sources the spline is linear in the targets. The solve `[K P; Pᵀ 0]⁻¹` and the basis
 * values at every vertex fold into two constant matrices, so a frame costs `vertices × anchors` multiply-adds and
 * allocates nothing:
 *
 *   warped = (A_affine + bend · A_bend) · targets
 *
 * `bend` ∈ [0, 1] scales the non-affine part; 1 is the true spline, 0 the spline's affine part (which never folds
 * unless the targets are mirrored). Callers lower it only to recover from a fold, and then the anchors no longer
 * land exactly.
 */
export class ThinPlateSpline {
  readonly anchorCount: number;
  readonly vertexCount: number;
  /** vertexCount × anchorCount, row-major: the affine part's weight of each target per vertex. */
  private readonly affine: Float64Array;
  /** vertexCount × anchorCount: the bending part's weight of each target per vertex. */
  private readonly bending: Float64Array;
  /** 3 × anchorCount: rows of the affine coefficients (constant, x, y) as linear functions of the targets. */
  private readonly affineCoeffs: Float64Array;
  private readonly originX: number;
  private readonly originY: number;
  private readonly invScale: number;

  /**
   * @param sourcePx anchors in image pixels, interleaved `[x0, y0, x1, y1, …]` (borrowed, copied into the operator).
   *   At least 3, not all collinear.
   * @param restPx vertices to warp, interleaved with `stride` floats per vertex, x and y first (borrowed, read once).
   * @param stride floats per vertex in `restPx`. @default 2
   */
  constructor(sourcePx: ArrayLike<number>, restPx: ArrayLike<number>, stride = 2) {
    const n = sourcePx.length / 2;
    if (!Number.isInteger(n) || n < 3) throw new Error('a thin-plate spline needs at least 3 anchors');
    this.anchorCount = n;
    this.vertexCount = Math.floor(restPx.length / stride);
    // Normalise to a unit-sized frame: the spline does not change, the matrix condition does.
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < n; i++) {
      cx += sourcePx[2 * i]!;
      cy += sourcePx[2 * i + 1]!;
    }
    cx /= n;
    cy /= n;
    let r = 0;
    for (let i = 0; i < n; i++) r = Math.max(r, Math.hypot(sourcePx[2 * i]! - cx, sourcePx[2 * i + 1]! - cy));
    this.originX = cx;
    this.originY = cy;
    this.invScale = r > 0 ? 1 / r : 1;
    const sx = new Float64Array(n);
    const sy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sx[i] = (sourcePx[2 * i]! - cx) * this.invScale;
      sy[i] = (sourcePx[2 * i + 1]! - cy) * this.invScale;
    }
    const m = n + 3;
    const system = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) system[i * m + j] = kernel(sx[i]! - sx[j]!, sy[i]! - sy[j]!);
      system[i * m + n] = 1;
      system[i * m + n + 1] = sx[i]!;
      system[i * m + n + 2] = sy[i]!;
      system[(n) * m + i] = 1;
      system[(n + 1) * m + i] = sx[i]!;
      system[(n + 2) * m + i] = sy[i]!;
    }
    let inv: Float64Array;
    try {
      inv = invert(system, m);
    } catch {
      throw new Error('thin-plate spline anchors are collinear or coincide');
    }
    // Coefficients = inv[:, :n] · targets (the zero rows of the right-hand side drop out).
    this.affineCoeffs = new Float64Array(3 * n);
    for (let k = 0; k < 3; k++) for (let j = 0; j < n; j++) this.affineCoeffs[k * n + j] = inv[(n + k) * m + j]!;
    this.affine = new Float64Array(this.vertexCount * n);
    this.bending = new Float64Array(this.vertexCount * n);
    const basis = new Float64Array(n);
    for (let vtx = 0; vtx < this.vertexCount; vtx++) {
      const px = (restPx[vtx * stride]! - cx) * this.invScale;
      const py = (restPx[vtx * stride + 1]! - cy) * this.invScale;
      for (let i = 0; i < n; i++) basis[i] = kernel(px - sx[i]!, py - sy[i]!);
      for (let j = 0; j < n; j++) {
        let bend = 0;
        for (let i = 0; i < n; i++) bend += basis[i]! * inv[i * m + j]!;
        this.bending[vtx * n + j] = bend;
        this.affine[vtx * n + j] = inv[n * m + j]! + px * inv[(n + 1) * m + j]! + py * inv[(n + 2) * m + j]!;
      }
    }
  }

  /**
   * Warps every vertex. `targetsPx` is interleaved `[x0, y0, …]` in anchor order (borrowed). Writes x, y of vertex v
   * to `out[outOffset + v * outStride]` and the next float (caller-owned; other floats untouched). Allocates nothing.
   * @param bend weight of the non-affine part. @default 1
   */
  apply(targetsPx: ArrayLike<number>, out: Float32Array | Float64Array, outOffset: number, outStride: number, bend = 1): void {
    const n = this.anchorCount;
    for (let vtx = 0; vtx < this.vertexCount; vtx++) {
      let x = 0;
      let y = 0;
      const row = vtx * n;
      for (let j = 0; j < n; j++) {
        const w = this.affine[row + j]! + bend * this.bending[row + j]!;
        x += w * targetsPx[2 * j]!;
        y += w * targetsPx[2 * j + 1]!;
      }
      const o = outOffset + vtx * outStride;
      out[o] = x;
      out[o + 1] = y;
    }
  }

  /**
   * The spline's affine part as a 2×2 linear map in pixels per pixel, `[a, b, c, d]` for x' = a·x + b·y, y' = c·x + d·y,
   * written into `out` (caller-owned). Its largest singular value is the body's scale relative to the garment, and
   * unlike a single distance it survives the torso turning or leaning.
   */
  linearPart(targetsPx: ArrayLike<number>, out: Float64Array): void {
    const n = this.anchorCount;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (let j = 0; j < n; j++) {
      const wx = this.affineCoeffs[n + j]!;
      const wy = this.affineCoeffs[2 * n + j]!;
      a += wx * targetsPx[2 * j]!;
      b += wy * targetsPx[2 * j]!;
      c += wx * targetsPx[2 * j + 1]!;
      d += wy * targetsPx[2 * j + 1]!;
    }
    // Undo the source normalisation: coefficients are per normalised unit.
    out[0] = a * this.invScale;
    out[1] = b * this.invScale;
    out[2] = c * this.invScale;
    out[3] = d * this.invScale;
  }
}

/** The 2D thin-plate radial basis U(r) = r² log r², written with r² to skip the square root. */
function kernel(dx: number, dy: number): number {
  const r2 = dx * dx + dy * dy;
  return r2 > 0 ? r2 * Math.log(r2) : 0;
}
