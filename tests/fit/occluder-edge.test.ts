/**
 * Issue 14 point 1, "soft anti-aliased edges (feathered alpha, no jaggies at 1080 × 1920)": the occluder's edge round
 * the fist and the chin as the mirror's screen shows it. The built CLI puts the 3D oxford on the real pictures at the
 * screen's size (`atelier tryon --display 1080x1920`; the mirror clip's camera pixel is 2.6 screen pixels, COCO 459's
 * 3), and the key's edge is read off the render against the camera picture (scripts/fit/occluder-edge.ts): the share
 * of its crossings that jump from garment to shopper within one screen pixel (aliased), and how far they stray from a
 * straight line through their neighbours. The hard key (main before the feathered one) jumped at 62–73 % of them.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackPicture } from '../../scripts/fit/clip-bodies';
import { keyEdgeRoughness, outlineRoughness, readPicture, renderAtDisplay } from '../../scripts/fit/edge-figures';
import { MIRROR_CLIP, REPO } from '../../scripts/fit/measure-clip';
import { streamVideoFrames } from '../../src/inference/bench/frames';

const MEDIA = path.resolve(REPO, '../shared/media');
const COCO_459 = path.join(MEDIA, 'COCO_val2014_000000000459.jpg');
const FRAMES = [60, 120];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-edge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The bounds. Hard steps: under three crossings in ten (main's hard key: 68.7 % on frame 60, 62.3 % on 120,
 * 73.4 % on COCO 459; feathered: 2.7 %, 0.7 %, 21.5 % — on COCO 459 the chin's edge runs along the 3D collar's neck
 * line, the region's own hard outline). Roughness: main 0.157, 0.163, 0.175 px; feathered 0.135, 0.096, 0.141.
 */
const MAX_HARD_SHARE = 0.3;
const MAX_ROUGHNESS_PX = 0.15;

beforeAll(async () => {
  expect(existsSync(MIRROR_CLIP), `${MIRROR_CLIP} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(COCO_459), `${COCO_459} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
  let i = 0;
  for await (const rgba of streamVideoFrames(MIRROR_CLIP, { widthPx: 412, heightPx: 960 }, Math.max(...FRAMES) + 1)) {
    if (FRAMES.includes(i)) await sharp(rgba, { raw: { width: 412, height: 960, channels: 4 } }).png().toFile(path.join(tmp, `mirror${i}.png`));
    i++;
  }
}, 60_000);

describe("the occluder's edge on the mirror's screen (1080 × 1920)", () => {
  it.each([...FRAMES.map((f) => `mirror${f}.png`), COCO_459])('%s: feathered, not stair-stepped', async (name) => {
    const picture = path.isAbsolute(name) ? name : path.join(tmp, name);
    const person = await trackPicture(picture);
    expect(person, `${name}: nobody found`).not.toBeNull();
    const out = path.join(tmp, `${path.basename(picture, path.extname(picture))}-1080.png`);
    const error = renderAtDisplay(picture, 'shirt-oxford', '3d', '1080x1920', out, path.join(tmp, 'data'));
    expect(error).toBeNull();
    const composite = await readPicture(out);
    expect([composite.widthPx, composite.heightPx]).toEqual([1080, 1920]);
    const edge = keyEdgeRoughness(composite, await readPicture(picture), person!.landmarksPx, person!.worldM);
    const figures = `${edge.crossings} crossings, ${(100 * edge.hardShare).toFixed(1)} % hard, roughness ${edge.roughnessPx.toFixed(3)} px`;
    console.log(`${path.basename(picture)}: ${figures}`);
    // Enough of the edge to judge: 135–223 crossings on the first feathered build; COCO 459's fell to 57–64 when the
    // neck's region was narrowed to the neck's outline (less of the chin's key runs along the collar), still plenty.
    expect(edge.crossings, `${name}: the key's edge is measured`).toBeGreaterThan(40);
    expect(edge.hardShare, figures).toBeLessThan(MAX_HARD_SHARE);
    expect(edge.roughnessPx, figures).toBeLessThan(MAX_ROUGHNESS_PX);
  }, 240_000);
});

/**
 * The regions' own outlines (scripts/fit/occluder-edge.ts `onRegionOutline`), soft since they are guesses. The own-top
 * hip line over the 2D chino's waistband (the shopper's tee redrawn above it) jumped at 95.2 % / 95.0 % of its
 * crossings on main (frames 60 / 120), the stair-stepped waistband top; soft: 0.0 % / 0.0 %. The hand and forearm
 * capsules' outlines on the 3D tee: main 100 % / 100 %, soft 0.0 % / 0.0 %.
 */
const MAX_OUTLINE_HARD_SHARE = 0.1;

describe("the occluder's region outlines on the mirror's screen (1080 × 1920)", () => {
  it.each([
    ['chino-slim', '2d', 'hipLine', true],
    ['tee-everyday', '3d', 'capsule', false],
  ] as const)('%s %s: the %s outline is soft, not stair-stepped (frames 60 and 120)', async (product, mode, kind, ownTop) => {
    for (const f of FRAMES) {
      const picture = path.join(tmp, `mirror${f}.png`);
      const person = await trackPicture(picture);
      expect(person, `frame ${f}: nobody found`).not.toBeNull();
      const out = path.join(tmp, `mirror${f}-${product}-${mode}-1080.png`);
      expect(renderAtDisplay(picture, product, mode, '1080x1920', out, path.join(tmp, 'data'))).toBeNull();
      const edge = outlineRoughness(await readPicture(out), await readPicture(picture), person!.landmarksPx, person!.worldM, ownTop)[kind];
      const figures = `frame ${f}: ${edge.crossings} crossings, ${(100 * edge.hardShare).toFixed(1)} % hard, roughness ${edge.roughnessPx.toFixed(3)} px`;
      console.log(`${product} ${mode} ${kind}: ${figures}`);
      // Enough of the outline to judge: 323–378 crossings of the hip line, 37–54 of the tee's capsules.
      expect(edge.crossings, figures).toBeGreaterThan(30);
      expect(edge.hardShare, figures).toBeLessThan(MAX_OUTLINE_HARD_SHARE);
    }
  }, 600_000);
});
