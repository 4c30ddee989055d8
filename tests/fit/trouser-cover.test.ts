/**
 * 2D trousers over the shopper's own legwear, measured on the camera picture (scripts/fit/leg-coverage.ts): frames 60
 * and 120 of the mirror clip, where the runner's legs are apart in loose grey shorts. Each frame is tracked as the
 * mirror tracks it (landmarks, person mask); the trousers are put on by the real CLI (`atelier tryon --mask`, size M;
 * built: `npm run build`), whose coverage mask is what the shopper sees of them. On main before this test, the jeans
 * left 6.9 % and 7.9 % of his shorts showing (their inner legs between the trouser legs, a sliver beside the outer
 * left leg) and covered 30 % and 14 % of the room seen between his legs.
 *
 * The 3D trousers (skinned GLBs, `--mode 3d`), sized by their chart, left 5.8–9.0 % of his shorts showing (grey strips
 * beside the thighs) and covered 40–50 % of the room between his legs on main (b403682); their thighs' sides now move
 * onto the person mask (src/renderer/garment3d/limb-sides-3d.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legwearCover } from '../../scripts/fit/leg-coverage';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStills, type TrackedStill } from '../helpers/mirror-still';

const FRAMES = [60, 120];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-trouser-cover-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const frameFile = (i: number): string => path.join(tmp, `mirror${i}.png`);
const people = new Map<number, TrackedStill>();

beforeAll(async () => {
  for (const [frame, still] of await mirrorStills(FRAMES, frameFile)) people.set(frame, still);
}, 180_000);

/** Of his shorts between the hip and knee lines, at most this share shows (their edges, a pixel wide, allowed for). */
const MAX_SHOWING = 0.02;
/** Of the room seen between his legs, at most this share is covered (the mask's soft edge a couple of px wide). */
const MAX_GAP_COVERED = 0.12;

describe('2D trousers over the runner\'s shorts (mirror clip)', () => {
  for (const product of ['jeans-straight', 'chino-slim']) {
    it(`${product} covers his shorts on both sides down to the knee and leaves the room between his legs open`, { timeout: 300_000 }, async () => {
      for (const frame of FRAMES) {
        const person = people.get(frame)!;
        const run = await tryOnStill(frameFile(frame), product, '2d', tmp, path.join(tmp, 'data'));
        if ('error' in run) throw new Error(`frame ${frame}: ${run.error}`);
        const c = legwearCover(run.mask, person.mask, person.rgba, person.widthPx, person.heightPx, person.landmarksPx);
        console.log(`${product} frame ${frame}: shorts showing ${(100 * c.bare).toFixed(1)} % of ${c.legwearPx} px (inner ${c.bareInnerPx}, outer ${c.bareOuterPx}); between the legs ${(100 * c.gapCovered).toFixed(1)} % of ${c.gapPx} px covered`);
        expect(c.legwearPx, `frame ${frame}: his shorts found`).toBeGreaterThan(10_000);
        expect(c.gapPx, `frame ${frame}: a gap between his legs`).toBeGreaterThan(500);
        expect(c.bare, `frame ${frame}: shorts showing`).toBeLessThan(MAX_SHOWING);
        expect(c.gapCovered, `frame ${frame}: gap between the legs covered`).toBeLessThan(MAX_GAP_COVERED);
      }
    });
  }
});

/**
 * The 3D trousers: his shorts showing at most this share (this change 0.4 % on frame 60, 2.0 % on 120, both
 * products; main 6.2, 9.0 % chinos, 5.8, 8.4 % jeans) — what stays is the crotch's tip, above the thighs' rows.
 */
const MAX_SHOWING_3D = 0.03;
/**
 * …and the room between his legs covered at most this share (this change 14.4 / 16.9 % on frame 60, 3.6 / 4.8 % on
 * 120, chinos / jeans; main 44.5 / 49.6 and 40.3 / 46.3 %): frame 60's leg lifted towards the camera is drawn a
 * little wide at the knee, where its rows end.
 */
const MAX_GAP_COVERED_3D = 0.2;

describe('3D trousers over the runner\'s shorts (mirror clip)', () => {
  for (const product of ['jeans-straight', 'chino-slim']) {
    it(`${product} covers his shorts on both sides down to the knee and leaves most of the room between his legs open`, { timeout: 300_000 }, async () => {
      for (const frame of FRAMES) {
        const person = people.get(frame)!;
        const run = await tryOnStill(frameFile(frame), product, '3d', tmp, path.join(tmp, 'data'));
        if ('error' in run) throw new Error(`frame ${frame}: ${run.error}`);
        const c = legwearCover(run.mask, person.mask, person.rgba, person.widthPx, person.heightPx, person.landmarksPx);
        console.log(`${product} 3D frame ${frame}: shorts showing ${(100 * c.bare).toFixed(1)} % of ${c.legwearPx} px (inner ${c.bareInnerPx}, outer ${c.bareOuterPx}); between the legs ${(100 * c.gapCovered).toFixed(1)} % of ${c.gapPx} px covered`);
        expect(c.legwearPx, `frame ${frame}: his shorts found`).toBeGreaterThan(10_000);
        expect(c.bare, `frame ${frame}: shorts showing`).toBeLessThan(MAX_SHOWING_3D);
        expect(c.gapCovered, `frame ${frame}: gap between the legs covered`).toBeLessThan(MAX_GAP_COVERED_3D);
      }
    });
  }
});
