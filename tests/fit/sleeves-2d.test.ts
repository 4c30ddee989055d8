/**
 * Issue 14: 2D sleeves that follow the arm and tops as wide as the shopper, measured on real pictures: frames 60 and
 * 120 of the mirror clip (the runner's arms bent), COCO 241 (a man standing, arms hanging) and COCO 459 (a man in a
 * suit, waist up). Each picture is tracked as the mirror tracks it (landmarks, person mask); the garments are drawn by
 * the real CLI (`atelier tryon --mask`, built: `npm run build`), whose coverage mask is what the shopper sees of them
 * after the occluder, or, for which part shows where, by the 2D rig and the software rasteriser on those landmarks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chestWidthsPx, elbowAngleDeg, forearmCover, handInFront, type Side } from '../../scripts/fit/arm-coverage';
import { trackClip, type TrackedFrame } from '../../scripts/fit/clip-bodies';
import { readMask } from '../../scripts/fit/fit-metrics';
import { MIRROR_CLIP, REPO } from '../../scripts/fit/measure-clip';
import { streamVideoFrames } from '../../src/inference/bench/frames';
import { GarmentRig } from '../../src/renderer/garment/rig';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { demoChart } from '../fixtures/garment-charts';
import { loadDemoGarment } from '../helpers/demo-garments';
import { rasterizeGarment } from '../helpers/rasterize-garment';

const MEDIA = path.resolve(REPO, '../shared/media');
const COCO_241 = path.join(MEDIA, 'COCO_val2014_000000000241.jpg');
const COCO_459 = path.join(MEDIA, 'COCO_val2014_000000000459.jpg');
const MIRROR_FRAMES = [60, 120];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-sleeves-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Picture → the person in it (landmarks, world landmarks, mask), tracked once. */
const people = new Map<string, TrackedFrame>();
const mirrorFrame = (i: number): string => path.join(tmp, `mirror${i}.png`);

