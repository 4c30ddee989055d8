import { PoseLandmark as L } from '../../shared/pose';
import { personExtentPx, type PersonMaskInput } from './leg-silhouette';

/**
 * A skirt worn over the shopper's own clothes encloses them: cloth cannot pass through cloth, so from the hip line
 * down a skirt is never narrower than the person mask's lower body (both legs and what is worn on them: baggy shorts,
 * trousers) plus a little room. It is one tube, so it spans both legs: walking or running apart, its hem is at least
 * as wide as the legs are at the hem's height. The shopper's hands and forearms beside the thighs are not enclosed
 * (the scan stops at the arm capsules, as trouser legs' does: leg-silhouette.ts).
 *
 * Below what it encloses a skirt's cloth hangs plumb: gravity pulls each thread of it straight down and nothing pulls
 * the tube's section back round, so the widening of the widest thing it covers is carried down unchanged to the hem
 * and the side seam keeps its cut's own angle below it — a pencil's taper in, an A-line's flare out. (A pencil skirt
 * used to be pulled back to its rest hem width by its hem: where the shopper's shorts end just above the hem that
 * drew a cut corner, a chamfer no cloth makes.) A pleated skirt's widening opens its pleats instead of stretching
 * its faces (`pleatOpening`).
 *
 * The widening is a stretch of each side of the fitted skirt across its centre line, linear in the distance from it,
 * so the mesh never folds: the skirt's picture widens as the cloth would open, not by a seam of its own.
 */

/**
 * Room the skirt keeps over what it covers, each side, cm: a skirt block's minimum wearing ease at the hip is 4 cm round
 * (Aldrich, Metric Pattern Cutting for Women's Wear, the straight skirt block), seen from the front 4 / 2.8 ≈ 1.4 cm
 * across (sizing.ts's circumference / front width), half each side. One layer of skirt cloth over it is under 1 mm.
 */
export const SKIRT_EASE_EACH_SIDE_CM = 0.7;
/** Rows of the skirt, hip line to hem, the mask is read at (the widening is interpolated between them). */
export const SKIRT_SCAN_ROWS = 16;

/** The fitted skirt's frame this fit, camera px: where its hip line, hem and waist lie and how wide it is there. */
export interface SkirtFrame {
  /** Mid-hips, mid-hem and mid-waist of the fitted skirt (the targets of its anchors), camera px. */
  hipX: number;
  hipY: number;
  hemX: number;
  hemY: number;
  waistX: number;
  waistY: number;
  /** Unit directions across the skirt towards the wearer's left, at the hip line, the hem and the waist. */
  hipAx: number;
  hipAy: number;
  hemAx: number;
  hemAy: number;
  waistAx: number;
  waistAy: number;
  /** The skirt's half width, camera px, at the hip line, the hem and the waist. */
  hipHalfPx: number;
  hemHalfPx: number;
  waistHalfPx: number;
  /** The skirt's rest picture: its waist and hem, picture px down its frame from the hip line (waist < 0 < hem). */
  restWaistV: number;
  restHemV: number;
}

/**
 * Reads the person mask down the fitted skirt and widens it to enclose what it covers. Allocates nothing per fit.
 */
export class SkirtEnclosure {
  /** Per scan row, camera px: the widening of the wearer's left side and right side. */
  private readonly left = new Float64Array(SKIRT_SCAN_ROWS);
  private readonly right = new Float64Array(SKIRT_SCAN_ROWS);
  private readonly point = new Float64Array(2);
  /** Whether the last `measure` widened anything (no: `widen` leaves the mesh as the spline put it). */
  private any = false;
  /** A pleated skirt's fold lines across its front, as shares of its half-width from the centre line (sorted), or null. */
  private folds: Float64Array | null = null;

  /**
   * A knife-pleated skirt's fold lines (the asset's `pleatFolds`): its widening then opens the pleats — each fold
   * lets out an equal share, the faces between the folds move across whole and keep their width and print — instead
   * of stretching the picture evenly across.
   */
  setPleatFolds(folds: readonly number[] | undefined): void {
    const inside = (folds ?? []).filter((f) => f > 0 && f < 1);
    this.folds = inside.length > 0 ? Float64Array.from(inside).sort() : null;
  }

