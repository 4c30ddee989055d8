/**
 * A shopper seen side on: on `video.avi`'s frame 60 a man walks past in profile. His shoulders lie 8 px apart in the
 * picture and his hips 9 px the other way round, and the 2D rig drew every top as a needle down his side (the rows
 * between the two lines, across-directions lerped through zero, turned edge-on) at 30 % of its width at best. Now a
 * turned body is as wide as its cross-section's silhouette (its depth in profile) and the lines keep one sense
 * (src/renderer/garment/rig.ts, src/shared/sizing.ts `turnedWidthShare`). Drawn by the real CLI (`atelier tryon
 * --mask`, size M; needs `npm run build` and ../shared/media/video.avi, fails without them); measured on the picture
 * against his own landmarks and person mask.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { trackPicture } from '../../scripts/fit/clip-bodies';
import { REPO } from '../../scripts/fit/measure-clip';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { streamVideoFrames } from '../../src/inference/bench/frames';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';

const STREET = path.resolve(REPO, '../shared/media/video.avi');
const FRAME = 60;
const SIZE = { widthPx: 1280, heightPx: 720 };
/** Rows read: from this share of the way down from the shoulder line to the hip line, to the hip line. */
const FROM_SHARE = 0.2;
/** Columns read: this far either side of the torso's centre line, cm (past his arms, short of the woman beside him). */
const HALF_WINDOW_CM = 45;
/**
 * The garment's width across those rows, cm, at least (a man's chest is ≈ 25 cm deep). Main (81b90d3): median 1.4 /
 * 4.8 cm, narrowest 0 / 3.3 cm (tee / oxford); this change 29 / 31 and 24 / 28 cm.
 */
const MIN_MEDIAN_WIDTH_CM = 18;
const MIN_NARROWEST_CM = 12;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-profile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('a top on a shopper seen side on covers the torso as wide as it is deep, not as a needle (street frame, 2D)', { timeout: 300_000 }, async () => {
  expect(existsSync(STREET), `${STREET} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
  const still = path.join(tmp, `street${FRAME}.png`);
  let i = 0;
  for await (const rgba of streamVideoFrames(STREET, SIZE, FRAME + 1)) {
    if (i++ === FRAME) await sharp(rgba, { raw: { width: SIZE.widthPx, height: SIZE.heightPx, channels: 4 } }).png().toFile(still);
  }
  const person = await trackPicture(still);
  expect(person?.landmarksPx && person.worldM && person.mask, 'nobody found on the street frame').toBeTruthy();
  const lm = person!.landmarksPx!;
  const cmPerPx = bodyCmPerPx(lm, person!.worldM!, SIZE.widthPx, SIZE.heightPx)!;
  const shoulderY = (lm[2 * L.leftShoulder + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
  const hipY = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2;
  const centreX = (lm[2 * L.leftShoulder]! + lm[2 * L.rightShoulder]! + lm[2 * L.leftHip]! + lm[2 * L.rightHip]!) / 4;
  // Side on: his picture shoulders are a small share of their world breadth.
  const world = person!.worldM!;
  const shoulderWorldCm = 100 * Math.hypot(world[3 * L.leftShoulder]! - world[3 * L.rightShoulder]!, world[3 * L.leftShoulder + 1]! - world[3 * L.rightShoulder + 1]!, world[3 * L.leftShoulder + 2]! - world[3 * L.rightShoulder + 2]!);
  expect(Math.abs(lm[2 * L.leftShoulder]! - lm[2 * L.rightShoulder]!) * cmPerPx).toBeLessThan(0.25 * shoulderWorldCm);
  const half = Math.round(HALF_WINDOW_CM / cmPerPx);
  for (const product of ['tee-everyday', 'shirt-oxford']) {
    const run = await tryOnStill(still, product, '2d', tmp, path.join(tmp, 'data'));
    if ('error' in run) expect.fail(run.error);
    const widthsCm: number[] = [];
    let drawn = 0;
    let onPerson = 0;
    for (let y = Math.round(shoulderY + FROM_SHARE * (hipY - shoulderY)); y <= Math.round(hipY); y++) {
      let first = -1;
      let last = -1;
      for (let x = Math.max(0, Math.round(centreX) - half); x <= Math.min(SIZE.widthPx - 1, Math.round(centreX) + half); x++) {
        const p = y * SIZE.widthPx + x;
        if (run.mask[p]! < 128) continue;
        if (first < 0) first = x;
        last = x;
        drawn++;
        if (person!.mask![p]! >= 128) onPerson++;
      }
      widthsCm.push(first < 0 ? 0 : (last - first + 1) * cmPerPx);
    }
    const sorted = [...widthsCm].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`street frame ${FRAME}, ${product} 2D: torso rows ${sorted.length}, width median ${median.toFixed(1)} cm, narrowest ${sorted[0]!.toFixed(1)} cm; ${drawn} px drawn there, ${((100 * onPerson) / Math.max(1, drawn)).toFixed(0)} % on his person mask`);
    expect(median, `${product}: the torso's width`).toBeGreaterThan(MIN_MEDIAN_WIDTH_CM);
    expect(sorted[0], `${product}: the narrowest torso row`).toBeGreaterThan(MIN_NARROWEST_CM);
    // Wide, but on him: most of it lies on his person mask (his backpack is part of it).
    expect(onPerson / drawn, `${product}: on the person`).toBeGreaterThan(0.6);
  }
});
