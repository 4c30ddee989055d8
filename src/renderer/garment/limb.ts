/**
 * A sleeve or trouser leg as one strip along a limb: a centre path through two or three joints (shoulder → elbow →
 * wrist, hip → knee → ankle) that turns through a smooth bend at the middle joint instead of a corner, and a strip
 * of cloth either side of it. Used twice with the same maths: once on the garment picture's anchors (the rest
 * strip, giving each vertex its picture position and so its uv) and once per frame on the body's joints.
 *
 * Why it never folds: a point at `s` along the path and `t` across it goes to `C(s) + N(s) · f(s, t)`. The map's
 * Jacobian determinant is `|C'| (1 − κ f) ∂f/∂t`, κ the path's curvature, so it keeps its sign as long as `f` grows
 * with `t` and `κ f < 1`. On a bend's outer side `κ f < 0`; on its inner side the strip is squeezed linearly until
 * its edge lies inside the bend's smallest radius, the way cloth bunches in the crook of an elbow. Only a limb folded flat back on
 * itself (a 180° bend) has no radius left, and then the strip degenerates rather than turning inside out.
 */

/** The bend's half-length at the middle joint, as a fraction of the shorter segment. */
export const BEND_OF_SEGMENT = 0.3;
/** Inner-side offsets stay below this fraction of the bend's smallest radius. */
const INNER_OF_RADIUS = 0.85;

/**
 * One limb path, set from its joints and then evaluated per vertex. Owns its few numbers; allocates nothing after
 * construction.
 */
export class LimbPath {
  private p0x = 0;
  private p0y = 0;
  private p1x = 0;
  private p1y = 0;
  private u1x = 1;
  private u1y = 0;
  private u2x = 1;
  private u2y = 0;
  /** Segment lengths, px. */
  private l1 = 0;
  private l2 = 0;
  /** Half-length of the bend (0: no bend), px. */
  private h = 0;
  /** Sign of the bend's curvature (+1, −1, or 0 when straight): the inner side is where `t` has this sign. */
  private innerSign = 0;
  /** Inner-side squeeze radius, px (Infinity when straight). */
  private radius = Infinity;

  /** Length of the path's first segment (to the middle joint), px. */
  get firstLength(): number {
    return this.l1;
  }

  /** Length of the whole path, px. */
  get length(): number {
    return this.l1 + this.l2;
  }

  /**
   * Sets the path through `a → b → c`, or the straight `a → c` when `hasMiddle` is false (b ignored). Points in
   * any consistent pixel space. The bend at `b` is {@link BEND_OF_SEGMENT} of the shorter segment long each side,
   * and at least `minBendPx` (the strip's half-width).
   */
  set(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, hasMiddle: boolean, minBendPx = 0): void {
    if (!hasMiddle) {
      bx = cx;
      by = cy;
    }
    this.p0x = ax;
    this.p0y = ay;
    this.p1x = bx;
    this.p1y = by;
    this.l1 = Math.hypot(bx - ax, by - ay);
    this.l2 = hasMiddle ? Math.hypot(cx - bx, cy - by) : 0;
    if (this.l1 > 1e-9) {
      this.u1x = (bx - ax) / this.l1;
      this.u1y = (by - ay) / this.l1;
    } else if (this.l2 > 1e-9) {
      this.u1x = (cx - bx) / this.l2;
      this.u1y = (cy - by) / this.l2;
    } else {
      this.u1x = 0;
      this.u1y = 1;
    }
    if (this.l2 > 1e-9) {
      this.u2x = (cx - bx) / this.l2;
      this.u2y = (cy - by) / this.l2;
    } else {
      this.u2x = this.u1x;
      this.u2y = this.u1y;
    }
    const cross = this.u1x * this.u2y - this.u1y * this.u2x;
    const dot = this.u1x * this.u2x + this.u1y * this.u2y;
    // At least the strip's half-width: a bend shorter than the strip is wide would turn its outer edge round a
    // corner between two rows of vertices (a foreshortened shin is only a few pixels long).
    this.h = hasMiddle ? Math.max(BEND_OF_SEGMENT * Math.min(this.l1, this.l2), minBendPx) : 0;
    if (this.h <= 1e-9 || Math.abs(cross) < 1e-9 && dot > 0) {
      this.h = 0;
      this.innerSign = 0;
      this.radius = Infinity;
      return;
    }
    // Turn angle θ; the quadratic bend's largest curvature (at its apex) is sin(θ/2) / (h cos²(θ/2)).
    const theta = Math.atan2(Math.abs(cross), dot);
    const c = Math.cos(theta / 2);
    const kappaMax = Math.sin(theta / 2) / (this.h * Math.max(c * c, 1e-6));
    this.innerSign = cross > 0 ? 1 : -1;
    this.radius = INNER_OF_RADIUS / kappaMax;
  }

