/**
 * A sharply bent elbow: on the mirror clip the runner holds his fists at his chest, his forearm folded up against his
 * upper arm (frame 96: a 150° turn at his right elbow); in COCO 459 a man holds a camera up to his face. A 2D long sleeve is one strip along the arm, and on a bend's
 * inner side it was squeezed inside the bend's radius so its cells could not fold; at such a bend that left an
 * almond of his bare arm showing through the crook of the sleeve. The strip's inner side now runs to where the upper
 * arm's and the forearm's inner edges meet (src/renderer/garment/limb.ts). Drawn by the real CLI (`atelier tryon
 * --mask`, size M; needs `npm run build` and ../shared/media/mirror_run.mp4, fails without them); measured on the
 * picture: his person-mask pixels in the crook's triangle the garment leaves bare (scripts/fit/arm-coverage.ts
 * `crookBare`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { crookBare, elbowAngleDeg, type Side } from '../../scripts/fit/arm-coverage';
import { trackClip } from '../../scripts/fit/clip-bodies';
import { REPO } from '../../scripts/fit/measure-clip';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStills, type TrackedStill } from '../helpers/mirror-still';

const COCO_459 = path.resolve(REPO, '../shared/media/COCO_val2014_000000000459.jpg');
const PRODUCTS = ['shirt-oxford', 'shirt-gingham', 'jacket-denim'];
/**
 * The most of the arm in the crook a sleeve may leave bare. Main (9f293d8): mirror frame 96 (his right elbow at 29°)
 * oxford / gingham / denim 36.2 / 36.2 / 36.6 %, COCO 459 (a man holding a camera up, his left elbow at 57°) 47.2 /
 * 47.2 / 41.3 %; now 0 % in all six.
 */
const MAX_BARE = 0.03;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-crook-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('a long sleeve on a sharply bent arm covers the crook of the elbow (mirror clip and a photo, 2D)', { timeout: 300_000 }, async () => {
  expect(existsSync(COCO_459), `${COCO_459} is missing (the test media belong in ../shared/media)`).toBe(true);
  const mirror96 = path.join(tmp, 'mirror96.png');
  const stills = await mirrorStills([96], () => mirror96);
  let coco: TrackedStill | undefined;
  for await (const f of trackClip(COCO_459)) coco = f as TrackedStill;
  expect(coco?.landmarksPx && coco.mask, 'COCO 459: nobody found').toBeTruthy();
  const cases: Array<{ name: string; picture: string; person: TrackedStill; side: Side }> = [
    { name: 'mirror 96', picture: mirror96, person: stills.get(96)!, side: 'right' },
    { name: 'COCO 459', picture: COCO_459, person: coco!, side: 'left' },
  ];
  const failures: string[] = [];
  for (const { name, picture, person, side } of cases) {
    const angle = elbowAngleDeg(person.landmarksPx, side);
    expect(angle, `${name}: the ${side} elbow is bent sharply`).toBeLessThan(60);
    for (const product of PRODUCTS) {
      const run = await tryOnStill(picture, product, '2d', tmp, path.join(tmp, 'data'));
      if ('error' in run) expect.fail(run.error);
      const c = crookBare(run.mask, person.mask, person.widthPx, person.heightPx, person.landmarksPx, side);
      const share = c.barePx / Math.max(1, c.personPx);
      console.log(`${name}, ${product} 2D, ${side} elbow at ${angle.toFixed(0)}°: ${c.barePx} of ${c.personPx} px of the arm in the crook bare (${(100 * share).toFixed(1)} %)`);
      expect(c.personPx, `${name}: the arm fills the crook`).toBeGreaterThan(200);
      if (share >= MAX_BARE) failures.push(`${name} ${product}: ${(100 * share).toFixed(1)} % bare`);
    }
  }
  expect(failures).toEqual([]);
});