  /**
   * Reads the mask down the skirt: per scan row, how far the shopper's lower body reaches past each side of the skirt.
   * @param lm 33 image landmarks, camera px (borrowed).
   * @param capsules the shopper's forearms and hands (armCapsulesPx), never enclosed.
   */
  measure(f: SkirtFrame, mask: PersonMaskInput, lm: ArrayLike<number>, cmPerPx: number, capsules: Float64Array): void {
    const easePx = SKIRT_EASE_EACH_SIDE_CM / cmPerPx;
    // As for trouser legs (rig.ts legExtentsPx): nothing worn on one leg reaches further from its centre line than the
    // other hip joint is; a longer run of the mask there is someone or something else beside the shopper (another
    // person standing against them), and that side keeps the skirt's cut.
    const reachPx = Math.hypot(lm[2 * L.leftHip]! - lm[2 * L.rightHip]!, lm[2 * L.leftHip + 1]! - lm[2 * L.rightHip + 1]!);
    this.any = false;
    for (let side = 0; side < 2; side++) {
      const out = side === 0 ? this.left : this.right;
      const sign = side === 0 ? 1 : -1;
      const hip = side === 0 ? L.leftHip : L.rightHip;
      const knee = side === 0 ? L.leftKnee : L.rightKnee;
      const ankle = side === 0 ? L.leftAnkle : L.rightAnkle;
      let hungPx = 0;
      for (let j = 0; j < SKIRT_SCAN_ROWS; j++) {
        const v = j / (SKIRT_SCAN_ROWS - 1);
        const cx = f.hipX + (f.hemX - f.hipX) * v;
        const cy = f.hipY + (f.hemY - f.hipY) * v;
        let ax = f.hipAx + (f.hemAx - f.hipAx) * v;
        let ay = f.hipAy + (f.hemAy - f.hipAy) * v;
        const al = Math.hypot(ax, ay) || 1;
        ax /= al;
        ay /= al;
        const halfPx = f.hipHalfPx + (f.hemHalfPx - f.hipHalfPx) * v;
        // The leg's centre on this row: where the row's line crosses hip → knee → ankle (the hip joint above the hips).
        legOnRow(lm, hip, knee, ankle, cx, cy, ax, ay, this.point);
        const lx = this.point[0]!;
        const ly = this.point[1]!;
        const extentPx = personExtentPx(mask, lx, ly, sign * ax, sign * ay, reachPx, capsules);
        let needPx = 0;
        if (extentPx > 0 && extentPx < reachPx) needPx = Math.max(0, sign * ((lx - cx) * ax + (ly - cy) * ay) + extentPx + easePx - halfPx);
        // Down from the widest thing covered the cloth hangs plumb: that widening is carried on to the hem.
        hungPx = Math.max(hungPx, needPx);
        out[j] = hungPx;
        if (out[j]! > 0) this.any = true;
      }
    }
  }

