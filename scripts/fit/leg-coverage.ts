/**
 * How a worn bottom covers the shopper's own legwear, measured on the camera picture: between the hip line and the
 * knee line, the person mask's pixels that are not skin are what the shopper wears on their legs (shorts, jeans, a
 * skirt); trousers put on over them must hide them. And between the legs, where the person mask shows the background
 * (the legs part below the crotch), the trousers must not be drawn: that is the room behind, seen between the legs.
 */
import { PoseLandmark as L } from '../../src/shared/pose';

/**
 * The rows counted start this far below the hip line, in torso lengths (shoulder line to hip line): an untucked top's
 * hem hangs to about there (± 0.1 torso on the mirror clip: own-clothes.ts), and trousers go on under it, so its
 * hem is not legwear to cover.
 */
export const TOP_HEM_BELOW_HIPS_OF_TORSO = 0.1;
/** Person-mask value (probability × 255) from which a pixel belongs to the person (the shaders' 0.5). */
const PERSON_CUT = 128;

/**
 * Skin by colour (the RGB rule of Kovač, Peer and Solina 2003, daylight): red leads green and blue by a margin, in a
 * lit range. Grey marl, blue denim and white cloth fail it; the brown of a wooden cabinet behind a blurred mask edge
 * passes it, which here only drops a background pixel the mask took for the person.
 */
export function isSkin(r: number, g: number, b: number): boolean {
  return r > 95 && g > 40 && b > 20 && Math.max(r, g, b) - Math.min(r, g, b) > 15 && Math.abs(r - g) > 15 && r > g && r > b;
}

export interface LegwearCover {
  /** The shopper's legwear pixels between the hip and knee lines (from just below the hip line: see legwearCover). */
  legwearPx: number;
  /** Of them, those the garment leaves showing between the legs' centre lines (the inner sides, the crotch). */
  bareInnerPx: number;
  /** …and outside them (the legs' outer sides). */
  bareOuterPx: number;
  /** (bareInnerPx + bareOuterPx) / legwearPx; 0 without legwear. */
  bare: number;
  /** Background pixels between the legs' centre lines in the same rows: the gap between the legs. */
  gapPx: number;
  /** Of them, those the garment covers. */
  gapCoveredPx: number;
  /** gapCoveredPx / gapPx; 0 without a gap. */
  gapCovered: number;
}

/**
 * The garment's hem row on the legs: the median, over the columns between the two knees' outer sides, of each column's
 * lowest garment row. A garment shorter than the shopper's own legwear (Bermuda shorts over knee-length ones) leaves
 * the rest showing, as a real one would in the mirror: those rows are not counted.
 */
function garmentHemY(garment: Uint8Array, widthPx: number, heightPx: number, lm: ArrayLike<number>): number {
  const half = Math.abs(lm[2 * L.leftKnee]! - lm[2 * L.rightKnee]!) / 2;
  const x0 = Math.max(0, Math.floor(Math.min(lm[2 * L.leftKnee]!, lm[2 * L.rightKnee]!) - half));
  const x1 = Math.min(widthPx - 1, Math.ceil(Math.max(lm[2 * L.leftKnee]!, lm[2 * L.rightKnee]!) + half));
  const lowest: number[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = heightPx - 1; y >= 0; y--) {
      if (garment[y * widthPx + x]! >= 128) {
        lowest.push(y + 1);
        break;
      }
    }
  }
  if (lowest.length === 0) return heightPx;
  lowest.sort((a, b) => a - b);
  return lowest[lowest.length >> 1]!;
}

/** x of the hip → knee line at row y (the hip's x above the hip, the knee's below the knee). */
function legLineX(lm: ArrayLike<number>, hip: number, knee: number, y: number): number {
  const hx = lm[2 * hip]!;
  const hy = lm[2 * hip + 1]!;
  const kx = lm[2 * knee]!;
  const ky = lm[2 * knee + 1]!;
  if (Math.abs(ky - hy) < 1e-6) return (hx + kx) / 2;
  const t = Math.min(1, Math.max(0, (y - hy) / (ky - hy)));
  return hx + (kx - hx) * t;
}

