import { SHOULDER_MIN_READINGS, SHOULDER_READ_AT_OF_JOINTS } from '../../shared/garment-silhouette';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, inCapsule, personExtentPx, type PersonMaskInput } from './leg-silhouette';

/**
 * Where the tops of the shopper's shoulders really are, read from the person mask, and how far a worn top's shoulder
 * seam is raised to lie on them. The shoulder landmarks are joints: the top of the shoulder (acromion, trapezius,
 * and the shopper's own shirt over them) stands 6–7.5 cm above them on the mirror clip (frame 60: 31 and 39 px at
 * 528 px/m) where the garments put it 3.5 cm (3D) or 4.5 cm (2D) above — a band of his own T-shirt showed over the
 * garment's shoulder, wider on the side whose landmark the model placed lower (the landmarks' line tilts 6.9°, the
 * shoulders' tops 4.6°). Raising each seam to its own shoulder's top fixes both the height and the tilt.
 */

/**
 * The highest a shoulder's top (with the shirt on it) stands above its joint, cm: ≈ 7.5 cm measured on the mirror
 * clip, the trapezius 1–2 cm more at 0.15 of the breadth in. A mask still going on above this is no shoulder: hair
 * falling on it, a hand or arm raised beside the head, the head itself, another person or the background the mask
 * bled into — the column gives no reading.
 */
const SHOULDER_TOP_MAX_CM = 10;
/**
 * The most a seam is raised above where the garment puts it, cm. The need measured on the mirror clip is 1.5–4 cm
 * (shoulder tops 6–7.5 cm above the joints against the garments' 3.5–4.5 cm); more is what a shopper wears on the
 * shoulders, not the shoulder (a thick knit, hair lying on it, a hood), and a top is not hung on that.
 */
export const MAX_SHOULDER_LIFT_CM = 4;
/**
 * Share of a new reading taken each fit: the lift follows the mask within ≈ 3 frames (100 ms at 30 fps) but not its
 * frame-to-frame flicker (the mask's edge moves 1–3 px on a still shopper).
 */
const LIFT_SMOOTHING = 0.35;

/**
 * How far the person mask's top stands above the shoulder landmark on `side`, camera px, along `up` (unit,
 * perpendicular to the shoulder line, towards the head): the median of the readings at {@link SHOULDER_READ_AT_OF_JOINTS}.
 * NaN when there is no reading: an arm raised above the shoulder line (the shoulder's top then rises with it, and the
 * hand may be beside the head), or fewer than {@link SHOULDER_MIN_READINGS} columns whose top is within `maxPx` and not a hand
 * or forearm (`capsules`, from `armCapsulesPx`; borrowed). Allocates nothing.
 */
export function shoulderTopAbovePx(input: PersonMaskInput, lm: ArrayLike<number>, side: 'left' | 'right', upX: number, upY: number, maxPx: number, capsules: Float64Array): number {
  const s = side === 'left' ? L.leftShoulder : L.rightShoulder;
  const o = side === 'left' ? L.rightShoulder : L.leftShoulder;
  const e = side === 'left' ? L.leftElbow : L.rightElbow;
  const sx = lm[2 * s]!;
  const sy = lm[2 * s + 1]!;
  if ((lm[2 * e]! - sx) * upX + (lm[2 * e + 1]! - sy) * upY > 0) return Number.NaN;
  const inX = lm[2 * o]! - sx;
  const inY = lm[2 * o + 1]! - sy;
  let a = Number.NaN;
  let b = Number.NaN;
  let c = Number.NaN;
  let d = Number.NaN;
  let n = 0;
  for (const f of SHOULDER_READ_AT_OF_JOINTS) {
    const x = sx + f * inX;
    const y = sy + f * inY;
    const topPx = personExtentPx(input, x, y, upX, upY, maxPx, capsules);
    if (!(topPx > 0 && topPx < maxPx) || inAnyCapsule(x + upX * (topPx + 1), y + upY * (topPx + 1), capsules)) continue;
    // The edge lies between the last step on the person and the first off it.
    const edgePx = topPx - 0.5;
    if (n === 0) a = edgePx;
    else if (n === 1) b = edgePx;
    else if (n === 2) c = edgePx;
    else d = edgePx;
    n++;
  }
  if (n < SHOULDER_MIN_READINGS) return Number.NaN;
  return n === 3 ? median3(a, b, c) : (median3(a, b, c) + median3(b, c, d)) / 2;
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

function inAnyCapsule(x: number, y: number, capsules: Float64Array): boolean {
  for (let k = 0; k < ARM_CAPSULES; k++) if (inCapsule(x, y, capsules, k)) return true;
  return false;
}

/**
 * Per shoulder, how far a worn top's shoulder seam is raised above where the garment's own cut puts it, cm: the
 * person mask's top above the shoulder landmark less the garment's own shoulder top above its joint, between 0 (never
 * lower than the cut) and {@link MAX_SHOULDER_LIFT_CM}, smoothed over fits. Without a mask or a reading the lift eases
 * back to 0: the garment as cut. Allocates nothing.
 */
export class ShoulderLift {
  /** Left, right (the wearer's), cm. */
  readonly liftCm = new Float64Array(2);
  private fresh = true;

  /**
   * Reads this fit's mask. `up` (unit, camera px) points from the shoulder line towards the head.
   * @param input the person mask, or null (none this frame).
   * @param ownTopCm how far above each shoulder joint (the wearer's left, right) the garment's own shoulder top lies, cm.
   * @param capsules the forearms and hands (`armCapsulesPx`; borrowed).
   */
  update(input: PersonMaskInput | null, lm: ArrayLike<number>, cmPerPx: number, upX: number, upY: number, ownTopCm: ArrayLike<number>, capsules: Float64Array): Float64Array {
    const maxPx = SHOULDER_TOP_MAX_CM / cmPerPx;
    for (let k = 0; k < 2; k++) {
      const topPx = input ? shoulderTopAbovePx(input, lm, k === 0 ? 'left' : 'right', upX, upY, maxPx, capsules) : Number.NaN;
      const target = Number.isNaN(topPx) ? 0 : Math.min(MAX_SHOULDER_LIFT_CM, Math.max(0, topPx * cmPerPx - ownTopCm[k]!));
      this.liftCm[k] = this.fresh ? target : this.liftCm[k]! + LIFT_SMOOTHING * (target - this.liftCm[k]!);
    }
    this.fresh = false;
    return this.liftCm;
  }

  /** Forgets the past fits (nobody in the picture): the next reading is taken whole. */
  reset(): void {
    this.fresh = true;
    this.liftCm.fill(0);
  }
}
