/**
 * Issue 13, point 7: garments measured against the person's own clothes on the mirror clip, through the real CLI
 * (`atelier tryon --mask`, built: `npm run build`). Every 6th frame of the 171 (29 frames: 0, 6, …, 168) is rendered
 * and measured — the whole clip takes minutes on a 2-core CI machine; all frames are still tracked, as the mirror
 * does. `npm run fit:report` prints the same figures for every demo garment.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { misses, summarise, THRESHOLDS, type FitKind, type FitThresholds } from '../../scripts/fit/fit-metrics';
import { clipClothes, measureMasks, MIRROR_CLIP, REPO, runTryOn, type ClipFrame } from '../../scripts/fit/measure-clip';

const STEP = 6;
/**
 * Every case is worn in size M (`--size`): the figures measure the fit at one fixed size, whatever size the size
 * advice gives the clip's person (without `--size`, tryon wears the advised size: XS, "between XS and M", on this clip).
 */
const SIZE = 'M';
const OVERLAY_FRAMES = [60, 120];
const OUT = path.join(REPO, 'test-results/fit');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-fit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let frames: Map<number, ClipFrame>;
beforeAll(async () => {
  expect(existsSync(MIRROR_CLIP), `${MIRROR_CLIP} is missing (the test media belong in ../shared/media)`).toBe(true);
  expect(existsSync(path.join(REPO, 'out/renderer/tryon/render-page.html')), 'the app is not built (npm run build)').toBe(true);
  frames = await clipClothes(MIRROR_CLIP, STEP, OVERLAY_FRAMES);
}, 120_000);

/**
 * Each case is checked against the issue's thresholds, except where the garment does not meet them yet: there a
 * regression floor just under today's measured figure (2026-12-01, size M) keeps it from getting worse, and the test
 * prints how far it is from the issue's target. Those misses are reported on issue 13; raise a floor when the fit
 * improves, and drop it once the target is met.
 */
/**
 * A 3D dress's skirt encloses his shorts from the hips down (garment3d/torso-sides-3d.ts, the 2D skirts' rule), on
 * every frame: at most this share of them above its hem bare. Before (9454e21) the skirt hung at its cut below the hip
 * joints and his shorts showed beside it: the slip over 1 % on 16 of the 29 frames (worst 4.9 %), the tea dress on 6
 * (worst 2.3 %); since, 0.57 % at worst for both.
 */
const MAX_SHORTS_BARE_ANY_FRAME = 0.01;

