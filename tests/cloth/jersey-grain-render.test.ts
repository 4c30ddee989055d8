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
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readPicture, renderAtDisplay } from '../../scripts/fit/edge-figures';
import { screenToCamera } from '../../scripts/fit/occluder-edge';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { cameraRgbAt } from '../../src/renderer/scene/key-weight-at';
import { PoseLandmark as L } from '../../src/shared/pose';
import { mirrorStills } from '../helpers/mirror-still';

const FRAMES = [60, 120];
/** The mirror's screen, portrait. */
const SCREEN = { w: 1080, h: 1920 } as const;
/**
 * The most the garment's fine texture may be of his own tee's in the same pixels (which has its folds and creases at
 * this scale too): a weave's grain 1.91 × on frame 60 and 2.08 × on 120; the jersey's grain 0.81 × and 0.86 ×.
 */
const MAX_OF_OWN_TEE = 1.25;
/** The neighbourhood's half-size the texture is measured against, screen px (a 9 × 9 mean). */
const R = 4;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-jersey-grain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Standard deviation of a luma picture `W` wide less its (2R + 1)² mean, at the given pixels. */
function fineTexture(luma: Float32Array, W: number, pixels: readonly number[]): number {
  let s = 0;
  let s2 = 0;
  for (const p of pixels) {
    let mean = 0;
    for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) mean += luma[p + dy * W + dx]!;
    const d = luma[p]! - mean / (2 * R + 1) ** 2;
    s += d;
    s2 += d * d;
  }
  return Math.sqrt(s2 / pixels.length - (s / pixels.length) ** 2);
}

const lumaOf = (r: number, g: number, b: number): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;

it("the white jersey tee's fine texture is a jersey's, as fine as the shopper's own white tee in the picture (mirror clip, 2D)", { timeout: 300_000 }, async () => {
  const stills = await mirrorStills(FRAMES, (i) => path.join(tmp, `mirror${i}.png`));
  const failures: string[] = [];
  for (const frame of FRAMES) {
    const person = stills.get(frame)!;
    const picture = path.join(tmp, `mirror${frame}.png`);
    const run = await tryOnStill(picture, 'tee-everyday', '2d', tmp, path.join(tmp, 'data'));
    if ('error' in run) expect.fail(run.error);
    const onScreen = path.join(tmp, `mirror${frame}-screen.png`);
    const error = renderAtDisplay(picture, 'tee-everyday', '2d', `${SCREEN.w}x${SCREEN.h}`, onScreen, path.join(tmp, 'data'));
    if (error) expect.fail(error);
    const composite = await readPicture(onScreen);
    const camera = await readPicture(picture);
    const toCamera = screenToCamera(camera, composite);
    // The screen as drawn, and the camera picture as the mirror shows it there (cover-fitted, bilinearly magnified).
    const drawn = new Float32Array(SCREEN.w * SCREEN.h);
    const own = new Float32Array(SCREEN.w * SCREEN.h);
    const underCamera = new Int32Array(SCREEN.w * SCREEN.h);
    for (let y = 0, i = 0; y < SCREEN.h; y++) {
      for (let x = 0; x < SCREEN.w; x++, i++) {
        drawn[i] = lumaOf(composite.rgba[4 * i]!, composite.rgba[4 * i + 1]!, composite.rgba[4 * i + 2]!);
        const [cx, cy] = toCamera(x, y);
        own[i] = lumaOf(...cameraRgbAt(camera.rgba, camera.widthPx, camera.heightPx, cx, cy));
        underCamera[i] = Math.min(camera.heightPx - 1, Math.floor(cy)) * camera.widthPx + Math.min(camera.widthPx - 1, Math.floor(cx));
      }
    }
    // Landmarks on the screen: the inverse of the cover fit.
    const [x0, y0] = toCamera(-0.5, -0.5);
    const [x1, y1] = toCamera(SCREEN.w - 0.5, SCREEN.h - 0.5);
    const lm = person.landmarksPx;
    const at = (i: number): [number, number] => [((lm[2 * i]! - x0) / (x1 - x0)) * SCREEN.w, ((lm[2 * i + 1]! - y0) / (y1 - y0)) * SCREEN.h];
    const [lsx, lsy] = at(L.leftShoulder);
    const [rsx, rsy] = at(L.rightShoulder);
    const shoulderY = (lsy + rsy) / 2;
    const hipY = (at(L.leftHip)[1] + at(L.rightHip)[1]) / 2;
    const midX = (lsx + rsx) / 2;
    const halfW = Math.abs(lsx - rsx) / 2;
    // The chest and belly: the middle half of the shoulders' breadth, from a fifth to four fifths of the way down the
    // torso, where the garment is drawn over all of the neighbourhood (not the fist in front, nor its edge).
    const drawnAll = (p: number): boolean => {
      for (let dy = -R; dy <= R; dy += R) for (let dx = -R; dx <= R; dx += R) if (run.mask[underCamera[p + dy * SCREEN.w + dx]!]! < 250) return false;
      return true;
    };
    const pixels: number[] = [];
    for (let y = Math.round(shoulderY + 0.2 * (hipY - shoulderY)); y < shoulderY + 0.8 * (hipY - shoulderY); y++) {
      for (let x = Math.round(midX - halfW / 2); x < midX + halfW / 2; x++) {
        if (x < R + 1 || y < R + 1 || x >= SCREEN.w - R - 1 || y >= SCREEN.h - R - 1) continue;
        if (drawnAll(y * SCREEN.w + x)) pixels.push(y * SCREEN.w + x);
      }
    }
    const garment = fineTexture(drawn, SCREEN.w, pixels);
    const ownTee = fineTexture(own, SCREEN.w, pixels);
    console.log(`frame ${frame}, everyday tee (Chalk White) 2D over ${pixels.length} screen px of his chest: fine texture ${garment.toFixed(2)}, his own white tee's ${ownTee.toFixed(2)} (${(garment / ownTee).toFixed(2)} ×)`);
    expect(pixels.length, `frame ${frame}: the tee covers his chest`).toBeGreaterThan(20_000);
    if (garment > MAX_OF_OWN_TEE * ownTee) failures.push(`frame ${frame}: ${(garment / ownTee).toFixed(2)} × his own tee's texture`);
  }
  expect(failures).toEqual([]);
});
