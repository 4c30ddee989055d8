/**
 * A white jersey tee is smooth cloth, not a grey marl. The demo's garment pictures drew every cloth with a plain
 * weave's grain (its light ± 3 % over ≈ 2 mm cells); a jersey's loops are ≈ 1 mm, under a pixel, and a camera sees a
 * jersey smooth — so on the mirror the 2D everyday tee in Chalk White read as a grey heathered knit next to the
 * shopper's own white T-shirt. Drawn by the real CLI on the mirror's screen (`atelier tryon --display 1080x1920`,
 * size M, 2D; its `--mask` on the camera's pixels; needs `npm run build`, the built demo collection and
 * ../shared/media/mirror_run.mp4, fails without them); measured against the camera picture as the mirror shows it
 * (magnified to the screen): the fine texture (luma less its 9 × 9 mean, standard deviation; the old grain's blotches
 * were 5–10 screen pixels) of the garment on his chest, and of his own white jersey T-shirt at the same pixels.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { REPO } from '../../scripts/fit/measure-clip';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { PoseLandmark as L } from '../../src/shared/pose';
import { mirrorStills } from '../helpers/mirror-still';

const FRAMES = [60, 120];
/** The mirror's screen, portrait. */
const SCREEN = { w: 1080, h: 1920 } as const;
/**
 * The most the garment's fine texture may be of his own tee's in the same pixels (which has its folds and creases at
 * this scale too): main (a weave's grain) 1.99 × on frame 60 and 2.11 × on 120; the jersey's grain 0.78 × and 0.81 ×.
 */
const MAX_OF_OWN_TEE = 1.25;
/** The neighbourhood's half-size the texture is measured against, screen px (a 9 × 9 mean). */
const R = 4;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-jersey-grain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Standard deviation of luma less its (2R + 1)² mean at the given pixels of an RGB picture `W` wide. */
function fineTexture(rgb: Buffer, W: number, pixels: readonly number[]): number {
  const luma = (p: number): number => 0.2126 * rgb[3 * p]! + 0.7152 * rgb[3 * p + 1]! + 0.0722 * rgb[3 * p + 2]!;
  let s = 0;
  let s2 = 0;
  for (const p of pixels) {
    let mean = 0;
    for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) mean += luma(p + dy * W + dx);
    const d = luma(p) - mean / (2 * R + 1) ** 2;
    s += d;
    s2 += d * d;
  }
  return Math.sqrt(s2 / pixels.length - (s / pixels.length) ** 2);
}

it("the white jersey tee's fine texture is a jersey's, as fine as the shopper's own white tee in the picture (mirror clip, 2D)", { timeout: 300_000 }, async () => {
  const stills = await mirrorStills(FRAMES, (i) => path.join(tmp, `mirror${i}.png`));
  const failures: string[] = [];
  for (const frame of FRAMES) {
    const person = stills.get(frame)!;
    const picture = path.join(tmp, `mirror${frame}.png`);
    const run = await tryOnStill(picture, 'tee-everyday', '2d', tmp, path.join(tmp, 'data'));
    if ('error' in run) expect.fail(run.error);
    const onScreen = path.join(tmp, `mirror${frame}-screen.png`);
    const cli = spawnSync(process.execPath, [
      path.join(REPO, 'bin/atelier.mjs'), '--data-dir', path.join(tmp, 'data'), '--ep', 'cpu',
      'tryon', picture, '--product', 'tee-everyday', '--mode', '2d', '--size', 'M', '--display', `${SCREEN.w}x${SCREEN.h}`, '-o', onScreen,
    ], { encoding: 'utf8', maxBuffer: 16 << 20 });
    expect(cli.status, cli.stderr).toBe(0);
    const drawn = await sharp(onScreen).removeAlpha().raw().toBuffer();
    // The camera picture as the mirror shows it: cover-fitted to the screen, magnified with linear filtering.
    const camera = await sharp(picture).resize(SCREEN.w, SCREEN.h, { fit: 'cover', kernel: 'linear' }).removeAlpha().raw().toBuffer();
    const { widthPx: cw, heightPx: ch } = person;
    const scale = Math.max(SCREEN.w / cw, SCREEN.h / ch);
    const ox = (cw * scale - SCREEN.w) / 2;
    const oy = (ch * scale - SCREEN.h) / 2;
    const cameraPx = (x: number, y: number): number => Math.floor((y + oy) / scale) * cw + Math.floor((x + ox) / scale);
    const lm = person.landmarksPx;
    const at = (i: number): [number, number] => [lm[2 * i]! * scale - ox, lm[2 * i + 1]! * scale - oy];
    const [lsx, lsy] = at(L.leftShoulder);
    const [rsx, rsy] = at(L.rightShoulder);
    const shoulderY = (lsy + rsy) / 2;
    const hipY = (at(L.leftHip)[1] + at(L.rightHip)[1]) / 2;
    const midX = (lsx + rsx) / 2;
    const halfW = Math.abs(lsx - rsx) / 2;
    // The chest and belly: the middle half of the shoulders' breadth, from a fifth to four fifths of the way down the
    // torso, where the garment is drawn over all of the neighbourhood (not the fist in front, nor its edge).
    const drawnAll = (x: number, y: number): boolean => {
      for (let dy = -R; dy <= R; dy += R) for (let dx = -R; dx <= R; dx += R) if (run.mask[cameraPx(x + dx, y + dy)]! < 250) return false;
      return true;
    };
    const pixels: number[] = [];
    for (let y = Math.round(shoulderY + 0.2 * (hipY - shoulderY)); y < shoulderY + 0.8 * (hipY - shoulderY); y++) {
      for (let x = Math.round(midX - halfW / 2); x < midX + halfW / 2; x++) {
        if (x < R + 1 || y < R + 1 || x >= SCREEN.w - R - 1 || y >= SCREEN.h - R - 1) continue;
        if (drawnAll(x, y)) pixels.push(y * SCREEN.w + x);
      }
    }
    const garment = fineTexture(drawn, SCREEN.w, pixels);
    const own = fineTexture(camera, SCREEN.w, pixels);
    console.log(`frame ${frame}, everyday tee (Chalk White) 2D over ${pixels.length} screen px of his chest: fine texture ${garment.toFixed(2)}, his own white tee's ${own.toFixed(2)} (${(garment / own).toFixed(2)} ×)`);
    expect(pixels.length, `frame ${frame}: the tee covers his chest`).toBeGreaterThan(20_000);
    if (garment > MAX_OF_OWN_TEE * own) failures.push(`frame ${frame}: ${(garment / own).toFixed(2)} × his own tee's texture`);
  }
  expect(failures).toEqual([]);
});
