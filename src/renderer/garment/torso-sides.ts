import type { TorsoEdges } from '../../shared/garment-silhouette';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, inCapsule, personExtentPx, type PersonMaskInput } from './leg-silhouette';

/**
 * A top worn over the shopper's own shirt encloses it: from the armpit down, the torso's side seam is never inside the
 * person mask's side, or his own shirt shows down the garment's side (the mirror clip: a white strip between the
 * shirt's torso and his arm). Each row of the fitted torso is read outwards from the cloth's own edge there (the
 * picture's side seam, `torsoEdgesPx`: the torso part's quad is wider than its cloth) to where the mask ends, and that
 * side of the row is stretched so the seam lands on the mask's edge.
 *
 * What is not his torso stops a scan: his arms. The forearms and hands are the trouser legs' capsules
 * (leg-silhouette.ts); the upper arm is one more capsule, shoulder → elbow, so a hanging arm beside the torso is
 * never enclosed (its sleeve is drawn over it). An arm held away from the body leaves the background between it and
 * the torso: the scan ends there, and that gap stays open.
 */

/**
 * Half the upper arm's breadth, cm: ANSUR II men's relaxed biceps circumference ≈ 32 cm (women ≈ 29 cm), ≈ 10 cm
 * across. The upper-arm capsules' radius.
 */
export const UPPER_ARM_HALF_BREADTH_CM = 5;
/**
 * The most a side seam is moved out, cm. The mirror clip's widest need was 3.1 cm at his waist on frame 120 (his
 * tee pulled out by the running stride); a regular shirt's chest ease is ≈ 10 cm round, ≈ 3.5 cm a side seen from the
 * front (sizing.ts's circumference / front width 2.8): a top a size too small shows his shirt beyond that rather
 * than stretching into a tent over whatever the mask holds (a bag, a person beside him).
 */
export const MAX_SIDE_WIDENING_CM = 4;
/**
 * The most a side seam is moved out where the scan ends at his arm, cm: what lies between the seam and a hanging arm
 * is his own torso, not a bag or someone beside him, so it is enclosed further. A fitted dress over his loose T-shirt
 * needs it: the slip dress's chart waist at M is 79 cm round against an everyday tee's 97 cm, (97 − 79) / 2.8 ≈ 3.2 cm
 * a side seen from the front (sizing.ts's circumference / front width), plus the 3.1 cm his tee was pulled out by
 * the running stride (above): ≈ 6.3 cm, and 8 with a margin. Under {@link MAX_SIDE_WIDENING_CM} the mirror clip
 * showed his white T-shirt as a wedge between the slip's waist and his hanging arm (frames 85, 90, 110).
 */
export const MAX_SIDE_WIDENING_TO_ARM_CM = 8;
/**
 * A run of background this narrow between the scan's end and an arm's capsule is the person mask's soft edges meeting
 * between his arm pressed to his side and his torso, not room between them, cm: the placed mask's pixel is ≈ 0.5 cm on
 * the mirror clip, one blurred either side (frame 85: 3 camera px of background at his waist beside his forearm).
 * An arm held away from the body leaves 3 cm and more.
 */
export const ARM_GAP_CM = 1;
/** Capsules a scan stops at: {@link ARM_CAPSULES} forearms and hands, then the two upper arms. */
export const TORSO_SCAN_CAPSULES = ARM_CAPSULES + 2;
const CAPSULES = TORSO_SCAN_CAPSULES;

/**
 * The capsules a torso side's scan stops at, camera px, into `out` (5 × {@link TORSO_SCAN_CAPSULES}): the forearms
 * and hands (`armCapsules`, armCapsulesPx) and each upper arm, shoulder → elbow, {@link UPPER_ARM_HALF_BREADTH_CM}
 * round.
 */
export function torsoScanCapsulesPx(lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array, out: Float64Array): void {
  out.set(armCapsules.subarray(0, 5 * ARM_CAPSULES));
  const r = UPPER_ARM_HALF_BREADTH_CM / cmPerPx;
  for (let k = 0; k < 2; k++) {
    const s = k === 0 ? L.leftShoulder : L.rightShoulder;
    const e = k === 0 ? L.leftElbow : L.rightElbow;
    const o = 5 * (ARM_CAPSULES + k);
    out[o] = lm[2 * s]!;
    out[o + 1] = lm[2 * s + 1]!;
    out[o + 2] = lm[2 * e]!;
    out[o + 3] = lm[2 * e + 1]!;
    out[o + 4] = r;
  }
}

