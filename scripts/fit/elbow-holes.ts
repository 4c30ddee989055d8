/**
 * Holes in a 3D sleeve round a bent elbow, on real pictures: each picture is tracked as the mirror tracks it, each
 * garment put on by the built CLI (`atelier tryon --mask`, size M), and per arm the bare pixels its coverage mask
 * leaves enclosed round the elbow landmark (`elbowHolePx`), with the elbow's angle.
 *
 *   jiti scripts/fit/elbow-holes.ts [--products a,b] [--mode 3d] [--out dir] picture...
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { elbowAngleDeg, elbowHolePx, type Side } from './arm-coverage';
import { trackPicture } from './clip-bodies';
import { readMask } from './fit-metrics';
import { REPO } from './measure-clip';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { products: { type: 'string', default: 'shirt-oxford,blazer-check' }, mode: { type: 'string', default: '3d' }, out: { type: 'string' } },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'atelier-elbow-holes-'));
mkdirSync(out, { recursive: true });

for (const picture of positionals) {
  const person = await trackPicture(picture);
  if (!person) {
    console.log(`${path.basename(picture)}: nobody found`);
    continue;
  }
  const { landmarksPx, widthPx, heightPx } = person;
  for (const product of values.products!.split(',')) {
    const stem = `${path.basename(picture, path.extname(picture))}-${product}-${values.mode}`;
    const mask = path.join(out, `${stem}.mask.png`);
    const run = spawnSync(process.execPath, [
      path.join(REPO, 'bin/atelier.mjs'), '--data-dir', path.join(out, 'data'), '--ep', 'cpu',
      'tryon', picture, '--product', product, '--mode', values.mode!, '--size', 'M', '-o', path.join(out, `${stem}.png`), '--mask', mask,
    ], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (run.status !== 0) {
      console.log(`${path.basename(picture)} ${product}: failed: ${run.stderr.trim().split('\n').pop()}`);
      continue;
    }
    const m = (await readMask(mask)).data;
    const cells = (['left', 'right'] as Side[]).map((side) => `${side} ${elbowAngleDeg(landmarksPx, side).toFixed(0)}°: ${elbowHolePx(m, widthPx, heightPx, landmarksPx, side)} px`);
    console.log(`${path.basename(picture)} ${product} ${values.mode}  ${cells.join('  ')}`);
  }
}
console.log(`renders in ${out}`);
