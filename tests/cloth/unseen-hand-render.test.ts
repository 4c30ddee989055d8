/**
 * A hand the pose puts in front of the body but the picture does not show: on `video.avi`'s frame 20 a woman stands
 * with her back to the camera, her arms round a friend; BlazePose (static, as the CLI tracks a picture) puts her left
 * hand 38 cm in front of her shoulder, over her back. The occluder redrew the camera picture inside that hand's and
 * forearm's capsules wherever the colour key said "not her top" — with the hand's samples on her blue jacket, the
 * jacket itself — and cut a hole through the worn garment's back. A hand's key now needs a sample that can be skin
 * (occlusion-regions.ts `isSkinLike`); the fists in front of the runner's T-shirt on the mirror clip still are
 * (tests/fit/hand-occluder.test.ts). The 3D garment's arm stand-ins (depth-only, body-stand-ins.ts) cut the same hole
 * and follow the same rule (unseen-hands.ts). Needs `npm run build` and ../shared/media/video.avi; fails without them.
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
import { armInFront, createOcclusionRegions, occlusionRegions } from '../../src/renderer/scene/occlusion-regions';

const STREET = path.resolve(REPO, '../shared/media/video.avi');
const FRAME = 20;
const SIZE = { widthPx: 1280, heightPx: 720 };

const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-unseen-hand-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Pixels inside capsules `first`, `first + 1` (forearm, hand) that the garment leaves bare although it covers the
 * same row on both sides of them: a hole through the garment, not its edge.
 */
function holePx(garment: Uint8Array, widthPx: number, capsules: Float32Array, radiiPx: Float32Array, first: number): { holePx: number; insidePx: number } {
  let hole = 0;
  let inside = 0;
  for (const c of [first, first + 1]) {
    const [ax, ay, bx, by] = capsules.subarray(4 * c, 4 * c + 4) as unknown as number[];
    const r = radiiPx[c]!;
    if (!(r > 0)) continue;
    for (let y = Math.floor(Math.min(ay!, by!) - r); y <= Math.ceil(Math.max(ay!, by!) + r); y++) {
      const row = y * widthPx;
      for (let x = Math.floor(Math.min(ax!, bx!) - r); x <= Math.ceil(Math.max(ax!, bx!) + r); x++) {
        const abx = bx! - ax!;
        const aby = by! - ay!;
        const t = Math.max(0, Math.min(1, ((x - ax!) * abx + (y - ay!) * aby) / (abx * abx + aby * aby || 1)));
        if (Math.hypot(x - ax! - t * abx, y - ay! - t * aby) >= r) continue;
        let left = false;
        let right = false;
        for (let k = x - 1; k >= 0 && !left; k--) left = garment[row + k]! >= 128;
        for (let k = x + 1; k < widthPx && !right; k++) right = garment[row + k]! >= 128;
        if (!left || !right) continue;
        inside++;
        if (garment[row + x]! < 128) hole++;
      }
    }
  }
  return { holePx: hole, insidePx: inside };
}

it('a hand the pose puts in front of a turned back cuts no hole through the 2D or the 3D garment', { timeout: 300_000 }, async () => {
  expect(existsSync(STREET), `${STREET} is missing (the test media belong in ../shared/media)`).toBe(true);
  const still = path.join(tmp, 'street20.png');
  let i = 0;
  for await (const rgba of streamVideoFrames(STREET, SIZE, FRAME + 1)) {
    if (i++ === FRAME) await sharp(rgba, { raw: { width: SIZE.widthPx, height: SIZE.heightPx, channels: 4 } }).png().toFile(still);
  }
  const person = await trackPicture(still);
  expect(person?.worldM, 'nobody tracked on the street frame').toBeTruthy();
  // The case: her back to the camera (her left shoulder on the picture's left) and her left arm taken as in front.
  const lm = person!.landmarksPx;
  expect(lm[2 * 11]!, 'her back is to the camera').toBeLessThan(lm[2 * 12]!);
  expect(armInFront('left', lm, person!.worldM), 'the pose puts her left arm in front').toBe(true);
  const regions = createOcclusionRegions();
  occlusionRegions(lm, person!.worldM, regions);

  // Main: 2D 285 of 555 px bare (a hole the size of a fist through her back: the occluder), 3D 521 (the arm's
  // depth-only stand-ins).
  const holes = [];
  for (const mode of ['2d', '3d']) {
    const run = await tryOnStill(still, 'tee-everyday', mode, tmp, path.join(tmp, 'data'));
    if ('error' in run) expect.fail(run.error);
    const h = holePx(run.mask, SIZE.widthPx, regions.capsules, regions.radiiPx, 0);
    console.log(`street frame ${FRAME}, tee ${mode}: ${h.holePx} of ${h.insidePx} px inside the garment bare in her left arm's capsules`);
    holes.push({ mode, ...h });
  }
  for (const { mode, holePx: hole, insidePx } of holes) {
    expect(insidePx, `${mode}: the garment spans her left arm's capsules`).toBeGreaterThan(300);
    expect(hole / insidePx, mode).toBeLessThan(0.02);
  }
});