beforeAll(async () => {
  for (const f of [MIRROR_CLIP, COCO_241, COCO_459]) expect(existsSync(f), `${f} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
  let i = 0;
  for await (const rgba of streamVideoFrames(MIRROR_CLIP, { widthPx: 412, heightPx: 960 }, Math.max(...MIRROR_FRAMES) + 1)) {
    if (MIRROR_FRAMES.includes(i)) await sharp(rgba, { raw: { width: 412, height: 960, channels: 4 } }).png().toFile(mirrorFrame(i));
    i++;
  }
  for (const picture of [...MIRROR_FRAMES.map(mirrorFrame), COCO_241, COCO_459]) {
    for await (const f of trackClip(picture)) people.set(picture, f);
    expect(people.get(picture)?.landmarksPx, `${picture}: nobody found`).toBeTruthy();
  }
}, 180_000);

/** Puts a product on the person of a picture with the CLI, in size M: its coverage mask and the body scale it used. */
async function tryOn(picture: string, productId: string): Promise<{ mask: Uint8Array; cmPerPx: number }> {
  const mask = path.join(tmp, `${path.basename(picture)}-${productId}.mask.png`);
  const run = spawnSync(process.execPath, [
    path.join(REPO, 'bin/atelier.mjs'), '--data-dir', path.join(tmp, 'data'), '--ep', 'cpu',
    'tryon', picture, '--product', productId, '--mode', '2d', '--size', 'M', '--mask', mask, '--json',
  ], { encoding: 'utf8', maxBuffer: 16 << 20 });
  expect(run.status, run.stderr).toBe(0);
  const json = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { frames: Array<{ cmPerPx: number }> };
  return { mask: (await readMask(mask)).data, cmPerPx: json.frames[0]!.cmPerPx };
}

/**
 * A long sleeve's cuff lies at the wrist: the shirts' M sleeve is 63 cm from the shoulder point, longer than the
 * runner's arm (his shoulder → elbow → wrist ≈ 55 cm at the body scale), so the rig ends it at the wrist. A bent arm is
 * one whose elbow closes below this angle.
 */
const BENT_ELBOW_DEG = 135;
/** The cuff (or the fist drawn over it) within this of the wrist along the forearm, cm (a cuff band's width). */
const CUFF_AT_WRIST_CM = 3;

describe('2D sleeves on real pictures (issue 14)', () => {
  it('a long sleeve follows a bent arm down the forearm to the cuff at the wrist (mirror clip, frames 60 and 120)', { timeout: 300_000 }, async () => {
    for (const frame of MIRROR_FRAMES) {
      const person = people.get(mirrorFrame(frame))!;
      const { mask, cmPerPx } = await tryOn(mirrorFrame(frame), 'shirt-oxford');
      let bent = 0;
      for (const side of ['left', 'right'] as Side[]) {
        const angle = elbowAngleDeg(person.landmarksPx!, side);
        if (angle >= BENT_ELBOW_DEG) continue;
        bent++;
        // Where his fist is drawn in front of the cuff (the forearm pointing at the camera, the fist over the wrist:
        // frame 120's right arm) the forearm is covered by it.
        const fist = handInFront(person.rgba, person.widthPx, person.heightPx, person.landmarksPx!, person.worldM, side);
        const cover = forearmCover(mask, person.widthPx, person.heightPx, person.landmarksPx!, side, fist);
        const gapCm = cover.cuffGapPx * cmPerPx;
        console.log(`mirror ${frame} ${side} arm (elbow ${angle.toFixed(0)}°): forearm ${cover.covered.toFixed(2)} covered, cuff ${gapCm.toFixed(1)} cm short of the wrist`);
        expect(cover.covered, `frame ${frame} ${side}: forearm covered`).toBeGreaterThan(0.9);
        expect(gapCm, `frame ${frame} ${side}: cuff short of the wrist, cm`).toBeLessThanOrEqual(CUFF_AT_WRIST_CM);
      }
      expect(bent, `frame ${frame}: a bent arm`).toBeGreaterThan(0);
    }
  });

  it("a tee's short sleeves show over the upper arms hanging at the sides (COCO 241)", async () => {
    const person = people.get(COCO_241)!;
    const lm = person.landmarksPx!;
    const g = await loadDemoGarment('tee-everyday-wht');
    const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
    rig.fit({ landmarksPx: lm, worldM: person.worldM, cmPerPx: bodyCmPerPx(lm, person.worldM!, person.widthPx, person.heightPx)! });
    // Which part shows at each pixel: parts are drawn in the mesh's order, each over the ones before it.
    const W = person.widthPx;
    const shown = new Array<string>(W * person.heightPx).fill('');
    for (const part of rig.mesh.parts) {
      const indices = rig.mesh.indices.subarray(part.firstIndex, part.firstIndex + part.indexCount);
      const cover = rasterizeGarment({ ...rig.mesh, indices }, g.texture, W, person.heightPx);
      cover.forEach((c, i) => c && (shown[i] = part.name));
    }
    for (const side of ['left', 'right'] as Side[]) {
      expect(elbowAngleDeg(lm, side), `${side} arm hangs straight`).toBeGreaterThan(150);
      const s = side === 'left' ? L.leftShoulder : L.rightShoulder;
      const e = side === 'left' ? L.leftElbow : L.rightElbow;
      // The upper arm's centre line from a sixth to two fifths of the way down: under a 20 cm sleeve on a 26 cm upper arm.
      let sleeve = 0;
      const points = 12;
      for (let k = 0; k <= points; k++) {
        const t = 1 / 6 + ((2 / 5 - 1 / 6) * k) / points;
        const x = Math.round(lm[2 * s]! + t * (lm[2 * e]! - lm[2 * s]!));
        const y = Math.round(lm[2 * s + 1]! + t * (lm[2 * e + 1]! - lm[2 * s + 1]!));
        if (shown[y * W + x]!.startsWith(`${side}Sleeve`)) sleeve++;
      }
      console.log(`COCO 241 ${side} upper arm: the sleeve shows on ${sleeve} of ${points + 1} points`);
      expect(sleeve / (points + 1), `${side} upper arm under its sleeve`).toBeGreaterThan(0.9);
    }
  });

  it('a top on a waist-up shopper is as wide as he is at the chest (COCO 459)', { timeout: 120_000 }, async () => {
    const person = people.get(COCO_459)!;
    const lm = person.landmarksPx!;
    const { mask } = await tryOn(COCO_459, 'shirt-oxford');
    const personMask = person.mask!.map((v) => (v > 127 ? 255 : 0));
    // The upper chest, a tenth of the shoulder joints' spacing below them: his torso and both arms are inside the
    // picture there (lower down his raised forearm joins the row, and his hanging arm leaves the picture).
    const shoulderPx = Math.hypot(lm[2 * L.leftShoulder]! - lm[2 * L.rightShoulder]!, lm[2 * L.leftShoulder + 1]! - lm[2 * L.rightShoulder + 1]!);
    const { personPx, garmentPx, rowPx } = chestWidthsPx(mask, personMask, person.widthPx, person.heightPx, lm, 0.1 * shoulderPx);
    console.log(`COCO 459 chest (row ${rowPx}): the top ${garmentPx} px wide, the person ${personPx} px (${(garmentPx / personPx).toFixed(2)})`);
    expect(Math.abs(garmentPx / personPx - 1)).toBeLessThan(0.12);
  });
});
