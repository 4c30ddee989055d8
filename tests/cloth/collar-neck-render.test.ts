/**
 * The 3D oxford's collar round the shopper's neck, drawn by the real CLI (`atelier tryon --mode 3d --mask`, built:
 * `npm run build`) and measured against the camera picture (scripts/fit/collar-figures.ts). The neck's occluder
 * used to end at a fixed 85 % of the way from the ears down to the shoulder line: it drew the camera's neck over the
 * collar's front (COCO 459: the neck's base 76 % covered) and cut a bent head's chin off straight across (the mirror
 * clip's frame 120: a third of the chin's skin under the shirt). It now ends at the collar's own top edge as the
 * posed garment draws it (garment3d/neck-edge.ts), and the chin is in front of any collar.
 *
 * Round 14: the 2D oxford's neck occluder still ended at the fixed line, a box of skin (and of the shopper's own
 * lapels and tie) across the collar's V; it ends at the picture's own neckline now, warped as the garment is
 * (garment/neckline-edge.ts). Beside a 3D collar narrower than the shopper's neck the fixed line held past the
 * collar's ends and bit a slot out of its side; the collar's end holds there now, and below the chin the occluder is
 * no wider than a neck.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackClip } from '../../scripts/fit/clip-bodies';
import { collarFigures, readRgb, type CollarFigures } from '../../scripts/fit/collar-figures';
import { readMask } from '../../scripts/fit/fit-metrics';
import { REPO } from '../../scripts/fit/measure-clip';

const MEDIA = path.resolve(REPO, '../shared/media');
const COCO_459 = path.join(MEDIA, 'COCO_val2014_000000000459.jpg');
const MIRROR_CLIP = path.join(MEDIA, 'mirror_run.mp4');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-collar-neck-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  for (const f of [COCO_459, MIRROR_CLIP]) expect(existsSync(f), `${f} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
});

/** The mirror clip's frame `n`, as a picture. */
function mirrorFrame(n: number): string {
  const frame = path.join(tmp, `mirror${n}.png`);
  if (existsSync(frame)) return frame;
  const cut = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', MIRROR_CLIP, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', frame], { encoding: 'utf8' });
  expect(cut.status, cut.stderr).toBe(0);
  return frame;
}

/** The oxford in 3D (or 2D) on a photo, measured. */
async function oxfordOn(photo: string, mode: '2d' | '3d' = '3d'): Promise<CollarFigures> {
  const mask = path.join(tmp, `${path.basename(photo)}-${mode}.mask.png`);
  const run = spawnSync(process.execPath, [
    path.join(REPO, 'bin/atelier.mjs'), '--data-dir', path.join(tmp, 'data'), '--ep', 'cpu',
    'tryon', photo, '--product', 'shirt-oxford', '--mode', mode, '--size', 'M', '--mask', mask,
  ], { encoding: 'utf8', maxBuffer: 16 << 20 });
  expect(run.status, run.stderr).toBe(0);
  let landmarksPx: ArrayLike<number> | null = null;
  for await (const f of trackClip(photo)) landmarksPx = f.landmarksPx ?? null;
  expect(landmarksPx, `${photo}: nobody found`).toBeTruthy();
  const rgb = await readRgb(photo);
  const m = await readMask(mask);
  const figures = collarFigures(rgb.data, m.data, rgb.widthPx, rgb.heightPx, landmarksPx!);
  console.log(`${path.basename(photo)} ${mode}: ${JSON.stringify(figures)}`);
  return figures;
}

describe('the 3D oxford’s collar round the neck', () => {
  it('stands in front of the neck’s base (COCO 459, facing the camera)', { timeout: 180_000 }, async () => {
    const f = await oxfordOn(COCO_459);
    expect(f.neckBaseCovered).toBeGreaterThan(0.9);
  });

  it('leaves a bent head’s chin in front (the mirror clip, frame 120)', { timeout: 180_000 }, async () => {
    const f = await oxfordOn(mirrorFrame(120));
    expect(f.chinSkinPx, 'the chin’s skin found under the mouth').toBeGreaterThan(200);
    expect(f.chinSkinCovered).toBeLessThan(0.15);
  });
});

describe('the neck’s occluder against the collar’s own edge (round 14)', () => {
  it('2D: ends at the picture’s neckline, the collar whole round its V (COCO 459)', { timeout: 180_000 }, async () => {
    const f = await oxfordOn(COCO_459, '2d');
    // Main: 0.733 covered, and the shopper's own lapels and tie cut in strips and a box into the collar (200 px).
    expect(f.neckBaseCovered).toBeGreaterThan(0.78);
    expect(f.notchPx).toBeLessThan(50);
  });

  it('3D: no slot of neck bitten out of the collar’s side (the mirror clip, frame 60)', { timeout: 180_000 }, async () => {
    const f = await oxfordOn(mirrorFrame(60), '3d');
    // Main: 214 px (the fixed cut held past the collar's end, beside a neck wider than the collar).
    expect(f.notchPx).toBeLessThan(50);
    expect(f.neckBaseCovered).toBeGreaterThan(0.65);
  });
});
