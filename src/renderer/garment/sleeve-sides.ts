import { PoseLandmark as L } from '../../shared/pose';
import { mapAlong, type LimbPath } from './limb';
import { personExtentPx, type PersonMaskInput } from './leg-silhouette';

/**
 * A sleeve worn over the shopper's own sleeve encloses it: its outer edge (away from the torso) is never inside the
 * person mask's outline of the upper arm, or his own sleeve shows beside the garment's (the mirror clip: a white
 * strip down the outside of the oxford's sleeve, his T-shirt's sleeve beside the tee's). Each row of the strip from
 * the shoulder to the elbow is read outwards from the arm's path to where the mask ends, and the outer side of the
 * row is stretched so its edge lands there — the torso-sides rule (torso-sides.ts) on the sleeve.
 *
 * Only the outer side: the inner side of a hanging arm lies against the torso (the mask runs on into it), and the
 * garment's torso covers it. Below the elbow the forearm is bare under a short sleeve and the long sleeve's own cut
 * holds (the forearm capsules stop every scan there). An arm held out leaves the background beyond it: its scan ends
 * at the arm's edge, so no room is swallowed.
 */

/**
 * The farthest the outer edge is put from the arm's path, cm: half the upper arm's breadth (ANSUR II biceps
 * circumference ≈ 32 cm relaxed, ≈ 10 cm across: 5 cm) plus a T-shirt sleeve standing off it (a men's M sleeve
 * opening ≈ 19 cm flat, ≈ 6 cm across more than the arm: 3 cm a side) plus the deltoid's bulge by the shoulder
 * (≈ 1 cm). A mask going on further is no arm in a sleeve — someone beside him, a bag on the shoulder, a hand or the
 * background the mask bled into — and that row keeps its cut.
 */
export const MAX_SLEEVE_OUTER_CM = 9;
/**
 * A row whose cloth reaches out from the path less than this share of the row above's is past the sleeve's side seam:
 * its cloth ends at the hem (down to it a sleeve's rows hold the same share ± 3 %; the tee's hem rows 0.48 of it).
 */
const HEM_RECEDES = 0.8;
/**
 * Capsules a scan stops at: the other arm's forearm and hand, and this arm's hand (not its own forearm: a scan near
 * the elbow starts inside it).
 */
export const SLEEVE_SCAN_CAPSULES = 3;
const CAPSULES = SLEEVE_SCAN_CAPSULES;

/**
 * The capsules a `side` sleeve's scan stops at, camera px, into `out` (5 × {@link SLEEVE_SCAN_CAPSULES}): the other
 * arm's forearm and hand, then this arm's hand.
 * @param armCapsules armCapsulesPx's: left forearm, hand, right forearm, hand (borrowed).
 */
export function sleeveScanCapsulesPx(armCapsules: Float64Array, side: 'left' | 'right', out: Float64Array): Float64Array {
  const other = side === 'left' ? 10 : 0;
  const hand = side === 'left' ? 5 : 15;
  for (let i = 0; i < 10; i++) out[i] = armCapsules[other + i]!;
  for (let i = 0; i < 5; i++) out[10 + i] = armCapsules[hand + i]!;
  return out;
}

/**
 * A sleeve strip's rest layout as the rig built it: rows of `columns + 1` vertices, top first, then a copy of its
 * upper rows.
 */
export interface SleeveStrip {
  columns: number;
  /** Vertices of the strip's own grid (`(rows + 1) × (columns + 1)`); the copy's vertices follow them. */
  gridCount: number;
  /** Per vertex: rest distance along and across the strip, and its row's half-width, picture px (borrowed). */
  alongPx: Float64Array;
  acrossPx: Float64Array;
  halfPx: Float64Array;
  /**
   * Per vertex: the share of its row's half-width the picture's cloth fills on the outer side (the strip is centred
   * on the anchors' path, its quad wider than the cloth there); null: all of it.
   */
  clothOuter: Float64Array | null;
}

/** Widens a 2D sleeve's outer side onto the person mask, row by row. Allocates nothing per fit. */
export class SleeveOuterSide {
  /** Per grid row, camera px: how far from the path the outer edge is put this fit (0: its cut). */
  private readonly reach: Float64Array;
  private readonly rows: number;
  /**
   * Per grid row: past the sleeve's side seam — the row's cloth reaches out less than {@link HEM_RECEDES} of the row
   * above's (the hem crossing the strip), or a row above did.
   */
  private readonly pastSeam: Uint8Array;
  /** Across the strip (+1, −1) towards the outer side this fit; 0: no widening. */
  private outerSign = 0;
  private readonly capsules = new Float64Array(5 * CAPSULES);
  private readonly point = new Float64Array(4);

  constructor(private readonly strip: SleeveStrip) {
    this.rows = strip.gridCount / (strip.columns + 1) - 1;
    this.reach = new Float64Array(this.rows + 1);
    this.pastSeam = new Uint8Array(this.rows + 1);
    for (let row = 1; row <= this.rows; row++) {
      const k = row * (strip.columns + 1);
      this.pastSeam[row] = this.pastSeam[row - 1] || this.clothHalf(k) < HEM_RECEDES * this.clothHalf(k - strip.columns - 1) ? 1 : 0;
    }
  }

