/**
 * Issue 14: on the mirror clip's frame 60 (the runner's arms hanging and swinging) the 3D tops sat low on his
 * shoulders: a sliver of his own white T-shirt showed above and outside the garment's shoulder line. The yoke's cloth
 * outside the shoulder joint was skinned a third to the upper arm, so every hanging arm (70–90° down from the bind
 * T-pose) pulled the shoulder's tip down with it; it now rides on the clavicle, which stays on the chest unless the
 * arm is raised above the shoulder line (src/core/demo/model3d.ts `shoulderWeights`, pose-solver.ts `clavicle`).
 * Drawn by the real CLI (`atelier tryon --mode 3d --mask`, built: `npm run build`, `atelier demo build`); measured on
 * the camera picture: the engine's person mask above the shoulder line round each shoulder that the garment leaves
 * bare (scripts/fit/arm-coverage.ts `shoulderBare`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoulderBare, type Side } from '../../scripts/fit/arm-coverage';
import type { TrackedFrame } from '../../scripts/fit/clip-bodies';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStill } from '../helpers/mirror-still';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-shoulder3d-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const frame60 = path.join(tmp, 'frame60.png');
let person: TrackedFrame;
beforeAll(async () => {
  person = await mirrorStill(60, frame60);
}, 180_000);

/** Bare share of the person above the shoulder line round each shoulder, before → after: see the numbers below. */
const MAX_BARE = 0.29;

describe('the 3D tops on the shopper\'s shoulders (issue 14, mirror clip frame 60)', () => {
  for (const product of ['shirt-oxford', 'tee-everyday']) {
    it(`the ${product} covers the top of both shoulders with the arms hanging`, { timeout: 180_000 }, async () => {
      const run = await tryOnStill(frame60, product, '3d', tmp, path.join(tmp, 'data'));
      if ('error' in run) expect.fail(run.error);
      const m = { data: run.mask, widthPx: person.widthPx, heightPx: person.heightPx };
      for (const side of ['left', 'right'] as Side[]) {
        const s = shoulderBare(m.data, person.mask!, m.widthPx, m.heightPx, person.landmarksPx!, side);
        console.log(`frame 60, ${product}, ${side} shoulder: ${s.barePx} of ${s.personPx} person pixels bare (${(100 * s.bare).toFixed(1)} %), top ${s.topGapPx} px above the garment's`);
        expect(s.personPx, 'the band holds his shoulder').toBeGreaterThan(1000);
        expect(s.bare).toBeLessThan(MAX_BARE);
      }
    });
  }
});