const CASES: Array<{ productId: string; mode: '2d' | '3d'; kind: FitKind; floor?: Partial<FitThresholds>; enclosesShorts?: boolean }> = [
  // Measured 0.84 / 0.77 (0.77 / 0.69 at the last stop against the same reference): the tee is drafted from FreeSewing's
  // Teagan at size M (set-in sleeves, its own neckline), and the front of a top is foreshortened where it curves over
  // the shoulder (rig.ts FRONT_DROP_OF_ARMHOLE), so its hem no longer hangs ≈ 4 cm low: the issue's thresholds hold.
  { productId: 'tee-everyday', mode: '2d', kind: 'top' },
  // Measured 0.84 / 0.78 (0.81 / 0.74 at the last stop): the drafted tee's GLB hung at build time, cut to Teagan's
  // lengths with its hem where Teagan ends it on the sample body (docs/garment-3d.md), its front width from the chest
  // (÷ 2.8, as in 2D), the shoulder seam from the garment, and the fist redrawn over 3D cloth.
  { productId: 'tee-everyday', mode: '3d', kind: 'top' },
  // Measured 0.74 / 0.68 (2026-12-03): the oxford hung at build time, cut to Simon (docs/garment-3d.md). Measured
  // against a T-shirt it cannot meet the tee's target: its long sleeves cover his bare forearms and it is worn longer
  // (its hem 4.5 % of his height under his T-shirt's, median; Simon's is 5.8 cm under Teagan's below the waist). The
  // floor keeps the hem and sides from drifting (a sanity check, not the goal). With its sleeves drawn over a forearm
  // bent toward the camera (long-sleeves.ts; before, the occluder painted his bare forearm over them) the sleeves cover
  // more of what is not his T-shirt: 0.705 / 0.646 (2026-12-03, merged).
  { productId: 'shirt-oxford', mode: '3d', kind: 'top', floor: { teeIoUMedian: 0.69, teeIoUMin: 0.63 } },
  // Drafted from Titan with a slim tapered leg (2026-12-02): 0.94 of the shorts covered, hems 0.01 of body height from
  // the ankles (drawn: 0.96, 0.01). Before: 0.96 covered (was 0.87), hems 0.01 from the ankles: the legs hang at least
  // from the shopper's hip joints and meet at the crotch (no gap under the seat), the waistband under his own T-shirt,
  // and from the seat to the knee each leg encloses what the person mask shows of his leg (his baggy shorts are wider
  // than a slim chino's chart width: trousers worn over them cannot be narrower), hanging straight down from the
  // widest of it, then back to its own cut by the hem.
  { productId: 'chino-slim', mode: '2d', kind: 'trousers' },
  // The demo shorts, drafted from Titan cut 1 in above the knee (size M: 30 cm inseam, 41 cm leg opening): measured
  // IoU 0.78 with the shopper's shorts, 0.91 of them covered (2026-12-02; drawn with a 28 cm inseam: 0.77 / 0.92).
  // Before that: IoU 0.76 (was 0.68;
  // 0.93 of them covered, was 0.84, since the legs enclose his own shorts' silhouette, hanging straight from its widest):
  // their waistband is under his own untucked T-shirt (the occluder's own-top region), the legs meet at the crotch and
  // narrow to the chart's leg opening at the hem; his own shorts reach his knees (a Bermuda ends ≈ 4 cm above).
  { productId: 'shorts-bermuda', mode: '2d', kind: 'shorts' },
  // Drafted from Titan with a slim tapered leg (2026-12-02): 0.96 of the shorts covered, hems 0.04 of body height from
  // the ankles (drawn: 0.92, 0.04). Before: 0.92 of the shorts covered (was 0.86: the legs now hang from the garment's seat, not from the
  // shopper's narrower hip joints), hems 0.036 of body height from the ankles (an 83 cm inseam gathers at the shoe).
  { productId: 'chino-slim', mode: '3d', kind: 'trousers' },
  { productId: 'dress-floral', mode: '2d', kind: 'dress' },
  // Skirts worn over his baggy shorts enclose them (rig.ts → skirt-silhouette.ts): the shorts covered down to the
  // skirt's hem (fit-metrics.ts `shortsCoveredAboveHem`; a mini ends above his shorts' hem). Measured 2026-12-02, size M
  // (`npm run fit:report -- --size M --mode 2d --products …`): A-line 0.97 (off the person 0.24: its flare), pencil
  // 0.845, pleated mini 0.89. The pencil then came back to its rest hem width below the shorts (a cut corner); hanging
  // plumb below what it encloses (skirt-silhouette.ts, 2026-12-02) it covers 0.98 and meets the target. Where they miss (frame 120 of the clip, where the still renders enclose the shorts), not
  // yet diagnosed: likely the scan's reach (one hip-joint spacing from the leg's centre line, as for trousers; his
  // BlazePose hip joints are ≈ 15 cm apart and his shorts stand out further on one side: that side keeps its cut),
  // or the smoothed landmarks lagging the running legs against the newest mask.
  { productId: 'skirt-aline', mode: '2d', kind: 'skirt' },
  { productId: 'skirt-pencil', mode: '2d', kind: 'skirt' },
  { productId: 'skirt-pleated', mode: '2d', kind: 'skirt', floor: { skirtShortsCovered: 0.87 } },
  // A dress must cover the T-shirt's torso below the armpits (a slip dress has straps, no sleeves or shoulders:
  // fit-metrics.ts `torsoCovered`) and the shorts. Measured: hem 0.89 of knee→ankle (was 1.08: the skirt, hanging
  // below the knees, is drawn at the scale the picture shows the legs at, ≈ 1.1 × the body's cm/px on this clip —
  // renderer/garment3d/region-scale.ts), shorts 0.89, torso 0.767. It was 0.78 while the V neckline was a level top
  // row dropped below the row under it: the front folded over itself and covered part of the V with its own inside
  // (a ragged edge; model3d.ts `bodice` now cuts the V into the cloth). What is left uncovered: the V (7 cm deep),
  // the band between the armpits and the bodice's top edge (3 cm under the underarm), and the sides — a women's M
  // bodice (88 cm chest, 76 cm waist, as fitted as the body) across this man's loose T-shirt; the waist and hips,
  // on the hips' bone, drawn at the skirt's scale (without it 0.776, but the hem then falls past the ankles).
  // Drafted from Bella made a slip, its skirt a tube round both legs hanging from the hips (2026-12-02): torso 0.849
  // covered, shorts 0.96, hem 0.87 of knee→ankle — the issue 13.7 target, so no floor.
  { productId: 'dress-slip', mode: '3d', kind: 'dress', enclosesShorts: true },
  { productId: 'dress-floral', mode: '3d', kind: 'dress', enclosesShorts: true },
];

describe('measured fit on the mirror clip (issue 13.7 thresholds, regression floors where not met yet)', () => {
  it('the person is found in every measured frame', () => {
    expect([...frames.keys()]).toEqual(Array.from({ length: Math.ceil(171 / STEP) }, (_, k) => k * STEP));
  });

  for (const c of CASES) {
    it(`${c.productId} (${c.mode}) fits the person's own clothes`, { timeout: 400_000 }, async () => {
      const run = await runTryOn({ clip: MIRROR_CLIP, productId: c.productId, mode: c.mode, step: STEP, outDir: tmp, dataDir: path.join(tmp, 'data'), extra: ['--size', SIZE] });
      expect(run.code, run.stderr).toBe(0);
      const fits = await measureMasks(frames, run.maskDir, OUT, `${c.productId}-${c.mode}`);
      const summary = summarise(fits);
      console.log(`${c.productId} ${c.mode}: ${JSON.stringify(summary)}`);
      if (c.floor) {
        const target = misses(c.kind, summary);
        console.log(`${c.productId} ${c.mode}: issue 13.7 target ${target.length ? `missed: ${target.join('; ')}` : 'met: drop the floor'}`);
        expect(misses(c.kind, summary, { ...THRESHOLDS, ...c.floor })).toEqual([]);
      } else {
        expect(misses(c.kind, summary)).toEqual([]);
      }
      if (c.enclosesShorts) {
        const bare = fits.filter((f) => 1 - f.shortsCoveredAboveHem > MAX_SHORTS_BARE_ANY_FRAME).map((f) => `${f.frame}: ${(100 * (1 - f.shortsCoveredAboveHem)).toFixed(1)} %`);
        expect(bare, 'frames showing his shorts beside the skirt').toEqual([]);
      }
    });
  }
});