/**
 * How far a side seam at (x, y), camera px, moves out along the unit (dx, dy) to land on the person mask's edge, px;
 * -1 where that edge lies past the reach (the mask there is not his shirt's side: an arm pressed to it beyond its
 * capsule, someone beside him — that side keeps its cut). The reach is {@link MAX_SIDE_WIDENING_CM}, or
 * {@link MAX_SIDE_WIDENING_TO_ARM_CM} where the scan ends at one of `capsules` (his arm), or at the mask's edge within
 * {@link ARM_GAP_CM} of one.
 * @param capsuleCount how many of `capsules` stop the scan: the torso's {@link TORSO_SCAN_CAPSULES} unless given.
 * @param far where a row is refused, `far[farAt]` gets the mask's edge the scan found (within
 *   {@link MAX_SIDE_WIDENING_TO_ARM_CM}, no arm at it: {@link takeRowsInLine} decides whether it is his outline), else -1.
 */
export function sideWideningPx(mask: PersonMaskInput, x: number, y: number, dx: number, dy: number, cmPerPx: number, capsules: Float64Array, capsuleCount = CAPSULES, far?: Float64Array, farAt = 0): number {
  if (far) far[farAt] = -1;
  const toArmPx = MAX_SIDE_WIDENING_TO_ARM_CM / cmPerPx;
  const extentPx = personExtentPx(mask, x, y, dx, dy, toArmPx, capsules, capsuleCount);
  if (extentPx < MAX_SIDE_WIDENING_CM / cmPerPx) return extentPx;
  if (extentPx >= toArmPx) return -1;
  // Past the plain reach: kept only where the scan stopped in an arm's capsule, or at the mask's edge with one just
  // past it ({@link ARM_GAP_CM}).
  const gapPx = ARM_GAP_CM / cmPerPx;
  for (let d = extentPx; d <= extentPx + gapPx; d += 1) {
    const ex = x + dx * d;
    const ey = y + dy * d;
    for (let k = 0; k < capsuleCount; k++) if (inCapsule(ex, ey, capsules, k)) return extentPx;
  }
  if (far) far[farAt] = extentPx;
  return -1;
}

/**
 * How far past the line of his outline through the rows either side a row's edge may lie and still be that outline,
 * cm: the placed mask's pixel (≈ 0.5 cm on the mirror clip) and one blurred beside it.
 */
export const IN_LINE_CM = 1;

/**
 * A fitted waist over a loose shirt: the tea dress's seam at his waist stood 4.4 cm inside his T-shirt's straight
 * side (the mirror clip's frame 75, 3D), past {@link MAX_SIDE_WIDENING_CM}, where the rows above and below needed
 * 2.5 and 3.7 cm; left at its cut, his shirt showed there as a white wedge. A row whose scan found the mask's edge past
 * the plain reach is taken where that edge lies no further out than the line through the edges the nearest rows
 * above and below found (plus {@link IN_LINE_CM}): it is his outline, bent in or straight. A bag or a person beside
 * him stands out past that line and keeps the row at its cut; a row with no found edge above or below it is not
 * taken.
 * @param add per row (0…`rows`), the widening, px, -1 where the scan's reach ended it; rows taken get their edge. In place.
 * @param edgePx per row, the mask's edge out from the seam where the reach refused the row ({@link sideWideningPx}'s
 *   `far`), px, or -1. Overwritten.
 * @param seamPx per row the seam's x, y (2 r), camera px; `dirPx` its outward unit (2 r).
 */
export function takeRowsInLine(add: Float64Array, edgePx: Float64Array, seamPx: ArrayLike<number>, dirPx: ArrayLike<number>, rows: number, cmPerPx: number): void {
  const tolPx = IN_LINE_CM / cmPerPx;
  for (let r = 0; r <= rows; r++) {
    const far = edgePx[r]!;
    edgePx[r] = -1;
    if (!(add[r]! < 0 && far >= 0)) continue;
    let a = r - 1;
    while (a >= 0 && !(add[a]! > 0)) a--;
    let b = r + 1;
    while (b <= rows && !(add[b]! > 0)) b++;
    if (a < 0 || b > rows) continue;
    const ax = seamPx[2 * a]! + dirPx[2 * a]! * add[a]!;
    const ay = seamPx[2 * a + 1]! + dirPx[2 * a + 1]! * add[a]!;
    let nx = -(seamPx[2 * b + 1]! + dirPx[2 * b + 1]! * add[b]! - ay);
    let ny = seamPx[2 * b]! + dirPx[2 * b]! * add[b]! - ax;
    const len = Math.hypot(nx, ny);
    if (!(len > 1e-6)) continue;
    const ux = dirPx[2 * r]!;
    const uy = dirPx[2 * r + 1]!;
    const sign = nx * ux + ny * uy >= 0 ? 1 : -1;
    nx *= sign / len;
    ny *= sign / len;
    const out = (seamPx[2 * r]! + ux * far - ax) * nx + (seamPx[2 * r + 1]! + uy * far - ay) * ny;
    if (out <= tolPx) edgePx[r] = far;
  }
  // Taken after all are read: a row taken here is not a reference for the next (a slow bulge is not walked out).
  for (let r = 0; r <= rows; r++) if (edgePx[r]! >= 0) add[r] = edgePx[r]!;
}