/**
 * The figures of {@link LegwearCover} for one picture. Each row from just below the hip line (a top's hem: see
 * {@link TOP_HEM_BELOW_HIPS_OF_TORSO}) to the knee line (the two sides' means) or the garment's hem, if higher holds the person's pixels between the two legs' centre lines (hip → knee landmarks) and, outwards from each
 * line, the person's pixels up to the first one that is not (so someone standing beside the shopper is not counted),
 * at most the hip joints' spacing out (nothing worn on a leg reaches past that; the rig reads the mask no further).
 * @param garment the garment's coverage mask, one byte a pixel (≥ 128 = drawn; `atelier tryon --mask`; borrowed).
 * @param person the person mask, probability × 255 at the picture's size (borrowed).
 * @param rgba the camera picture, RGBA rows top first (borrowed).
 * @param landmarksPx 33 landmarks in camera pixels, interleaved x, y (borrowed).
 * @param marks where to mark, one byte a pixel, for a picture to look at: 1 legwear left showing, 2 the gap between the
 *   legs covered (caller-owned; optional).
 */
export function legwearCover(garment: Uint8Array, person: Uint8Array, rgba: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, marks?: Uint8Array): LegwearCover {
  const lm = landmarksPx;
  const hipY = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2;
  const shoulderY = (lm[2 * L.leftShoulder + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
  const topY = hipY + TOP_HEM_BELOW_HIPS_OF_TORSO * Math.abs(hipY - shoulderY);
  const kneeY = (lm[2 * L.leftKnee + 1]! + lm[2 * L.rightKnee + 1]!) / 2;
  const reachPx = Math.hypot(lm[2 * L.leftHip]! - lm[2 * L.rightHip]!, lm[2 * L.leftHip + 1]! - lm[2 * L.rightHip + 1]!);
  const out: LegwearCover = { legwearPx: 0, bareInnerPx: 0, bareOuterPx: 0, bare: 0, gapPx: 0, gapCoveredPx: 0, gapCovered: 0 };
  const isPerson = (i: number): boolean => person[i]! >= PERSON_CUT;
  const count = (i: number, inner: boolean): void => {
    const o = 4 * i;
    if (isSkin(rgba[o]!, rgba[o + 1]!, rgba[o + 2]!)) return;
    out.legwearPx++;
    if (garment[i]! >= 128) return;
    if (marks) marks[i] = 1;
    if (inner) out.bareInnerPx++;
    else out.bareOuterPx++;
  };
  const lastY = Math.min(heightPx - 1, Math.floor(kneeY), garmentHemY(garment, widthPx, heightPx, landmarksPx) - 1);
  for (let y = Math.max(0, Math.ceil(topY)); y <= lastY; y++) {
    const a = legLineX(lm, L.leftHip, L.leftKnee, y);
    const b = legLineX(lm, L.rightHip, L.rightKnee, y);
    const x0 = Math.max(0, Math.round(Math.min(a, b)));
    const x1 = Math.min(widthPx - 1, Math.round(Math.max(a, b)));
    const row = y * widthPx;
    for (let x = x0; x <= x1; x++) {
      const i = row + x;
      if (isPerson(i)) {
        count(i, true);
      } else {
        out.gapPx++;
        if (garment[i]! < 128) continue;
        out.gapCoveredPx++;
        if (marks) marks[i] = 2;
      }
    }
    for (let x = x0 - 1; x >= 0 && x0 - x <= reachPx && isPerson(row + x); x--) count(row + x, false);
    for (let x = x1 + 1; x < widthPx && x - x1 <= reachPx && isPerson(row + x); x++) count(row + x, false);
  }
  out.bare = out.legwearPx ? (out.bareInnerPx + out.bareOuterPx) / out.legwearPx : 0;
  out.gapCovered = out.gapPx ? out.gapCoveredPx / out.gapPx : 0;
  return out;
}
