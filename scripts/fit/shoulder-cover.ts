/**
 * Issue 14: whether a worn top's shoulder lies on the shopper's shoulder, measured on the camera picture. Each picture
 * is tracked as the mirror tracks it; each garment is put on by the built CLI (`atelier tryon --mask`, size M), and
 * per shoulder `shoulderBare` counts the shopper's own upper body (the engine's person mask) that the garment leaves
 * uncovered above the shoulder line round the shoulder: his own shirt showing over the garment's shoulder seam. With
 * `--tee` (the mirror clip, where he wears a white T-shirt) his T-shirt's pixels stand for the person mask. `side bare`:
 * the same down each side of the torso, shoulder line to hip line (`torsoSideBare`, torso-sides.ts), and the
 * background the garment covers in those bands (`torsoSideOverBackground`: the room between an arm and the torso).
 *
 *   jiti scripts/fit/shoulder-cover.ts [--tee] [--products a,b] [--modes 2d,3d] [--out dir] picture...
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { PoseLandmark as L } from '../../src/shared/pose';
import { shoulderBare, type Side } from './arm-coverage';
import { findOwnClothes } from './own-clothes';
import { torsoSideBare, torsoSideOverBackground } from './torso-sides';
import { fitOutDirs, trackedStills, tryOnsOfStill } from './tryon-still';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tee: { type: 'boolean', default: false }, products: { type: 'string', default: 'shirt-oxford,blazer-check,tee-everyday' }, modes: { type: 'string', default: '3d' }, out: { type: 'string' } },
});
const { out, dataDir } = fitOutDirs(values.out, 'shoulder-cover');

for await (const { picture, person } of trackedStills(positionals)) {
  const { landmarksPx, widthPx, heightPx } = person;
  // --tee (the mirror clip): his white T-shirt, not the person mask, whose edge a moving body blurs outwards.
  const personMask = values.tee ? findOwnClothes(person.rgba, person.mask, landmarksPx, widthPx, heightPx).tee.map((t) => (t ? 255 : 0)) : person.mask;
  console.log(path.basename(picture));
  for await (const { product, mode, mask: m } of tryOnsOfStill(picture, values.products!.split(','), values.modes!.split(','), out, dataDir)) {
    const cells = (['left', 'right'] as Side[]).map((side) => {
      const s = shoulderBare(m, personMask, widthPx, heightPx, landmarksPx, side);
      const t = torsoSideBare(m, personMask, widthPx, heightPx, landmarksPx, side);
      const b = torsoSideOverBackground(m, person.mask, widthPx, heightPx, landmarksPx, side);
      return `${side}: bare ${s.barePx} of ${s.personPx} px (${(s.bare * 100).toFixed(1)} %), top gap ${s.topGapPx.toFixed(1)} px, side bare ${t.barePx} of ${t.personPx} px (${(t.bare * 100).toFixed(1)} %), side background covered ${b.coveredPx} of ${b.backgroundPx} px`;
    });
    console.log(`  ${product} ${mode}  ${cells.join('  ')}`);
    await writeOverlay(path.join(out, `${path.basename(picture, path.extname(picture))}-${product}-${mode}.look.png`), person.rgba, personMask, m, widthPx, heightPx, landmarksPx);
  }
}
console.log(`renders in ${out}`);

/** The picture with the person mask's edge yellow, the garment's edge red and the shoulder landmarks cyan. */
async function writeOverlay(file: string, rgba: Uint8Array, person: Uint8Array, garment: Uint8Array, w: number, h: number, landmarksPx: ArrayLike<number>): Promise<void> {
  const img = rgba.slice();
  const paint = (i: number, r: number, g: number, b: number): void => void img.set([r, g, b, 255], 4 * i);
  const edge = (m: Uint8Array, i: number): boolean => m[i]! > 127 && (m[i - 1]! <= 127 || m[i + 1]! <= 127 || m[i - w]! <= 127 || m[i + w]! <= 127);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (edge(garment, i)) paint(i, 255, 0, 0);
      else if (edge(person, i)) paint(i, 255, 230, 0);
    }
  }
  for (const s of [L.leftShoulder, L.rightShoulder]) {
    const cx = Math.round(landmarksPx[2 * s]!);
    const cy = Math.round(landmarksPx[2 * s + 1]!);
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) if (cx + dx >= 0 && cx + dx < w && cy + dy >= 0 && cy + dy < h) paint((cy + dy) * w + cx + dx, 0, 255, 255);
  }
  await sharp(img, { raw: { width: w, height: h, channels: 4 } }).png().toFile(file);
}