/**
 * The seam leans at most 45° off its cut between rows (`add[r]` px at row height `y[r]` px, rows 0…`rows`): a step
 * where a row's scan met an arm is a slope, not a notch. In place.
 */
export function limitSeamSlope(add: Float64Array, y: ArrayLike<number>, rows: number): void {
  for (let row = 1; row <= rows; row++) add[row] = Math.min(add[row]!, add[row - 1]! + Math.abs(y[row]! - y[row - 1]!));
  for (let row = rows - 1; row >= 0; row--) add[row] = Math.min(add[row]!, add[row + 1]! + Math.abs(y[row]! - y[row + 1]!));
}

/**
 * One fit's scans out from a torso's side seams, per side (0, 1) and row: where each seam starts, which way is out, the
 * widening the scan allows (`add`) and, where the reach refused a row, the mask's edge it found — then the rows in
 * line with his outline taken ({@link takeRowsInLine}). The 2D torso's rows and the 3D torso's morph rows read the
 * mask the same way through it. Allocates nothing per fit.
 */
export class SideScans {
  /** Per side, per row: the widening, px; -1 where the reach refused the row. */
  readonly add: readonly [Float64Array, Float64Array];
  /** The capsules the scans stop at this fit ({@link torsoScanCapsulesPx}). */
  private readonly capsules = new Float64Array(5 * CAPSULES);
  private readonly from: readonly [Float64Array, Float64Array];
  private readonly dir: readonly [Float64Array, Float64Array];
  private readonly far: readonly [Float64Array, Float64Array];

  constructor(private readonly rowCount: number) {
    this.add = [new Float64Array(rowCount), new Float64Array(rowCount)];
    this.from = [new Float64Array(2 * rowCount), new Float64Array(2 * rowCount)];
    this.dir = [new Float64Array(2 * rowCount), new Float64Array(2 * rowCount)];
    this.far = [new Float64Array(rowCount), new Float64Array(rowCount)];
  }

  /** Starts a fit: every row unread (no widening), the arms' capsules placed. */
  begin(lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array): void {
    torsoScanCapsulesPx(lm, cmPerPx, armCapsules, this.capsules);
    for (let side = 0; side < 2; side++) {
      this.add[side]!.fill(0);
      this.far[side]!.fill(-1);
    }
  }

  /** Reads `side`'s seam on `row` at (x, y), camera px, outwards along the unit (ux, uy). */
  scan(side: number, row: number, mask: PersonMaskInput, x: number, y: number, ux: number, uy: number, cmPerPx: number): void {
    this.place(side, row, x, y, ux, uy);
    this.add[side]![row] = sideWideningPx(mask, x, y, ux, uy, cmPerPx, this.capsules, CAPSULES, this.far[side], row);
  }

  /**
   * Reads `side`'s seam on `row` as a skirt encloses what it covers (skirt-silhouette.ts): out to the person mask's
   * edge plus `easePx`, however far, within `reachPx` (past it, someone beside the shopper: the cut); no reach of a
   * top's ({@link sideWideningPx}'s 4 cm): loose shorts under a slim dress are wider than that.
   */
  enclose(side: number, row: number, mask: PersonMaskInput, x: number, y: number, ux: number, uy: number, reachPx: number, easePx: number): void {
    this.place(side, row, x, y, ux, uy);
    this.far[side]![row] = -1;
    const extentPx = personExtentPx(mask, x, y, ux, uy, reachPx, this.capsules, CAPSULES);
    this.add[side]![row] = extentPx > 0 && extentPx < reachPx ? extentPx + easePx : 0;
  }

  /** Where `side`'s scan on `row` starts (the seam, camera px) and its outward unit, for {@link takeInLine}. */
  private place(side: number, row: number, x: number, y: number, ux: number, uy: number): void {
    this.from[side]![2 * row] = x;
    this.from[side]![2 * row + 1] = y;
    this.dir[side]![2 * row] = ux;
    this.dir[side]![2 * row + 1] = uy;
  }

