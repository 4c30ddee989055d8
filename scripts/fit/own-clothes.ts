/**
 * The test clip's person wears a white T-shirt and grey shorts (`../shared/media/mirror_run.mp4`). To measure a
 * garment's fit against the world, we find those clothes in the camera picture ourselves: the person mask's pixels
 * of the right colour between the right body lines.
 *
 * Cloth is the person mask's colourless pixels: skin (arms, neck, hands, legs) is coloured, so it is neither garment;
 * the background is outside the person mask. Then by body lines (y down):
 * - from a little above the shoulder line (the shoulders' tops and the collar sit above the shoulder joints) to just
 *   above the hip line: T-shirt — its shaded side is beige-grey, as dark as the shorts, so colour cannot tell them
 *   apart there, but nothing else is there;
 * - around the hip line, where the T-shirt's hem lies over the shorts: the hem is one line across the body, white
 *   T-shirt above it and darker grey shorts below. Each column's hem is where "white above, not white below" fits
 *   its pixels best, then smoothed across the body (a median over {@link HEM_SMOOTH_OF_TORSO}): a shaded fold of
 *   the T-shirt above the hem stays T-shirt and a light patch of the marled shorts below it stays shorts (a pixel
 *   by pixel "white = T-shirt" test got both wrong: frame 60 had shorts inside the T-shirt and T-shirt on the thigh);
 * - below that, down to the knee line: shorts.
 * The face is never T-shirt, even when the head is bowed to the shoulder line (a shaded forehead is nearly
 * colourless): nothing above the chin within the head's width counts.
 */
import { PoseLandmark as L } from '../../src/shared/pose';

/** Person-mask value (probability × 255) from which a pixel belongs to the person. */
export const PERSON_CUT = 128;
/**
 * Colourless: max − min channel at most this (0..255). Measured on frame 60: skin 45–77 (lit and shaded), the
 * T-shirt 10–25 (its shaded side takes a warm cast from the cabinets), the shorts about 9.
 */
export const MAX_CHROMA = 34;
/** Cloth is never darker than this luma (the shorts' dark pattern measures 60–90); hair and shadows are. */
export const CLOTH_MIN_LUMA = 55;
/** Around the hem: the T-shirt's white has at least this luma (lit 200–240), the shorts' grey mostly less (85–165). */
export const WHITE_MIN_LUMA = 172;
/** Band edges as fractions of the torso length (shoulder line to hip line). */
export const TEE_ABOVE_SHOULDERS = 0.35;
/** The hem zone: from this far above the hip line… */
export const HEM_ZONE_ABOVE_HIPS = 0.15;
/** …to this far below it (the hem hangs at about the hip line in this clip, ± 0.1 torso). */
export const HEM_ZONE_BELOW_HIPS = 0.3;
export const SHORTS_BELOW_KNEES = 0.05;
/**
 * Half-width of the median that smooths the hem line across the body, as a fraction of the torso length (≈ 8 cm): a
 * hem is a straight seam, so it cannot step by more than its drape within that; a light patch of the shorts or a
 * fold narrower than it is outvoted.
 */
export const HEM_SMOOTH_OF_TORSO = 0.15;
/** The chin lies this many eye-to-mouth heights below the mouth. */
export const CHIN_BELOW_MOUTH = 0.8;
/** The head's half width, in ear-to-ear distances. */
const HEAD_HALF_WIDTH = 0.75;

/** One frame's own clothes: masks of `widthPx × heightPx` bytes (1 = in the region). */
export interface OwnClothes {
  widthPx: number;
  heightPx: number;
  tee: Uint8Array;
  shorts: Uint8Array;
  teePixels: number;
  shortsPixels: number;
  /** The person mask, thresholded (1 = person). */
  person: Uint8Array;
  /** Body lines, camera pixels (y down). */
  shoulderYPx: number;
  hipYPx: number;
  kneeYPx: number;
  ankleYPx: number;
  /** Top of the person mask (head top) to the lower heel: the body's height in the picture. */
  bodyHeightPx: number;
}

const mid = (lm: ArrayLike<number>, a: number, b: number, axis: 0 | 1): number => (lm[2 * a + axis]! + lm[2 * b + axis]!) / 2;

/**
 * Finds the T-shirt and shorts of one frame.
 * @param rgba the camera picture, rows top first (borrowed).
 * @param personMask the tracker's person mask at the picture's size, probability × 255 (borrowed).
 * @param landmarksPx 33 landmarks in camera pixels, interleaved x, y (borrowed).
 */
