/**
 * Trousers over the shopper's own legwear, measured on the camera picture (leg-coverage.ts): each picture is tracked
 * as the mirror tracks it; each bottom is put on by the built CLI (`atelier tryon --mask`, size M), and the report
 * gives the share of the shopper's own legwear between the hip and knee lines the garment leaves showing (inner sides
 * and outer sides) and the share of the gap between the legs it covers. Beside each render, a `.look.png`: legwear
 * left showing magenta, the gap covered cyan, the garment's edge red.
 *
 *   jiti scripts/fit/trouser-cover.ts [--products a,b] [--modes 2d] [--out dir] picture...
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { trackPicture } from './clip-bodies';
import { legwearCover } from './leg-coverage';
import { tryOnsOfStill } from './tryon-still';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { products: { type: 'string', default: 'chino-slim,jeans-straight,shorts-bermuda' }, modes: { type: 'string', default: '2d' }, out: { type: 'string' } },
});
const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'atelier-trouser-cover-'));
mkdirSync(out, { recursive: true });
const dataDir = path.join(out, 'data');
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

for (const picture of positionals) {
  const person = await trackPicture(picture);
  if (!person?.mask) {
    console.log(`${path.basename(picture)}: nobody found`);
    continue;
  }
  const { landmarksPx, widthPx, heightPx, rgba, mask } = person;
  console.log(path.basename(picture));
  for await (const { product, mode, mask: garment } of tryOnsOfStill(picture, values.products!.split(','), values.modes!.split(','), out, dataDir)) {
    const marks = new Uint8Array(widthPx * heightPx);
    const c = legwearCover(garment, mask, rgba, widthPx, heightPx, landmarksPx, marks);
    console.log(
      `  ${product} ${mode}  legwear showing ${pct(c.bare)} of ${c.legwearPx} px (inner ${c.bareInnerPx}, outer ${c.bareOuterPx})` +
        `  gap between the legs covered ${pct(c.gapCovered)} of ${c.gapPx} px`,
    );
    await writeLook(path.join(out, `${path.basename(picture, path.extname(picture))}-${product}-${mode}.look.png`), rgba, garment, marks, widthPx, heightPx);
  }
}
console.log(`renders in ${out}`);

/** The picture with the marks painted (legwear showing magenta, gap covered cyan) and the garment's edge red. */
async function writeLook(file: string, rgba: Uint8Array, garment: Uint8Array, marks: Uint8Array, w: number, h: number): Promise<void> {
  const img = rgba.slice();
  const paint = (i: number, r: number, g: number, b: number): void => void img.set([r, g, b, 255], 4 * i);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const g = garment[i]! > 127;
      if (g && (garment[i - 1]! <= 127 || garment[i + 1]! <= 127 || garment[i - w]! <= 127 || garment[i + w]! <= 127)) paint(i, 255, 0, 0);
      else if (marks[i] === 1) paint(i, 255, 0, 255);
      else if (marks[i] === 2) paint(i, 0, 255, 255);
    }
  }
  await sharp(img, { raw: { width: w, height: h, channels: 4 } }).png().toFile(file);
}
