/**
 * A sleeve or trouser leg as one strip along a limb: a centre path through two or three joints (shoulder → elbow →
 * wrist, hip → knee → ankle) that turns through a smooth bend at the middle joint instead of a corner, and a strip
 * of cloth either side of it. Used twice with the same maths: once on the garment picture's anchors (the rest
 * strip, giving each vertex its picture position and so its uv) and once per frame on the body's joints.
 *
 * Why it never folds: on a bend's outer side a point at `s` along the path and `t` across it goes to
 * `C(s) + N(s) · t`, whose Jacobian determinant `|C'| (1 − κ t)` (κ the path's curvature) keeps its sign there
 * (`κ t < 0`). The inner side cannot be offset along the normal past the bend's radius without folding, and a strip
 * squeezed inside it leaves the crook of a sharply bent elbow bare; instead each row runs straight from the path to
 * an edge that follows the first segment's inner edge line, rounds the point where it meets the second's, and goes
 * on along that — rows and edge advance together, so cells keep their orientation. A limb folded so tight that the
 * edges meet past the first segment's start has the fillet start there.
 */

/** The bend's half-length at the middle joint, as a fraction of the shorter segment. */
export const BEND_OF_SEGMENT = 0.3;

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
  /** tan(θ / 2) of the turn θ at the middle joint (0 when straight). */
  private tanHalf = 0;
  /** The strip's half-width the crook's edge is laid out for (`set`'s minBendPx; 0: each row's own). */
  private crookHalf = 0;
  private readonly edge = new Float64Array(2);

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
   * and at least `minBendPx` (the strip's widest half-width, which also lays out the crook's edge).
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
    this.crookHalf = minBendPx;
    if (this.h <= 1e-9 || Math.abs(cross) < 1e-9 && dot > 0) {
      this.h = 0;
      this.innerSign = 0;
      this.tanHalf = 0;
      return;
    }
    // Turn angle θ.
    const theta = Math.atan2(Math.abs(cross), dot);
    this.tanHalf = Math.sin(theta / 2) / Math.max(Math.cos(theta / 2), 1e-6);
    this.innerSign = cross > 0 ? 1 : -1;
  }

  /**
   * Writes the point `s` px along the path and `t` px across it (positive towards the left-hand normal
   * `(−dy, dx)` of the path's direction) into `out[offset]`, `out[offset + 1]`. `s` may run past either end
   * (straight on). `tMax` is the strip's half-width at `s` (≥ |t|; 0: the plain offset, for a direction): on a
   * bend's inner side the row runs towards the crook's edge, laid out for `set`'s `minBendPx`.
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
    // The inner side's edge in the crook of the joint: where the two segments' inner edges meet (a mitre, rounded
    // over the bend's length), as the flesh of upper arm and forearm meets there and the sleeve's cloth bunches over
    // it; the rows run from the path to that edge, linearly in t, so none folds. (Squeezed inside the bend's radius
    // instead, a sharply bent elbow's sleeve left an almond of bare arm in its crook: the mirror clip, frame 96.) A
    // caller asking only for the normal's direction passes tMax 0: the plain offset.
    if (this.innerSign !== 0 && t * this.innerSign > 0 && tMax > 0) {
      // One edge for every row, laid out for the strip's widest half: rows whose own half differs (a sleeve's outer
      // side laid on the person mask widens its rows) would each have their own crook, and neighbours' edges cross.
      // A point further out than that (a trouser leg's inner side widened to the crotch) has an edge of its own.
      const half = Math.max(this.crookHalf > 0 ? this.crookHalf : tMax, Math.abs(t));
      const e = this.crookEdge(s - l1, this.innerSign * half, this.edge);
      const k = Math.abs(t) / half;
      out[offset] = x + k * (e[0]! - x);
      out[offset + 1] = y + k * (e[1]! - y);
      return;
    }
    out[offset] = x - ty * t;
    out[offset + 1] = y + tx * t;
  }

  /** The side of the strip a bend's crook is on: +1 or −1 (the sign of `t` there), 0 when the path is straight. */
  get innerSide(): number {
    return this.innerSign;
  }

  /**
   * Where a point (px) lies on the limb as two straight segments meeting at the middle joint, as `out[0]` along the
   * path (`s`, px) and `out[1]` across it (`t`, px, signed as in {@link point}): measured along and across the segment
   * on whose side of the bend's bisector the point is. On a straight stretch of strip that is the point's own
   * (s, t); in a bend's crook, filled by rows fanning out from the bend (see {@link point}), it is where that spot
   * would be on the upper or the lower segment's cloth — what a sleeve shows there, the two segments' cloth meeting
   * along the crease, instead of its inner side stretched across the crook.
   */
  segmentCoordinates(x: number, y: number, out: Float64Array): Float64Array {
    const dx = x - this.p1x;
    const dy = y - this.p1y;
    // The bisector of the turn splits the plane square to u1 + u2: the first segment's side is where that is < 0.
    const first = dx * (this.u1x + this.u2x) + dy * (this.u1y + this.u2y) < 0;
    const ux = first ? this.u1x : this.u2x;
    const uy = first ? this.u1y : this.u2y;
    out[0] = this.l1 + dx * ux + dy * uy;
    out[1] = -dx * uy + dy * ux;
    return out;
  }

  /**
   * The inner side's edge at `d` px from the middle joint along the path, the strip's edge `T` px across (signed,
   * on the inner side), into `out`: the first segment's edge line, then a quadratic fillet through the point where
   * the two edge lines meet (its control point), then the second's; the fillet spans the bend's half-length past the
   * meeting point's foot either side. Off the fillet it is the straight strip's edge (narrowed for a limb folded
   * tight, below).
   */
  private crookEdge(d: number, T: number, out: Float64Array): Float64Array {
    // Where the edge lines meet lies a · tan(θ/2) before the joint on the first and after it on the second. A limb
    // folded so tight that they would meet past the first segment's start (a forearm against the upper arm) has its
    // inner side narrowed till they meet there instead — never below what a right angle allows (a foreshortened
    // thigh is a few px long).
    const room = Math.max(this.l1 - this.h, Math.abs(T));
    if (Math.abs(T) * this.tanHalf > room) T = (Math.sign(T) * room) / this.tanHalf;
    const a = Math.abs(T) * this.tanHalf;
    const w = a + this.h;
    const n1x = -this.u1y * T;
    const n1y = this.u1x * T;
    const n2x = -this.u2y * T;
    const n2y = this.u2x * T;
    if (d <= -w) {
      out[0] = this.p1x + this.u1x * d + n1x;
      out[1] = this.p1y + this.u1y * d + n1y;
      return out;
    }
    if (d >= w) {
      out[0] = this.p1x + this.u2x * d + n2x;
      out[1] = this.p1y + this.u2y * d + n2y;
      return out;
    }
    const mx = this.p1x - this.u1x * a + n1x;
    const my = this.p1y - this.u1y * a + n1y;
    const q0x = this.p1x - this.u1x * w + n1x;
    const q0y = this.p1y - this.u1y * w + n1y;
    const q2x = this.p1x + this.u2x * w + n2x;
    const q2y = this.p1y + this.u2y * w + n2y;
    const tau = (d + w) / (2 * w);
    const b0 = (1 - tau) * (1 - tau);
    const b1 = 2 * tau * (1 - tau);
    const b2 = tau * tau;
    out[0] = b0 * q0x + b1 * mx + b2 * q2x;
    out[1] = b0 * q0y + b1 * my + b2 * q2y;
    return out;
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