export function findOwnClothes(rgba: Uint8Array, personMask: Uint8Array, landmarksPx: ArrayLike<number>, widthPx: number, heightPx: number): OwnClothes {
  const shoulderYPx = mid(landmarksPx, L.leftShoulder, L.rightShoulder, 1);
  const hipYPx = mid(landmarksPx, L.leftHip, L.rightHip, 1);
  const kneeYPx = mid(landmarksPx, L.leftKnee, L.rightKnee, 1);
  const ankleYPx = mid(landmarksPx, L.leftAnkle, L.rightAnkle, 1);
  const torsoPx = hipYPx - shoulderYPx;
  const teeTop = shoulderYPx - TEE_ABOVE_SHOULDERS * torsoPx;
  const hemTop = hipYPx - HEM_ZONE_ABOVE_HIPS * torsoPx;
  const hemBottom = hipYPx + HEM_ZONE_BELOW_HIPS * torsoPx;
  const shortsBottom = kneeYPx + SHORTS_BELOW_KNEES * torsoPx;
  const mouthYPx = mid(landmarksPx, L.mouthLeft, L.mouthRight, 1);
  const chinYPx = mouthYPx + CHIN_BELOW_MOUTH * Math.max(0, mouthYPx - mid(landmarksPx, L.leftEye, L.rightEye, 1));
  const headXPx = mid(landmarksPx, L.leftEar, L.rightEar, 0);
  const headHalfWidthPx = HEAD_HALF_WIDTH * Math.abs(landmarksPx[2 * L.leftEar]! - landmarksPx[2 * L.rightEar]!);
  const n = widthPx * heightPx;
  const tee = new Uint8Array(n);
  const shorts = new Uint8Array(n);
  const person = new Uint8Array(n);
  // Pass 1: which pixels are cloth, and within the hem zone which are white (class 2) or not (class 1).
  const cloth = new Uint8Array(n);
  let headTop = heightPx;
  for (let y = 0, i = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++, i++) {
      if (personMask[i]! < PERSON_CUT) continue;
      person[i] = 1;
      if (y < headTop) headTop = y;
      if (y < teeTop || y > shortsBottom) continue;
      if (y < chinYPx && Math.abs(x - headXPx) < headHalfWidthPx) continue;
      const r = rgba[4 * i]!;
      const g = rgba[4 * i + 1]!;
      const b = rgba[4 * i + 2]!;
      const chroma = Math.max(r, g, b) - Math.min(r, g, b);
      const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      if (chroma > MAX_CHROMA || luma < CLOTH_MIN_LUMA) continue;
      cloth[i] = luma >= WHITE_MIN_LUMA ? 2 : 1;
    }
  }
  // Pass 2: the hem line, column by column, then smoothed across.
  const y0 = Math.max(0, Math.ceil(hemTop));
  const y1 = Math.min(heightPx - 1, Math.floor(hemBottom));
  const rawHem = new Float64Array(widthPx);
  const hasCloth = new Uint8Array(widthPx);
  for (let x = 0; x < widthPx; x++) {
    // score(y*) = white pixels above y* + non-white pixels from y* on; maximised over y* in [y0, y1 + 1].
    let nonWhiteBelow = 0;
    for (let y = y0; y <= y1; y++) if (cloth[y * widthPx + x] === 1) nonWhiteBelow++;
    let best = nonWhiteBelow;
    let bestY = y0;
    let whiteAbove = 0;
    for (let y = y0; y <= y1; y++) {
      const c = cloth[y * widthPx + x];
      if (c) hasCloth[x] = 1;
      if (c === 2) whiteAbove++;
      else if (c === 1) nonWhiteBelow--;
      if (whiteAbove + nonWhiteBelow > best) {
        best = whiteAbove + nonWhiteBelow;
        bestY = y + 1;
      }
    }
    rawHem[x] = bestY;
  }
  const hemY = new Float64Array(widthPx);
  const halfWindow = Math.max(1, Math.round(HEM_SMOOTH_OF_TORSO * torsoPx));
  const window: number[] = [];
  for (let x = 0; x < widthPx; x++) {
    window.length = 0;
    for (let k = Math.max(0, x - halfWindow); k <= Math.min(widthPx - 1, x + halfWindow); k++) if (hasCloth[k]) window.push(rawHem[k]!);
    window.sort((a, b) => a - b);
    hemY[x] = window.length ? window[window.length >> 1]! : y0;
  }
  let teePixels = 0;
  let shortsPixels = 0;
  for (let y = 0, i = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++, i++) {
      if (!cloth[i]) continue;
      const isTee = y < hemTop || (y <= hemBottom && y < hemY[x]!);
      if (isTee) {
        tee[i] = 1;
        teePixels++;
      } else {
        shorts[i] = 1;
        shortsPixels++;
      }
    }
  }
  const heelYPx = Math.max(landmarksPx[2 * L.leftHeel + 1]!, landmarksPx[2 * L.rightHeel + 1]!);
  return { widthPx, heightPx, tee, shorts, teePixels, shortsPixels, person, shoulderYPx, hipYPx, kneeYPx, ankleYPx, bodyHeightPx: heelYPx - headTop };
}
