/**
 * How long the 2D rig takes per fit with a person mask (the fits that read it: a top's shoulders, sides and sleeves,
 * a bottom's legs), per demo garment, on one tracked picture's landmarks and its full-size mask. Prints the best of 7
 * runs of 2000 fits, milliseconds per fit (rig-bench.ts times fits without a mask over the clip's track).
 *
 *   npx jiti scripts/rig-mask-bench.ts [--garments a,b] [picture]   (default: the mirror clip's frame 60 still)
 */
import { parseArgs } from 'node:util';
import { GarmentRig } from '../src/renderer/garment/rig';
import { bodyCmPerPx } from '../src/shared/sizing';
import { demoChart } from '../tests/fixtures/garment-charts';
import { DEMO_GARMENT_IDS, loadDemoGarment } from '../tests/helpers/demo-garments';
import { trackPicture } from './fit/clip-bodies';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { garments: { type: 'string', default: 'shirt-oxford-blu,tee-everyday-wht' } } });
const person = await trackPicture(positionals[0] ?? '/work/look/mirror060.png');
if (!person?.mask || !person.worldM) throw new Error('nobody found in the picture');
const personMask = { mask: { widthPx: person.widthPx, heightPx: person.heightPx, data: new Uint8Array(person.mask) }, frameWidthPx: person.widthPx, frameHeightPx: person.heightPx };
const body = { landmarksPx: person.landmarksPx, worldM: person.worldM, cmPerPx: bodyCmPerPx(person.landmarksPx, person.worldM)!, personMask };
for (const id of values.garments!.split(',')) {
  if (!(DEMO_GARMENT_IDS as readonly string[]).includes(id)) throw new Error(`${id}: not a demo garment (${DEMO_GARMENT_IDS.join(', ')})`);
  const g = await loadDemoGarment(id as (typeof DEMO_GARMENT_IDS)[number]);
  const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
  for (let k = 0; k < 300; k++) rig.fit(body);
  let best = Infinity;
  for (let run = 0; run < 7; run++) {
    const t0 = performance.now();
    for (let k = 0; k < 2000; k++) rig.fit(body);
    best = Math.min(best, (performance.now() - t0) / 2000);
  }
  console.log(`${id.padEnd(22)} ${best.toFixed(3)} ms/fit with the mask`);
}
