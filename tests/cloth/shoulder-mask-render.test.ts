/**
 * Issue 14: on the mirror clip's frame 60 his own white T-shirt showed above the worn top's shoulders, most on his
 * right side (the picture's left): the garments hung their shoulder seams from the shoulder landmarks (joints), their
 * upper edge 25–38 px above them, where the tops of his shoulders in the camera picture stand 31–50 px above, and the
 * landmarks' line tilts 2.3° more than his shoulders do. The seams now lie on the person mask's shoulder tops
 * (src/renderer/garment/shoulder-silhouette.ts). Drawn by the real CLI (`atelier tryon --mask`, built:
 * `npm run build`); measured on the camera picture: his T-shirt's pixels (scripts/fit/own-clothes.ts) above the
 * shoulder line round each shoulder (`shoulderBare`), and down each side of the torso (`torsoSideBare`: not made
 * worse), that the garment leaves bare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoulderBare, type Side } from '../../scripts/fit/arm-coverage';
import type { TrackedFrame } from '../../scripts/fit/clip-bodies';
import { findOwnClothes } from '../../scripts/fit/own-clothes';
import { torsoSideBare } from '../../scripts/fit/torso-sides';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStill } from '../helpers/mirror-still';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-shoulder-mask-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const frame60 = path.join(tmp, 'frame60.png');
let person: TrackedFrame & { landmarksPx: Float64Array; mask: Uint8Array };
let tee: Uint8Array;
beforeAll(async () => {
  person = await mirrorStill(60, frame60);
  tee = findOwnClothes(person.rgba, person.mask, person.landmarksPx, person.widthPx, person.heightPx).tee.map((t) => (t ? 255 : 0));
}, 180_000);

/**
 * Bounds per case: the share of his T-shirt above the shoulder line the garment leaves bare round his right shoulder
 * (the picture's left; main 557979b → this change: oxford 2D 30.7 → 2.3 %, oxford 3D 24.8 → 1.5 %, tee 3D 27.6 →
 * 2.2 %) and his left (18.6 → 3.1 %, 23.8 → 7.1 %, 25.9 → 7.8 %); down his right side, no worse than main's (2.3 %,
 * 4.5 %, 3.4 %; this change: 2.2, 4.1, 3.1 %). The 2D tea dress, whose picture's shoulder top stands 4 px lower than
 * the tee's (set-in sleeves; GarmentSilhouette.shoulderTopPx): right / left 9.7 / 16.0 % → 4.7 / 7.5 % once raised by
 * that difference, its right side 1.4 → 1.7 %.
 */
const CASES = [
  { product: 'shirt-oxford', mode: '2d', maxSideBare: 0.025 },
  { product: 'shirt-oxford', mode: '3d', maxSideBare: 0.047 },
  { product: 'tee-everyday', mode: '3d', maxSideBare: 0.036 },
  { product: 'dress-floral', mode: '2d', maxSideBare: 0.025 },
] as const;
const MAX_RIGHT_SHOULDER_BARE = 0.1;
const MAX_LEFT_SHOULDER_BARE = 0.12;

describe('tops on the shoulders the camera picture shows (issue 14, mirror clip frame 60)', () => {
  for (const { product, mode, maxSideBare } of CASES) {
    it(`the ${product} (${mode}) covers his T-shirt at the top of both shoulders, and no less down his side`, { timeout: 180_000 }, async () => {
      const run = await tryOnStill(frame60, product, mode, tmp, path.join(tmp, 'data'));
      if ('error' in run) expect.fail(run.error);
      const side: Side = 'right';
      const s = shoulderBare(run.mask, tee, person.widthPx, person.heightPx, person.landmarksPx, side);
      const t = torsoSideBare(run.mask, tee, person.widthPx, person.heightPx, person.landmarksPx, side);
      console.log(`frame 60, ${product} ${mode}, right shoulder: ${s.barePx} of ${s.personPx} T-shirt pixels bare (${(100 * s.bare).toFixed(1)} %); right side: ${t.barePx} of ${t.personPx} (${(100 * t.bare).toFixed(1)} %)`);
      expect(s.personPx, 'the band holds his shoulder').toBeGreaterThan(1000);
      expect(s.bare).toBeLessThan(MAX_RIGHT_SHOULDER_BARE);
      expect(t.bare).toBeLessThan(maxSideBare);
      expect(shoulderBare(run.mask, tee, person.widthPx, person.heightPx, person.landmarksPx, 'left').bare).toBeLessThan(MAX_LEFT_SHOULDER_BARE);
    });
  }
});
