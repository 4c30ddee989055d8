/**
 * Issue 14: whether a worn top's sides cover the shopper's own torso, measured on the camera picture: of the person
 * mask (or, on the mirror clip, his own T-shirt) between the shoulder line and the hip line, the share the garment's
 * coverage mask leaves bare at each side of the body's centre line — his own shirt showing down the side of the
 * garment. Masks are one byte per camera pixel, rows top first, > 127 = covered / person.
 */
import { PoseLandmark as L } from '../../src/shared/pose';
import { forearmPx, toSegment, type Side } from './arm-coverage';

/**
 * Where the band starts below the shoulder line, as a share of the shoulder line → hip line distance: under the
 * armpit (≈ 20 cm below the shoulder's top on a ≈ 50 cm torso, less the 5–7 cm the top stands above the joints),
 * so the shoulders' caps — measured by `shoulderBare` — are not counted twice.
 */
export const TORSO_BAND_FROM = 0.25;
/**
 * Where a waist band starts instead, as a share of the shoulder line → hip line distance: below where a short sleeve
 * ends on an arm hanging or held forward (≈ 40 % down), so a sleeveless garment's bare band is his torso's own shirt,
 * not his sleeves (which it truthfully leaves showing).
 */
export const WAIST_BAND_FROM = 0.5;
/**
 * How far out from the centre line the band reaches, as a share of the shoulder joints' distance: past the torso's
 * side (≈ 0.6 of it: a chest ≈ 34 cm wide under shoulders ≈ 36 cm apart at the joints, and the person mask's soft
 * edge), short of an arm held out from the body.
 */
export const TORSO_BAND_HALF_OF_SHOULDERS = 0.7;
/** Half-width of the forearm left out, as a share of the shoulder joints' distance (the occluder's forearm capsule). */
const FOREARM_OF_SHOULDERS = 0.13;

/**
 * Person pixels between the shoulder line and the hip line (from {@link TORSO_BAND_FROM} of the way down), within
 * {@link TORSO_BAND_HALF_OF_SHOULDERS} of the centre line across it, less the forearms and hands (a hanging forearm
 * beside the torso is bare under a short sleeve and is not his shirt), on `side` of the centre line (the wearer's
 * side: left is the picture's right seen from the front), and the share the garment leaves bare.
 */
export function torsoSideBare(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side, fromShare = TORSO_BAND_FROM): { bare: number; barePx: number; personPx: number } {
  let personPx = 0;
  let barePx = 0;
  sideBandPixels(widthPx, heightPx, landmarksPx, side, fromShare, (i) => {
    if (person[i]! <= 127) return;
    personPx++;
    if (garment[i]! <= 127) barePx++;
  });
  return { bare: personPx ? barePx / personPx : 0, barePx, personPx };
}

/**
 * Background the garment covers in the same side band ({@link torsoSideBare}'s, forearms and hands left out): pixels
 * outside the person mask under the garment — the room between an arm held out and the torso, or past the torso's side,
 * wrongly covered — and the band's background pixels in all.
 */
export function torsoSideOverBackground(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side, fromShare = TORSO_BAND_FROM): { coveredPx: number; backgroundPx: number } {
  let coveredPx = 0;
  let backgroundPx = 0;
  sideBandPixels(widthPx, heightPx, landmarksPx, side, fromShare, (i) => {
    if (person[i]! > 127) return;
    backgroundPx++;
    if (garment[i]! > 127) coveredPx++;
  });
  return { coveredPx, backgroundPx };
}

/** Calls `visit` with the index of each pixel of the side band on `side` from `fromShare` down (see {@link torsoSideBare}). */
function sideBandPixels(widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side, fromShare: number, visit: (i: number) => void): void {
  const at = (i: number): [number, number] => [landmarksPx[2 * i]!, landmarksPx[2 * i + 1]!];
  const [lsx, lsy] = at(L.leftShoulder);
  const [rsx, rsy] = at(L.rightShoulder);
  const [lhx, lhy] = at(L.leftHip);
  const [rhx, rhy] = at(L.rightHip);
  const shoulderPx = Math.hypot(lsx - rsx, lsy - rsy) || 1;
  const halfPx = TORSO_BAND_HALF_OF_SHOULDERS * shoulderPx;
  const arms = (['left', 'right'] as Side[]).map((s) => forearmPx(landmarksPx, s));
  const foreR = FOREARM_OF_SHOULDERS * shoulderPx;
  const y0 = Math.max(0, Math.floor(Math.min(lsy, rsy)));
  const y1 = Math.min(heightPx - 1, Math.ceil(Math.max(lhy, rhy)));
  const sy = (lsy + rsy) / 2;
  const hy = (lhy + rhy) / 2;
  for (let y = y0; y <= y1; y++) {
    // Down the torso: the shoulders' centre (t 0) to the hips' centre (t 1).
    const t = (y - sy) / (hy - sy || 1);
    if (t < fromShare || t > 1) continue;
    const cx = (lsx + rsx) / 2 + t * ((lhx + rhx) / 2 - (lsx + rsx) / 2);
    for (let x = 0; x < widthPx; x++) {
      const i = y * widthPx + x;
      const u = x - cx;
      if (Math.abs(u) > halfPx) continue;
      // The wearer's left is the picture's right (seen from the front): the left shoulder's side of the centre line.
      const leftSide = Math.sign(u) === Math.sign(lsx - rsx);
      if ((side === 'left') !== leftSide) continue;
      if (arms.some((a) => toSegment(x, y, a.ex, a.ey, a.wx, a.wy).d < foreR || toSegment(x, y, a.wx, a.wy, a.hx, a.hy).d < a.handR)) continue;
      visit(i);
    }
  }
}