  /** After every row is read: refused rows in line with his outline through the rows either side take its edge. */
  takeInLine(cmPerPx: number): void {
    for (let side = 0; side < 2; side++) takeRowsInLine(this.add[side]!, this.far[side]!, this.from[side]!, this.dir[side]!, this.rowCount - 1, cmPerPx);
  }
}

/**
 * The torso part's grid as the rig built it (rows of `columns + 1` vertices, top first, each row at one picture `y`
 * when the quad's top and foot are level, which the demo garments' are) and the cloth's side edges in it.
 */
export interface TorsoGrid {
  /** Rest picture px of the part's vertices, interleaved x, y (borrowed; the grid's vertices first). */
  restPx: Float64Array;
  columns: number;
  rows: number;
  /** The garment's centre line (the shoulder anchors' midpoint's column) and which way the wearer's left lies. */
  centreXPx: number;
  towardsLeft: number;
  edges: TorsoEdges;
  /**
   * Whether `edges` were read down to the picture's foot (a top): then the grid's rows below the last row with a side
   * (the quad's foot, past the hem) take that row's edges, so the hem's corners between them move with the sides.
   * False or absent: they end where the reading did (a dress's, at its hip anchors: its skirt hangs free below).
   */
  edgesToFoot?: boolean;
  /**
   * Rest picture y from which down a row whose scan runs past the reach (the shopper's hips or shorts wider than the
   * reach below their top's hem) takes the widening of the row above it: the cloth hangs on down from the widest it
   * covered, as a hem does, instead of stepping back in to its cut under it (a top's: its waist anchors' height).
   * Absent: such a row keeps its cut.
   */
  hangFromYPx?: number;
}

/** Widens a 2D top's torso sides onto the person mask, row by row. Allocates nothing per fit. */
export class TorsoSides {
  /** Per grid row: the cloth's rest edge on the wearer's left and right, px from the centre line (NaN: not a side). */
  private readonly edgeLeft: Float64Array;
  private readonly edgeRight: Float64Array;
  /** Per side (left, right), per grid row: the scans, and the widening this fit, camera px. */
  private readonly scans: SideScans;
  private readonly addLeft: Float64Array;
  private readonly addRight: Float64Array;
  /** Per grid row: the row's rest y, to limit how fast the widening may change from row to row. */
  private readonly rowY: Float64Array;
  private readonly point = new Float64Array(4);
  private any = false;

  constructor(private readonly grid: TorsoGrid) {
    const { rows, columns, restPx, edges } = grid;
    this.edgeLeft = new Float64Array(rows + 1);
    this.edgeRight = new Float64Array(rows + 1);
    this.scans = new SideScans(rows + 1);
    [this.addLeft, this.addRight] = this.scans.add;
    this.rowY = new Float64Array(rows + 1);
    for (let r = 0; r <= rows; r++) {
      const y = restPx[2 * r * (columns + 1) + 1]!;
      this.rowY[r] = y;
      this.edgeLeft[r] = edgeAt(edges.left, edges, y);
      this.edgeRight[r] = edgeAt(edges.right, edges, y);
    }
    // Left at their cut, the foot's vertices held the hem's corners in while the row above moved out: a 45° notch
    // cut off each corner (the mirror clip's frame 60: his white T-shirt in a 3.6 × 3.4 cm triangle at the tee's hem).
    if (grid.edgesToFoot) {
      let last = rows;
      while (last >= 0 && (Number.isNaN(this.edgeLeft[last]!) || Number.isNaN(this.edgeRight[last]!))) last--;
      for (let r = last + 1; last >= 0 && r <= rows; r++) {
        this.edgeLeft[r] = this.edgeLeft[last]!;
        this.edgeRight[r] = this.edgeRight[last]!;
      }
    }
  }