  /**
   * Widens the fitted skirt in `out` (x, y, z per vertex, camera px) by the last `measure`: each vertex's distance
   * from the skirt's centre line is scaled on its side so the side's edge moves out by that row's widening. Above the
   * hip line the hip's widening eases to none at the waist (the waistband sits on the waist, whatever is below).
   * @param restV per vertex of the part: picture px down the skirt's frame from the hip line.
   */
  widen(f: SkirtFrame, restV: Float64Array, out: Float32Array, firstVertex: number): void {
    if (!this.any) return;
    for (let k = 0; k < restV.length; k++) {
      const rv = restV[k]!;
      let cx: number;
      let cy: number;
      let ax: number;
      let ay: number;
      let halfPx: number;
      let addLeft: number;
      let addRight: number;
      if (rv >= 0) {
        const v = Math.min(1, rv / (f.restHemV || 1));
        cx = f.hipX + (f.hemX - f.hipX) * v;
        cy = f.hipY + (f.hemY - f.hipY) * v;
        ax = f.hipAx + (f.hemAx - f.hipAx) * v;
        ay = f.hipAy + (f.hemAy - f.hipAy) * v;
        halfPx = f.hipHalfPx + (f.hemHalfPx - f.hipHalfPx) * v;
        const r = v * (SKIRT_SCAN_ROWS - 1);
        const j = Math.min(SKIRT_SCAN_ROWS - 2, Math.floor(r));
        const w = r - j;
        addLeft = this.left[j]! * (1 - w) + this.left[j + 1]! * w;
        addRight = this.right[j]! * (1 - w) + this.right[j + 1]! * w;
      } else {
        const v = f.restWaistV < 0 ? Math.min(1, rv / f.restWaistV) : 1;
        cx = f.hipX + (f.waistX - f.hipX) * v;
        cy = f.hipY + (f.waistY - f.hipY) * v;
        ax = f.hipAx + (f.waistAx - f.hipAx) * v;
        ay = f.hipAy + (f.waistAy - f.hipAy) * v;
        halfPx = f.hipHalfPx + (f.waistHalfPx - f.hipHalfPx) * v;
        addLeft = this.left[0]! * (1 - v);
        addRight = this.right[0]! * (1 - v);
      }
      if (addLeft <= 0 && addRight <= 0) continue;
      const al = Math.hypot(ax, ay) || 1;
      ax /= al;
      ay /= al;
      const o = 3 * (firstVertex + k);
      const px = out[o]!;
      const py = out[o + 1]!;
      const across = (px - cx) * ax + (py - cy) * ay;
      const add = across >= 0 ? addLeft : addRight;
      if (add <= 0 || halfPx <= 0) continue;
      const moved = Math.sign(across) * add * (this.folds ? pleatOpening(Math.abs(across) / halfPx, this.folds) : Math.abs(across) / halfPx);
      out[o] = px + ax * moved;
      out[o + 1] = py + ay * moved;
    }
  }
}

/**
 * Share of a side's widening that a point `share` of the half-width out from the centre line moves by on a pleated
 * skirt: the number of folds between it and the centre line over all the side's folds. A step at each fold, flat
 * across each face — the pleats open, the faces keep their width — and 1 from the outermost fold to the side seam.
 */
export function pleatOpening(share: number, folds: Float64Array): number {
  let n = 0;
  while (n < folds.length && folds[n]! < share) n++;
  return n / folds.length;
}

/**
 * Where the line through (cx, cy) along (ax, ay) crosses the leg hip → knee → ankle, camera px, into `out`: the hip
 * joint when the row lies above it, the ankle below it.
 */
function legOnRow(lm: ArrayLike<number>, hip: number, knee: number, ankle: number, cx: number, cy: number, ax: number, ay: number, out: Float64Array): void {
  // Down the body: the row line's normal, pointing from the hip joint towards the knee.
  let nx = -ay;
  let ny = ax;
  const hx = lm[2 * hip]!;
  const hy = lm[2 * hip + 1]!;
  if ((lm[2 * knee]! - hx) * nx + (lm[2 * knee + 1]! - hy) * ny < 0) {
    nx = -nx;
    ny = -ny;
  }
  const joints = [hip, knee, ankle] as const;
  for (let s = 0; s < 2; s++) {
    const x0 = lm[2 * joints[s]!]!;
    const y0 = lm[2 * joints[s]! + 1]!;
    const x1 = lm[2 * joints[s + 1]!]!;
    const y1 = lm[2 * joints[s + 1]! + 1]!;
    const d0 = (x0 - cx) * nx + (y0 - cy) * ny;
    const d1 = (x1 - cx) * nx + (y1 - cy) * ny;
    if (s === 0 && d0 >= 0) break;
    if (d0 <= 0 && d1 >= 0 && d1 - d0 > 1e-9) {
      const t = -d0 / (d1 - d0);
      out[0] = x0 + (x1 - x0) * t;
      out[1] = y0 + (y1 - y0) * t;
      return;
    }
  }
  // Above the hip joint (or a leg drawn up past the row): the hip; past the ankle: the ankle.
  const end = (hx - cx) * nx + (hy - cy) * ny >= 0 ? hip : ankle;
  out[0] = lm[2 * end]!;
  out[1] = lm[2 * end + 1]!;
}
