/**
 * Where a 3D long sleeve ends against the hand, on real pictures: each picture is tracked as the mirror tracks it, each
 * garment put on by the built CLI (`atelier tryon --mask`, size M), and per arm the shopper's bare forearm skin the
 * sleeve leaves between its cuff and the hand (`forearmSkinBare`), the share of the hand it covers (`handCover`: the
 * hand must stay in front) and the bare pixels enclosed round the elbow (`elbowHolePx`). Beside each render, a copy
 * with the bare forearm skin in red (`*.bare.png`).
 *
 *   jiti scripts/fit/cuff-gap.ts [--products a,b] [--modes 3d] [--out dir] picture...
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { armInFront } from '../../src/renderer/scene/occlusion-regions';
import { elbowAngleDeg, elbowHolePx, forearmSkinBare, handCover, type Side } from './arm-coverage';
import { fitOutDirs, trackedStills, tryOnsOfStill } from './tryon-still';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { products: { type: 'string', default: 'shirt-oxford,blazer-check' }, modes: { type: 'string', default: '3d' }, out: { type: 'string' } },
});
const { out, dataDir } = fitOutDirs(values.out, 'cuff-gap');

for await (const { picture, person } of trackedStills(positionals)) {
  const { landmarksPx, worldM, rgba, mask: personMask, widthPx, heightPx } = person;
  const arms = (['left', 'right'] as Side[]).map((side) => `${side} ${elbowAngleDeg(landmarksPx, side).toFixed(0)}°${armInFront(side, landmarksPx, worldM) ? ' in front' : ''}`);
  console.log(`${path.basename(picture)} (${arms.join(', ')})`);
  for await (const { product, mode, mask: m } of tryOnsOfStill(picture, values.products!.split(','), values.modes!.split(','), out, dataDir)) {
    const barePixels = new Uint8Array(widthPx * heightPx);
    const cells = (['left', 'right'] as Side[]).map((side) => {
      const bare = forearmSkinBare(m, personMask, rgba, widthPx, heightPx, landmarksPx, worldM, side, barePixels);
      const hand = handCover(m, rgba, widthPx, heightPx, landmarksPx, worldM, side);
      const hole = elbowHolePx(m, widthPx, heightPx, landmarksPx, side);
      return `${side}: forearm skin bare ${bare.barePx} of ${bare.skinPx} px, hand ${hand.handPx > 0 ? `${hand.covered.toFixed(3)} of ${hand.handPx} px` : '-'}, elbow holes ${hole} px`;
    });
    console.log(`  ${product} ${mode}  ${cells.join('  ')}`);
    const stem = path.join(out, `${path.basename(picture, path.extname(picture))}-${product}-${mode}`);
    const render = await sharp(`${stem}.png`).ensureAlpha().raw().toBuffer();
    for (let i = 0; i < barePixels.length; i++) if (barePixels[i]) render.set([255, 0, 0], 4 * i);
    await sharp(render, { raw: { width: widthPx, height: heightPx, channels: 4 } }).png().toFile(`${stem}.bare.png`);
  }
}
console.log(`renders in ${out}`);
