/**
 * The 3D oxford's collar round the shopper's neck, drawn by the real CLI (`atelier tryon --mode 3d --mask`, built:
 * `npm run build`) and measured against the camera picture (scripts/fit/collar-figures.ts). The neck's occluder
 * used to end at a fixed 85 % of the way from the ears down to the shoulder line: it drew the camera's neck over the
 * collar's front (COCO 459: the neck's base 76 % covered) and cut a bent head's chin off straight across (the mirror
 * clip's frame 120: a third of the chin's skin under the shirt). It now ends at the collar's own top edge as the
 * posed garment draws it (garment3d/neck-edge.ts), and the chin is in front of any collar.
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

/** The oxford in 3D on a photo, measured. */
async function oxfordOn(photo: string): Promise<CollarFigures> {
  const mask = path.join(tmp, `${path.basename(photo)}.mask.png`);
  const run = spawnSync(process.execPath, [
    path.join(REPO, 'bin/atelier.mjs'), '--data-dir', path.join(tmp, 'data'), '--ep', 'cpu',
    'tryon', photo, '--product', 'shirt-oxford', '--mode', '3d', '--size', 'M', '-o', path.join(tmp, 'out.png'), '--mask', mask,
  ], { encoding: 'utf8', maxBuffer: 16 << 20 });
  expect(run.status, run.stderr).toBe(0);
  let landmarksPx: ArrayLike<number> | null = null;
  for await (const f of trackClip(photo)) landmarksPx = f.landmarksPx ?? null;
  expect(landmarksPx, `${photo}: nobody found`).toBeTruthy();
  const rgb = await readRgb(photo);
  const m = await readMask(mask);
  const figures = collarFigures(rgb.data, m.data, rgb.widthPx, rgb.heightPx, landmarksPx!);
  console.log(`${path.basename(photo)}: ${JSON.stringify(figures)}`);
  return figures;
}

describe('the 3D oxford’s collar round the neck', () => {
  it('stands in front of the neck’s base (COCO 459, facing the camera)', { timeout: 180_000 }, async () => {
    const f = await oxfordOn(COCO_459);
    expect(f.neckBaseCovered).toBeGreaterThan(0.9);
  });

  it('leaves a bent head’s chin in front (the mirror clip, frame 120)', { timeout: 180_000 }, async () => {
    const frame = path.join(tmp, 'mirror120.png');
    const cut = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', MIRROR_CLIP, '-vf', 'select=eq(n\\,120)', '-frames:v', '1', frame], { encoding: 'utf8' });
    expect(cut.status, cut.stderr).toBe(0);
    const f = await oxfordOn(frame);
    expect(f.chinSkinPx, 'the chin’s skin found under the mouth').toBeGreaterThan(200);
    expect(f.chinSkinCovered).toBeLessThan(0.15);
  });
});
