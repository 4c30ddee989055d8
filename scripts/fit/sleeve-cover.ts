/**
 * Issue 14: how long sleeves cover the shopper's forearms, 2D against 3D, on real pictures. Each picture is tracked as
 * the mirror tracks it; each garment is put on by the built CLI (`atelier tryon --mask`, size M), whose coverage mask
 * is what the shopper sees of it after the occluder. Per arm: the elbow's angle, whether the arm is in front of the
 * body (the occluder redraws it there), the share of the forearm band the garment covers (`forearmBandCover`) and the
 * share of the hand it covers (`handCover`: the hand must stay in front).
 *
 *   jiti scripts/fit/sleeve-cover.ts [--products a,b] [--modes 2d,3d] [--out dir] picture...
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { armInFront } from '../../src/renderer/scene/occlusion-regions';
import { elbowAngleDeg, forearmBandCover, handCover, type Side } from './arm-coverage';
import { trackPicture } from './clip-bodies';
import { tryOnsOfStill } from './tryon-still';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { products: { type: 'string', default: 'shirt-oxford,blazer-check,tee-everyday' }, modes: { type: 'string', default: '2d,3d' }, out: { type: 'string' } },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'atelier-sleeve-cover-'));
mkdirSync(out, { recursive: true });
const dataDir = path.join(out, 'data');

for (const picture of positionals) {
  const person = await trackPicture(picture);
  if (!person) {
    console.log(`${path.basename(picture)}: nobody found`);
    continue;
  }
  const { landmarksPx, worldM, rgba, widthPx, heightPx } = person;
  const arms = (['left', 'right'] as Side[]).map((side) => `${side} ${elbowAngleDeg(landmarksPx, side).toFixed(0)}°${armInFront(side, landmarksPx, worldM) ? ' in front' : ''}`);
  console.log(`${path.basename(picture)} (${arms.join(', ')})`);
  for await (const { product, mode, mask: m } of tryOnsOfStill(picture, values.products!.split(','), values.modes!.split(','), out, dataDir)) {
    const cells = (['left', 'right'] as Side[]).map((side) => {
      const fore = forearmBandCover(m, widthPx, heightPx, landmarksPx, side);
      const hand = handCover(m, rgba, widthPx, heightPx, landmarksPx, worldM, side);
      return `${side}: forearm ${fore.covered.toFixed(3)} of ${fore.bandPx} px, hand ${hand.handPx > 0 ? `${hand.covered.toFixed(3)} of ${hand.handPx} px` : '-'}`;
    });
    console.log(`  ${product} ${mode}  ${cells.join('  ')}`);
  }
}
console.log(`renders in ${out}`);
