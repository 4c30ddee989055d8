/**
 * Issue 15: on the mirror clip his own white T-shirt showed down the sides of the 2D tops, between the garment's torso
 * and his arm, from the armpit to the hem: the torso hung at its chart width, its side seam inside his silhouette. The
 * seam now lands on the person mask's side row by row (src/renderer/garment/torso-sides.ts). Drawn by the real CLI
 * (`atelier tryon --mask`, built: `npm run build`); measured on the camera picture: his T-shirt's pixels
 * (scripts/fit/own-clothes.ts) in the side bands the garment leaves bare (`torsoSideBare`), and the background in
 * those bands it covers (`torsoSideOverBackground`: the room between an arm and the torso stays open).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Side } from '../../scripts/fit/arm-coverage';
import { findOwnClothes } from '../../scripts/fit/own-clothes';
import { torsoSideBare, torsoSideOverBackground } from '../../scripts/fit/torso-sides';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStill } from '../helpers/mirror-still';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-torso-sides-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Main (1e5367c) left his right side (the picture's left) bare by 2.2 % (oxford, frame 60), 4.1 % (tee, 60), 2.3 %
 * (oxford, 120), 2.9 % (tee, 120) of his T-shirt there; this change: 0.1, 0.1, 0.1, 0.0 %. His left side was
 * 0.0–1.0 % and is no worse.
 */
const MAX_SIDE_BARE = 0.01;
const MAX_LEFT_SIDE_BARE = 0.012;
/**
 * Background pixels main's garments covered in each side band (right, left; on the left mostly the sleeve beside his
 * arm, which this change does not move), by frame and product; this change: frame 60 oxford 8 / 1450, tee 1 / 811,
 * frame 120 oxford 30 / 1134, tee 51 / 556.
 */
const MAIN_BACKGROUND_PX: Record<string, readonly [number, number]> = {
  '60 shirt-oxford': [0, 1446],
  '60 tee-everyday': [0, 762],
  '120 shirt-oxford': [24, 1104],
  '120 tee-everyday': [0, 542],
};
/**
 * More background a side may cover than main's: under 0.4 px a row of the ≈ 200-row band, the seam's antialiased edge
 * laid on the mask's edge (read where it crosses one half) — not the room between an arm and his side (15–25 px a row).
 */
const MAX_EXTRA_BACKGROUND_PX = 80;

describe('2D tops cover his T-shirt down both sides and leave the room beside him open (issue 15, mirror clip)', () => {
  for (const frame of [60, 120]) {
    it(`frame ${frame}: the oxford and the tee`, { timeout: 300_000 }, async () => {
      const still = path.join(tmp, `frame${frame}.png`);
      const person = await mirrorStill(frame, still);
      const tee = findOwnClothes(person.rgba, person.mask, person.landmarksPx, person.widthPx, person.heightPx).tee.map((t) => (t ? 255 : 0));
      for (const product of ['shirt-oxford', 'tee-everyday']) {
        const run = await tryOnStill(still, product, '2d', tmp, path.join(tmp, 'data'));
        if ('error' in run) expect.fail(run.error);
        for (const side of ['right', 'left'] as Side[]) {
          const t = torsoSideBare(run.mask, tee, person.widthPx, person.heightPx, person.landmarksPx, side);
          const b = torsoSideOverBackground(run.mask, person.mask, person.widthPx, person.heightPx, person.landmarksPx, side);
          console.log(`frame ${frame}, ${product}, ${side} side: ${t.barePx} of ${t.personPx} T-shirt pixels bare (${(100 * t.bare).toFixed(1)} %); background covered ${b.coveredPx} of ${b.backgroundPx} px`);
          expect(t.personPx, 'the band holds his side').toBeGreaterThan(5000);
          expect(t.bare, `${product} ${side}`).toBeLessThan(side === 'right' ? MAX_SIDE_BARE : MAX_LEFT_SIDE_BARE);
          const main = MAIN_BACKGROUND_PX[`${frame} ${product}`]![side === 'right' ? 0 : 1];
          expect(b.coveredPx, `${product} ${side}: background covered`).toBeLessThanOrEqual(main + MAX_EXTRA_BACKGROUND_PX);
        }
      }
    });
  }
});
