/**
 * Issue 14: whether a worn top's sleeve covers the shopper's own sleeve and shoulder, measured on the camera picture:
 * of the person mask (or, on the mirror clip, his own T-shirt) round the upper arm — within
 * {@link UPPER_ARM_BAND_OF_SHOULDERS} of the shoulder → elbow landmarks, on the arm's outer side of the shoulder joint
 * — the share the garment's coverage mask leaves bare (his own sleeve beside or under the garment's), and the
 * background it covers there. Masks are one byte per camera pixel, rows top first, > 127 = covered / person.
 *
 *   jiti scripts/fit/sleeve-sides.ts [--products a,b] [--modes 2d,3d] [--out dir] picture...
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PoseLandmark as L } from '../../src/shared/pose';
import { forearmPx, toSegment, type Side } from './arm-coverage';
import { findOwnClothes } from './own-clothes';
import { fitOutDirs, trackedStills, tryOnsOfStill } from './tryon-still';

/**
 * How far from the shoulder → elbow segment the band reaches, as a share of the shoulder joints' distance: past the
 * upper arm's outer side with a sleeve on it (≈ 10 cm across + a T-shirt sleeve's 2–3 cm of ease a side, ≈ 0.2 of a
 * ≈ 36 cm breadth) and the shoulder's top (≈ 0.2 above the joint), short of the room beyond a hanging arm.
 */
export const UPPER_ARM_BAND_OF_SHOULDERS = 0.3;
/**
 * How far in from the shoulder joint (along the shoulder line, towards the neck) the band reaches, as a share of the
 * shoulder joints' distance: the shoulder's top over the acromion, not the trapezius and neck (the shoulder-cover
 * measure's) nor the torso's side under the arm (the torso-sides measure's).
 */
const UPPER_ARM_INWARD_OF_SHOULDERS = 0.05;
/** Half-width of the forearm left out, as a share of the shoulder joints' distance (the torso-sides measure's). */
const FOREARM_OF_SHOULDERS = 0.13;

/** Person pixels of the upper-arm band on `side` (see the header) and the share the garment leaves bare. */
export function upperArmBare(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { bare: number; barePx: number; personPx: number } {
  let personPx = 0;
  let barePx = 0;
  upperArmBandPixels(widthPx, heightPx, landmarksPx, side, (i) => {
    if (person[i]! <= 127) return;
    personPx++;
    if (garment[i]! <= 127) barePx++;
  });
  return { bare: personPx ? barePx / personPx : 0, barePx, personPx };
}

/** Background pixels of the same band the garment covers, and the band's background pixels in all. */
export function upperArmOverBackground(garment: Uint8Array, person: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side): { coveredPx: number; backgroundPx: number } {
  let coveredPx = 0;
  let backgroundPx = 0;
  upperArmBandPixels(widthPx, heightPx, landmarksPx, side, (i) => {
    if (person[i]! > 127) return;
    backgroundPx++;
    if (garment[i]! > 127) coveredPx++;
  });
  return { coveredPx, backgroundPx };
}

/** Calls `visit` with the index of each pixel of the upper-arm band on `side`, the forearms and hands left out. */
function upperArmBandPixels(widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side, visit: (i: number) => void): void {
  const s = side === 'left' ? L.leftShoulder : L.rightShoulder;
  const o = side === 'left' ? L.rightShoulder : L.leftShoulder;
  const e = side === 'left' ? L.leftElbow : L.rightElbow;
  const sx = landmarksPx[2 * s]!;
  const sy = landmarksPx[2 * s + 1]!;
  const ex = landmarksPx[2 * e]!;
  const ey = landmarksPx[2 * e + 1]!;
  const breadthPx = Math.hypot(sx - landmarksPx[2 * o]!, sy - landmarksPx[2 * o + 1]!) || 1;
  const outX = (sx - landmarksPx[2 * o]!) / breadthPx;
  const outY = (sy - landmarksPx[2 * o + 1]!) / breadthPx;
  const rPx = UPPER_ARM_BAND_OF_SHOULDERS * breadthPx;
  const inPx = UPPER_ARM_INWARD_OF_SHOULDERS * breadthPx;
  const arms = (['left', 'right'] as Side[]).map((a) => forearmPx(landmarksPx, a));
  const foreR = FOREARM_OF_SHOULDERS * breadthPx;
  const x0 = Math.max(0, Math.floor(Math.min(sx, ex) - rPx));
  const x1 = Math.min(widthPx - 1, Math.ceil(Math.max(sx, ex) + rPx));
  const y0 = Math.max(0, Math.floor(Math.min(sy, ey) - rPx));
  const y1 = Math.min(heightPx - 1, Math.ceil(Math.max(sy, ey) + rPx));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if ((x - sx) * outX + (y - sy) * outY < -inPx) continue;
      if (toSegment(x, y, sx, sy, ex, ey).d > rPx) continue;
      if (arms.some((a) => toSegment(x, y, a.ex, a.ey, a.wx, a.wy).d < foreR || toSegment(x, y, a.wx, a.wy, a.hx, a.hy).d < a.handR)) continue;
      visit(y * widthPx + x);
    }
  }
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { products: { type: 'string', default: 'shirt-oxford,tee-everyday' }, modes: { type: 'string', default: '2d' }, out: { type: 'string' } } });
  const { out, dataDir } = fitOutDirs(values.out, 'sleeve-sides');
  for await (const { picture, person } of trackedStills(positionals)) {
    const { rgba, mask, landmarksPx, widthPx, heightPx } = person;
    const tee = findOwnClothes(rgba, mask, landmarksPx, widthPx, heightPx).tee.map((t) => (t ? 255 : 0));
    console.log(path.basename(picture));
    for await (const { product, mode, mask: g } of tryOnsOfStill(picture, values.products!.split(','), values.modes!.split(','), out, dataDir)) {
      const cells = (['right', 'left'] as Side[]).map((side) => {
        const t = upperArmBare(g, tee, widthPx, heightPx, landmarksPx, side);
        const p = upperArmBare(g, mask, widthPx, heightPx, landmarksPx, side);
        const b = upperArmOverBackground(g, mask, widthPx, heightPx, landmarksPx, side);
        return `${side}: tee bare ${t.barePx}/${t.personPx} (${(100 * t.bare).toFixed(1)} %), person bare ${p.barePx}/${p.personPx}, background covered ${b.coveredPx}/${b.backgroundPx}`;
      });
      console.log(`  ${product} ${mode}  ${cells.join('  |  ')}`);
    }
  }
  console.log(`renders in ${out}`);
}
