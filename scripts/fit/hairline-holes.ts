/**
 * Issue 14: hair-thin lines of the camera picture through a worn garment — where the hand's occluder took the camera's
 * blend across the shopper's outline for skin (under a hanging fist beside a dress's side). Measured on the garment's
 * coverage mask (one byte per camera pixel, rows top first, > 127 = covered): the pixels left bare with the garment's
 * cloth on both sides of them within {@link HAIRLINE_MAX_PX} on their row.
 */
import { forearmPx, type Side } from './arm-coverage';

/** The widest a hole may be and still be a hairline, camera px (each side's cloth within this of the pixel). */
export const HAIRLINE_MAX_PX = 3;
/** The box below a hand where its hairlines are counted, × the shoulder joints' distance: across and down from the wrist. */
const BELOW_HAND_HALF_WIDTH = 0.3;
const BELOW_HAND_DEPTH = 0.6;

/**
 * The hairline holes in the box from the wrist of `side` down (the hand, and what hangs below it), and where they are
 * (x, y interleaved).
 */
export function hairlinesBelowHand(garment: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { holesPx: number; at: number[] } {
  const { wx, wy, shoulderPx } = forearmPx(landmarksPx, side);
  const covered = (x: number, y: number): boolean => x >= 0 && x < widthPx && garment[y * widthPx + x]! > 127;
  const x0 = Math.max(0, Math.floor(wx - BELOW_HAND_HALF_WIDTH * shoulderPx));
  const x1 = Math.min(widthPx - 1, Math.ceil(wx + BELOW_HAND_HALF_WIDTH * shoulderPx));
  const y0 = Math.max(0, Math.floor(wy));
  const y1 = Math.min(heightPx - 1, Math.ceil(wy + BELOW_HAND_DEPTH * shoulderPx));
  const found: number[] = [];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (covered(x, y)) continue;
      let left = false;
      let right = false;
      for (let k = 1; k <= HAIRLINE_MAX_PX; k++) {
        left ||= covered(x - k, y);
        right ||= covered(x + k, y);
      }
      if (left && right) found.push(x, y);
    }
  }
  return { holesPx: found.length / 2, at: found };
}