  /**
   * Reads the mask out from each row's side seams on the fitted torso in `out` (x, y, z per vertex, camera px) and
   * stretches each side so its seam lands on the mask's edge.
   * @param lm 33 image landmarks, camera px (borrowed).
   * @param armCapsules the forearms and hands (armCapsulesPx, borrowed).
   */
  fit(out: Float32Array, firstVertex: number, mask: PersonMaskInput, lm: ArrayLike<number>, cmPerPx: number, armCapsules: Float64Array): void {
    this.scans.begin(lm, cmPerPx, armCapsules);
    const { rows } = this.grid;
    const hangFrom = this.grid.hangFromYPx ?? Number.POSITIVE_INFINITY;
    this.any = false;
    for (let row = 0; row <= rows; row++) {
      for (let side = 0; side < 2; side++) {
        const left = side === 0;
        const edge = left ? this.edgeLeft[row]! : this.edgeRight[row]!;
        if (Number.isNaN(edge)) continue;
        const p = this.point;
        this.placed(out, firstVertex, row, 0, p, 0);
        this.placed(out, firstVertex, row, left ? edge : -edge, p, 2);
        const dx = p[2]! - p[0]!;
        const dy = p[3]! - p[1]!;
        const len = Math.hypot(dx, dy);
        if (len < 1e-6) continue;
        this.scans.scan(side, row, mask, p[2]!, p[3]!, dx / len, dy / len, cmPerPx);
      }
    }
    this.scans.takeInLine(cmPerPx);
    for (let side = 0; side < 2; side++) {
      const add = this.scans.add[side]!;
      for (let row = 0; row <= rows; row++) {
        if (add[row]! < 0) add[row] = row > 0 && this.rowY[row]! >= hangFrom ? add[row - 1]! : 0;
        if (add[row]! > 0) this.any = true;
      }
    }
    if (!this.any) return;
    limitSeamSlope(this.addLeft, this.rowY, rows);
    limitSeamSlope(this.addRight, this.rowY, rows);
    this.widen(out, firstVertex);
  }

  /**
   * Moves each row's vertices out along the row, linearly in their rest distance from the centre line up to the
   * seam (so the row never folds) and by the whole widening past it (what the quad holds beyond the seam moves with it).
   */
  private widen(out: Float32Array, firstVertex: number): void {
    const { rows, columns, restPx, centreXPx, towardsLeft } = this.grid;
    const p = this.point;
    for (let row = 0; row <= rows; row++) {
      const addL = this.addLeft[row]!;
      const addR = this.addRight[row]!;
      if (addL <= 0 && addR <= 0) continue;
      this.placed(out, firstVertex, row, -this.edgeRight[row]! || -1, p, 0);
      this.placed(out, firstVertex, row, this.edgeLeft[row]! || 1, p, 2);
      let ax = p[2]! - p[0]!;
      let ay = p[3]! - p[1]!;
      const len = Math.hypot(ax, ay) || 1;
      ax /= len;
      ay /= len;
      const first = row * (columns + 1);
      for (let c = 0; c <= columns; c++) {
        const k = first + c;
        const u = (restPx[2 * k]! - centreXPx) * towardsLeft;
        const left = u >= 0;
        const add = left ? addL : addR;
        const edge = left ? this.edgeLeft[row]! : this.edgeRight[row]!;
        if (add <= 0 || !(edge > 0)) continue;
        const shift = (left ? 1 : -1) * add * Math.min(1, Math.abs(u) / edge);
        const o = 3 * (firstVertex + k);
        out[o] = out[o]! + ax * shift;
        out[o + 1] = out[o + 1]! + ay * shift;
      }
    }
  }

  /**
   * Where the rest point `u` px from the centre line (towards the wearer's left: +) on grid row `row` lies on the
   * fitted torso in `out`, camera px, into `p[o]`, `p[o + 1]`: interpolated between the row's vertices either side.
   */
  private placed(out: Float32Array, firstVertex: number, row: number, u: number, p: Float64Array, o: number): void {
    const { columns, restPx, centreXPx, towardsLeft } = this.grid;
    const x = centreXPx + u * towardsLeft;
    const first = row * (columns + 1);
    let c = 0;
    while (c < columns - 1 && restPx[2 * (first + c + 1)]! < x) c++;
    const x0 = restPx[2 * (first + c)]!;
    const x1 = restPx[2 * (first + c + 1)]!;
    const f = x1 !== x0 ? (x - x0) / (x1 - x0) : 0;
    const a = 3 * (firstVertex + first + c);
    const b = a + 3;
    p[o] = out[a]! + (out[b]! - out[a]!) * f;
    p[o + 1] = out[a + 1]! + (out[b + 1]! - out[a + 1]!) * f;
  }
}

/** The edge `values` (see TorsoEdges) at picture row `y`, interpolated; NaN outside them or next to a NaN sample. */
function edgeAt(values: Float64Array, edges: TorsoEdges, y: number): number {
  const f = (y - edges.fromYPx) / edges.stepPx;
  if (f < 0 || f > values.length - 1) return Number.NaN;
  const i = Math.min(values.length - 2, Math.floor(f));
  if (i < 0) return values[0]!;
  return values[i]! + (values[i + 1]! - values[i]!) * (f - i);
}
