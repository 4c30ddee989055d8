import { PersonMaskSampler } from '../../shared/person-mask-at';
import type { PersonMask } from '../../shared/pose';
import { PoseLandmark as L } from '../../shared/pose';

/**
 * How far the shopper's own leg (with what they wear on it) reaches either side of a trouser leg's centre line, read
 * from the person mask. Trousers worn over the shopper's own clothes enclose them — cloth cannot pass through cloth —
 * so a trouser leg is never narrower than the silhouette it covers (see the rig's fitLimb).
 *
 * The shopper's hands and forearms are often beside the thigh (arms hanging, fists swinging while running): they are
 * in the person mask too, but trousers do not enclose them, so a scan stops where it enters one.
 */

/** The person mask and the camera frame it covers (mask pixels map onto the frame's pixels by scaling). Borrowed. */
export interface PersonMaskInput {
  readonly mask: PersonMask;
  readonly frameWidthPx: number;
  readonly frameHeightPx: number;
}

/** A mask value at or above this reads as the person (the confidence 0.5 the renderer's shaders use). */
const PERSON_OF_255 = 128;
/**
 * Half a hand's (or fist's) breadth across the knuckles, cm: ANSUR II hand breadth ≈ 8.5 cm (men 9.0, women 7.9),
 * and a forearm is no wider (its circumference ≈ 27 cm, ≈ 8.6 cm across). The arm capsules' radius.
 */
const HAND_HALF_BREADTH_CM = 4.5;
/**
 * How far the fingers reach past the knuckles BlazePose tracks (its index and pinky landmarks are the first knuckles):
 * hand length ≈ 19 cm less palm length ≈ 10.5 cm (ANSUR II medians), for an open hand; a fist's fingers curl back.
 */
const FINGERS_PAST_KNUCKLES_CM = 8.5;
/** Capsules per fit: each forearm (elbow → wrist) and each hand (wrist → knuckles → fingertips). */
export const ARM_CAPSULES = 4;

/**
 * The shopper's forearms and hands as capsules, camera px, written into `out` (`[ax, ay, bx, by, r]` ×
 * {@link ARM_CAPSULES}; caller-owned, length 5 × ARM_CAPSULES).
 */
export function armCapsulesPx(lm: ArrayLike<number>, cmPerPx: number, out: Float64Array): void {
  const sides = [
    [L.leftElbow, L.leftWrist, L.leftIndex, L.leftPinky],
    [L.rightElbow, L.rightWrist, L.rightIndex, L.rightPinky],
  ] as const;
  const r = HAND_HALF_BREADTH_CM / cmPerPx;
  for (let k = 0; k < 2; k++) {
    const [e, w, i, p] = sides[k]!;
    const wx = lm[2 * w]!;
    const wy = lm[2 * w + 1]!;
    const o = 10 * k;
    out[o] = lm[2 * e]!;
    out[o + 1] = lm[2 * e + 1]!;
    out[o + 2] = wx;
    out[o + 3] = wy;
    out[o + 4] = r;
    const kx = (lm[2 * i]! + lm[2 * p]!) / 2;
    const ky = (lm[2 * i + 1]! + lm[2 * p + 1]!) / 2;
    const len = Math.hypot(kx - wx, ky - wy);
    // The segment ends a radius short of the fingertips, so the capsule's round end is where they are.
    const reach = len > 1e-9 ? 1 + Math.max(0, FINGERS_PAST_KNUCKLES_CM - HAND_HALF_BREADTH_CM) / cmPerPx / len : 1;
    out[o + 5] = wx;
    out[o + 6] = wy;
    out[o + 7] = wx + (kx - wx) * reach;
    out[o + 8] = wy + (ky - wy) * reach;
    out[o + 9] = r;
  }
}

/** Whether (x, y), camera px, lies in capsule `k` of `c` (see {@link armCapsulesPx}). */
export function inCapsule(x: number, y: number, c: Float64Array, k: number): boolean {
  const ax = c[5 * k]!;
  const ay = c[5 * k + 1]!;
  const dx = c[5 * k + 2]! - ax;
  const dy = c[5 * k + 3]! - ay;
  const r = c[5 * k + 4]!;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
  const px = x - (ax + t * dx);
  const py = y - (ay + t * dy);
  return px * px + py * py <= r * r;
}

/**
 * Distance from (x, y) along the unit direction (dx, dy), camera px, to where the person mask ends — the first pixel
 * that is not the person or lies in an arm capsule — searched up to `maxPx`. 0 when (x, y) itself is not the person
 * (a gap between the legs, or a hand there). Allocates nothing.
 * @param capsules from {@link armCapsulesPx} (borrowed), or more of them: the first `capsuleCount` are read.
 */
export function personExtentPx(input: PersonMaskInput, x: number, y: number, dx: number, dy: number, maxPx: number, capsules: Float64Array, capsuleCount = ARM_CAPSULES): number {
  const { mask, frameWidthPx, frameHeightPx } = input;
  const sx = mask.widthPx / frameWidthPx;
  const sy = mask.heightPx / frameHeightPx;
  // A mask placed over the pose's ROI is read through its placement (bilinear, as the shaders read it).
  const placed = mask.frameFromMask ? samplerOf(mask) : null;
  // One camera pixel per step, or one mask pixel where the mask is coarser.
  const stepPx = Math.max(1, placed ? placed.pixelSizePx(frameWidthPx, frameHeightPx) : 1 / Math.max(sx, sy));
  let d = 0;
  let before = 0;
  for (; d <= maxPx; d += stepPx) {
    const px = x + dx * d;
    const py = y + dy * d;
    let value = 0;
    if (placed) {
      if (px >= 0 && py >= 0 && px < frameWidthPx && py < frameHeightPx) value = placed.at(px / frameWidthPx, py / frameHeightPx);
    } else {
      const mx = Math.floor(px * sx);
      const my = Math.floor(py * sy);
      if (mx >= 0 && my >= 0 && mx < mask.widthPx && my < mask.heightPx) value = mask.data[my * mask.widthPx + mx]!;
    }
    if (value < PERSON_OF_255) {
      // The edge lies between this step and the one before: where the mask, linear in between (bilinear, as the
      // shaders read it), crosses the cut. Taking the first step past it put the edge up to a step out, and a
      // placed mask's step is a mask pixel (≈ 2–3 camera px on the mirror clip): trouser legs covered the room
      // between the shopper's legs by that much.
      if (d > 0) d -= stepPx * (1 - (before - PERSON_OF_255) / Math.max(1e-9, before - value));
      break;
    }
    before = value;
    let arm = false;
    for (let k = 0; k < capsuleCount && !arm; k++) arm = inCapsule(px, py, capsules, k);
    if (arm) break;
  }
  return Math.min(d, maxPx);
}

/** The sampler of the last placed mask read: one per mask (a frame's scans all read the same one), none per scan. */
let lastSampler: PersonMaskSampler | null = null;
function samplerOf(mask: PersonMask): PersonMaskSampler {
  if (lastSampler?.mask !== mask) lastSampler = new PersonMaskSampler(mask);
  return lastSampler;
}