  /**
   * Writes the point `s` px along the path and `t` px across it (positive towards the left-hand normal
   * `(−dy, dx)` of the path's direction) into `out[offset]`, `out[offset + 1]`. `s` may run past either end
   * (straight on). `tMax` is the strip's half-width at `s` (≥ |t|): on a bend's inner side the strip is squeezed
   * by radius / tMax.
   */
  point(s: number, t: number, tMax: number, out: Float32Array | Float64Array, offset: number): void {
    let x: number;
    let y: number;
    let tx: number;
    let ty: number;
    const h = this.h;
    const l1 = this.l1;
    if (h === 0 || s <= l1 - h) {
      if (s <= l1 || h === 0 && this.l2 === 0) {
        x = this.p0x + this.u1x * s;
        y = this.p0y + this.u1y * s;
        tx = this.u1x;
        ty = this.u1y;
      } else {
        x = this.p1x + this.u2x * (s - l1);
        y = this.p1y + this.u2y * (s - l1);
        tx = this.u2x;
        ty = this.u2y;
      }
    } else if (s >= l1 + h) {
      x = this.p1x + this.u2x * (s - l1);
      y = this.p1y + this.u2y * (s - l1);
      tx = this.u2x;
      ty = this.u2y;
    } else {
      // Quadratic bend from p1 − h u1 through control p1 to p1 + h u2.
      const tau = (s - (l1 - h)) / (2 * h);
      const q0x = this.p1x - h * this.u1x;
      const q0y = this.p1y - h * this.u1y;
      const q2x = this.p1x + h * this.u2x;
      const q2y = this.p1y + h * this.u2y;
      const a = (1 - tau) * (1 - tau);
      const b = 2 * tau * (1 - tau);
      const c = tau * tau;
      x = a * q0x + b * this.p1x + c * q2x;
      y = a * q0y + b * this.p1y + c * q2y;
      tx = (1 - tau) * this.u1x + tau * this.u2x;
      ty = (1 - tau) * this.u1y + tau * this.u2y;
      const len = Math.hypot(tx, ty);
      if (len > 1e-9) {
        tx /= len;
        ty /= len;
      } else {
        tx = this.u1x;
        ty = this.u1y;
      }
    }
    let f = t;
    if (this.innerSign !== 0 && t * this.innerSign > 0 && tMax > this.radius) {
      // Squeeze the inner side so its edge stays inside the bend's radius: fully within the bend, fading out over
      // one more bend half-length either side (straight there, so any squeeze is safe). Linear in t, so every
      // triangle keeps a share (radius / tMax) of its area instead of collapsing at the edge.
      const d = Math.abs(s - l1);
      const w = d <= h ? 1 : d >= 2 * h ? 0 : 2 - d / h;
      f = t * (1 - w + (w * this.radius) / tMax);
    }
    out[offset] = x - ty * f;
    out[offset + 1] = y + tx * f;
  }
}

/**
 * Piecewise-linear map of a distance along one path (`from` knots, ascending) onto another (`to` knots), straight
 * on past either end with the end pieces' ratios. Knot arrays borrowed; `count` ≥ 2 knots are read.
 */
export function mapAlong(s: number, from: ArrayLike<number>, to: ArrayLike<number>, count: number): number {
  let i = 0;
  while (i < count - 2 && s > from[i + 1]!) i++;
  const f0 = from[i]!;
  const f1 = from[i + 1]!;
  const span = f1 - f0;
  const k = span > 1e-9 ? (to[i + 1]! - to[i]!) / span : 0;
  return to[i]! + (s - f0) * k;
}
