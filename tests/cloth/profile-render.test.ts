/**
 * A shopper seen side on: on `video.avi`'s frame 60 a man walks past in profile. His shoulders lie 8 px apart in the
 * picture and his hips 9 px the other way round, and the 2D rig drew every top as a needle down his side (the rows
 * between the two lines, across-directions lerped through zero, turned edge-on) at 30 % of its width at best. Now a
 * turned body is as wide as its cross-section's silhouette (its depth in profile) and the lines keep one sense
 * (src/renderer/garment/rig.ts, src/shared/sizing.ts `turnedWidthShare`), and his bare forearm across his front is
 * drawn in front of a tee (src/renderer/scene/occlusion-regions.ts `shoulderBreadthPx`). Drawn by the real CLI (`atelier tryon
 * --mask`, size M; needs `npm run build` and ../shared/media/video.avi, fails without them); measured on the picture
 * against his own landmarks and person mask.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { streetStill } from '../helpers/mirror-still';

const FRAME = 60;
const SIZE = { widthPx: 1280, heightPx: 720 };
/** Rows read: from this share of the way down from the shoulder line to the hip line, to the hip line. */
const FROM_SHARE = 0.2;
/** Columns read: this far either side of the torso's centre line, cm (past his arms, short of the woman beside him). */
const HALF_WINDOW_CM = 45;
/**
 * The garment's width across those rows, cm, at least (a man's chest is ≈ 25 cm deep): the median and the tenth
 * narrowest (his forearm, in front, cuts the rows it crosses). Main (81b90d3): the tee's median 1.4 cm, tenth 1.0
 * (the oxford's median 4.8); now the tee's 29.0 and 16.2 cm, the oxford's 30.0 and 29.0.
 */
const MIN_MEDIAN_WIDTH_CM = 18;
const MIN_TENTH_WIDTH_CM = 12;

/**
 * The most of his forearm's band the tee may cover. The occluder's regions were sized by the picture's shoulder width
 * (8 px side on), so the forearm was redrawn as a 1 px line: f6a1131 covered 79 of 150 px; sized by the shoulders'
 * breadth unforeshortened (occlusion-regions.ts `shoulderBreadthPx`), 0.
 */
const MAX_FOREARM_COVERED = 0.15;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-profile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('a top on a shopper seen side on covers the torso as wide as it is deep, not as a needle (street frame, 2D)', { timeout: 300_000 }, async () => {
  const still = path.join(tmp, `street${FRAME}.png`);
  const person = await streetStill(FRAME, still);
  expect(person.worldM, 'no world landmarks').toBeTruthy();
  const lm = person.landmarksPx;
  const cmPerPx = bodyCmPerPx(lm, person.worldM!, SIZE.widthPx, SIZE.heightPx)!;
  const shoulderY = (lm[2 * L.leftShoulder + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
  const hipY = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2;
  const centreX = (lm[2 * L.leftShoulder]! + lm[2 * L.rightShoulder]! + lm[2 * L.leftHip]! + lm[2 * L.rightHip]!) / 4;
  // Side on: his picture shoulders are a small share of their world breadth.
  const world = person.worldM!;
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
        if (person.mask[p]! >= 128) onPerson++;
      }
      widthsCm.push(first < 0 ? 0 : (last - first + 1) * cmPerPx);
    }
    const sorted = [...widthsCm].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const tenth = sorted[Math.floor(sorted.length / 10)]!;
    console.log(`street frame ${FRAME}, ${product} 2D: torso rows ${sorted.length}, width median ${median.toFixed(1)} cm, tenth narrowest ${tenth.toFixed(1)} cm, narrowest ${sorted[0]!.toFixed(1)} cm; ${drawn} px drawn there, ${((100 * onPerson) / Math.max(1, drawn)).toFixed(0)} % on his person mask`);
    expect(median, `${product}: the torso's width`).toBeGreaterThan(MIN_MEDIAN_WIDTH_CM);
    expect(tenth, `${product}: the tenth narrowest torso row`).toBeGreaterThan(MIN_TENTH_WIDTH_CM);
    // Wide, but on him: most of it lies on his person mask (his backpack is part of it).
    expect(onPerson / drawn, `${product}: on the person`).toBeGreaterThan(0.6);
    if (product !== 'tee-everyday') continue;
    // His bare forearm, held across his front, is in front of a short-sleeved top: a band along the nearer arm's
    // forearm (the wrist nearer the camera), a quarter of the way from the elbow to nine tenths, 5 px across.
    const near = world[3 * L.rightWrist + 2]! < world[3 * L.leftWrist + 2]! ? [L.rightElbow, L.rightWrist] : [L.leftElbow, L.leftWrist];
    const [ex, ey, wx, wy] = [lm[2 * near[0]!]!, lm[2 * near[0]! + 1]!, lm[2 * near[1]!]!, lm[2 * near[1]! + 1]!];
    const len = Math.hypot(wx - ex, wy - ey);
    let band = 0;
    let covered = 0;
    for (let k = 0; k < 30; k++) {
      const t = 0.25 + (0.65 * k) / 29;
      for (let o = -2; o <= 2; o++) {
        const x = Math.round(ex + t * (wx - ex) - (o * (wy - ey)) / len);
        const y = Math.round(ey + t * (wy - ey) + (o * (wx - ex)) / len);
        band++;
        if (run.mask[y * SIZE.widthPx + x]! >= 128) covered++;
      }
    }
    console.log(`  his forearm under the tee: ${covered} of ${band} px`);
    expect(covered / band, 'the tee drawn over his bare forearm').toBeLessThan(MAX_FOREARM_COVERED);
  }
});