  /**
   * Reads the mask out from each row's centre on the path (`path`, set for this fit; a rest distance maps onto it
   * by `mapAlong(s, restKnots, knots, knotCount)`) up to the elbow (`elbowPx` along the path).
   * @param lm 33 image landmarks, camera px (borrowed).
   * @param across camera px per picture px across the strip.
   * @param armCapsules the forearms and hands (armCapsulesPx, borrowed).
   */
  fit(mask: PersonMaskInput, path: LimbPath, restKnots: ArrayLike<number>, knots: ArrayLike<number>, knotCount: number, elbowPx: number, side: 'left' | 'right', lm: ArrayLike<number>, cmPerPx: number, across: number, armCapsules: Float64Array): void {
    const { columns, alongPx } = this.strip;
    const left = side === 'left';
    sleeveScanCapsulesPx(armCapsules, side, this.capsules);
    // Outwards: along the shoulder line, from the other shoulder past this one.
    const s = left ? L.leftShoulder : L.rightShoulder;
    const o = left ? L.rightShoulder : L.leftShoulder;
    const outX = lm[2 * s]! - lm[2 * o]!;
    const outY = lm[2 * s + 1]! - lm[2 * o + 1]!;
    const p = this.point;
    path.point(0, 0, 0, p, 0);
    path.point(0, 1, 0, p, 2);
    // −1, 0 or +1 as small integers: `Math.sign` in V8's optimised code gives a boxed double, and the field's first
    // one changed this object's shape, throwing away the fit's compiled code a few seconds in (issue 14.5).
    const outward = (p[2]! - p[0]!) * outX + (p[3]! - p[1]!) * outY;
    this.outerSign = outward > 0 ? 1 : outward < 0 ? -1 : 0;
    const maxPx = MAX_SLEEVE_OUTER_CM / cmPerPx;
    let any = false;
    for (let row = 0; row <= this.rows; row++) {
      const k = row * (columns + 1);
      const sBody = mapAlong(alongPx[k]!, restKnots, knots, knotCount);
      this.reach[row] = 0;
      if (this.outerSign === 0 || sBody > elbowPx) continue;
      path.point(sBody, 0, 0, p, 0);
      path.point(sBody, this.outerSign, 0, p, 2);
      const extentPx = personExtentPx(mask, p[0]!, p[1]!, p[2]! - p[0]!, p[3]! - p[1]!, maxPx, this.capsules, CAPSULES);
      if (extentPx < maxPx && extentPx > this.clothHalf(k) * across) {
        this.reach[row] = extentPx;
        any = true;
      }
    }
    if (!any) {
      this.outerSign = 0;
      return;
    }
    // The edge leans at most 45° off its cut between rows (a row whose scan met a hand is a slope, not a notch), and
    // no row is narrower than its cut.
    for (let row = 0; row <= this.rows; row++) this.reach[row] = Math.max(this.reach[row]!, this.clothHalf(row * (columns + 1)) * across);
    const step = (row: number, other: number): number => Math.abs(alongPx[row * (columns + 1)]! - alongPx[other * (columns + 1)]!) * across;
    for (let row = 1; row <= this.rows; row++) this.reach[row] = Math.min(this.reach[row]!, this.reach[row - 1]! + step(row, row - 1));
    for (let row = this.rows - 1; row >= 0; row--) this.reach[row] = Math.min(this.reach[row]!, this.reach[row + 1]! + step(row, row + 1));
  }

  /**
   * Vertex `k`'s offset across the path, camera px, given its cut's (`acrossPx`) and its row's half-width
   * (`halfPx`): on the outer side, stretched linearly so the row's edge lies at this fit's reach (rows never fold).
   * Past the sleeve's side seam ({@link pastSeam}) only the row's cloth is stretched, and what the row holds beyond
   * it is carried out beside it unstretched: there the cloth ends short of the strip's edge at the hem, which crosses
   * the strip aslant, and stretching the whole row to put that short edge on his arm's outline stretched the strip's
   * outer part by several times the row above's (the tee's hem rows 3.5 ×, the row above 1.7 ×) — and with it the
   * cloth between the two rows, which reaches further out than the hem row's: a triangle of sleeve standing ≈ 20 px
   * out past his arm below the hem (mirror frames 85 and 88, the arm bent).
   */
  across(k: number, acrossPx: number, halfPx: number): number {
    const reach = this.reachOf(k);
    if (reach <= halfPx || acrossPx * this.outerSign <= 0) return acrossPx;
    const stretched = (acrossPx / halfPx) * reach;
    if (!this.pastSeam[this.rowOf(k)]) return stretched;
    // Past the side seam, beyond the cloth's edge (put at reach × share): as cut.
    const share = this.strip.clothOuter?.[k] ?? 1;
    const u = Math.abs(acrossPx);
    return u <= halfPx * share ? stretched : this.outerSign * (reach * share + u - halfPx * share);
  }

  /** Vertex `k`'s row's rest half-width to the cloth's outer edge, picture px. */
  private clothHalf(k: number): number {
    return this.strip.halfPx[k]! * (this.strip.clothOuter?.[k] ?? 1);
  }

  /** Vertex `k`'s row's widest half, camera px (the strip's half-width the path squeezes a bend's inner side by). */
  half(k: number, halfPx: number): number {
    return Math.max(halfPx, this.reachOf(k));
  }

  /** Vertex `k`'s grid row (the copy's vertices: the row they copy). */
  private rowOf(k: number): number {
    const { columns, gridCount } = this.strip;
    return Math.floor((k < gridCount ? k : k - gridCount) / (columns + 1));
  }

  private reachOf(k: number): number {
    if (this.outerSign === 0) return 0;
    const row = this.rowOf(k);
    // The strip's half-width that puts its cloth's edge at the row's reach.
    return row <= this.rows ? this.reach[row]! / (this.strip.clothOuter?.[k] ?? 1) : 0;
  }
}
