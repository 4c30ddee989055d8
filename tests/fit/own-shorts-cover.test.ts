/**
 * A 2D bottom shorter than the shopper's own shorts (Bermudas an inch above the knee, a pleated mini skirt) over the
 * runner of the mirror clip, whose loose grey shorts end at his knees: before this check, a band of his own shorts
 * showed under the garment's hem on every frame (4–9 cm of grey under the Bermudas). The mirror now reads where his
 * shorts end (src/shared/own-leg-hems.ts) and covers them below the garment with his legs and the room
 * (src/renderer/scene/own-hem-cover-layer.ts).
 *
 * Measured on the camera picture: his shorts are found in the raw frame (scripts/fit/own-clothes.ts: the person's
 * colourless pixels from the hip line to just below the knees); of those the garment does not cover (its coverage
 * mask from `atelier tryon --mask`), the share still colourless grey in the composite is what shows of them. The
 * composites are written to test-results/fit/own-shorts-*.png (looked at: his legs go on up under the hems).
 *
 * On those bare legs, at the kiosk's size, the Bermudas' contact shadow showed as whiskers: checked last.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../../scripts/fit/measure-clip';
import { findOwnClothes, MAX_CHROMA } from '../../scripts/fit/own-clothes';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { coverFit } from '../../src/shared/cover-fit';
import { PoseLandmark as L } from '../../src/shared/pose';
import { mirrorStills, type TrackedStill } from '../helpers/mirror-still';

const FRAMES = [40, 60, 110];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-own-shorts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const frameFile = (i: number): string => path.join(tmp, `mirror${i}.png`);
const people = new Map<number, TrackedStill>();

beforeAll(async () => {
  for (const [frame, still] of await mirrorStills(FRAMES, frameFile)) people.set(frame, still);
}, 180_000);

/**
 * Of his shorts left uncovered by the garment (the thighs' lower half), at most this share still shows grey.
 * Measured with the cover: Bermudas 1.8, 2.0, 3.7 %, the pleated skirt 0.5, 0.5, 1.9 % on frames 40, 60, 110 (what
 * stays: a pixel-wide fleck of the shorts' blurred edge off the person mask, the dark crotch shadow between the
 * legs); with the layer off: 100 % and 99.6–99.7 %.
 */
const MAX_SHOWING = 0.06;
/** The band under the hem the check is about: at least this many of his shorts' pixels left uncovered by the garment. */
const MIN_EXPOSED_PX = 500;
/** Below the band (his shins and the floor), the composite is the camera picture: mean |difference| per channel under this. */
const MAX_SHIN_CHANGE = 1.5;

describe('his own shorts under a shorter 2D bottom (mirror clip)', () => {
  for (const product of ['shorts-bermuda', 'skirt-pleated']) {
    it(`${product}: his shorts do not show under its hem; his shins are the camera's`, { timeout: 300_000 }, async () => {
      mkdirSync(path.join(REPO, 'test-results/fit'), { recursive: true });
      for (const frame of FRAMES) {
        const person = people.get(frame)!;
        const { widthPx: W, heightPx: H, rgba } = person;
        const run = await tryOnStill(frameFile(frame), product, '2d', tmp, path.join(tmp, 'data'));
        if ('error' in run) throw new Error(`frame ${frame}: ${run.error}`);
        const composite = path.join(tmp, `mirror${frame}-${product}-2d.png`);
        copyFileSync(composite, path.join(REPO, `test-results/fit/own-shorts-${product}-${frame}.png`));
        const { data: shown, info } = await sharp(composite).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([W, H]);
        const own = findOwnClothes(rgba, person.mask, person.landmarksPx, W, H);
        // Only the thighs' lower half: above it the garment covers them, and the shorts' region there takes in his own
        // T-shirt redrawn over the waistband.
        const thighsFrom = Math.round((own.hipYPx + own.kneeYPx) / 2) * W;
        let exposed = 0;
        let showing = 0;
        for (let k = 0; k < W * H; k++) {
          if (k < thighsFrom || !own.shorts[k] || run.mask[k]! >= 128) continue;
          exposed++;
          const r = shown[3 * k]!;
          const g = shown[3 * k + 1]!;
          const b = shown[3 * k + 2]!;
          if (Math.max(r, g, b) - Math.min(r, g, b) <= MAX_CHROMA) showing++;
        }
        // The shins: from a sixth of the way down knee → ankle (below any band's fill row) to the ankles.
        const from = Math.round(own.kneeYPx + (own.ankleYPx - own.kneeYPx) / 6);
        let change = 0;
        let n = 0;
        for (let y = from; y < Math.min(H, Math.round(own.ankleYPx)); y++) {
          for (let x = 0; x < W; x++) {
            const k = y * W + x;
            if (run.mask[k]! >= 128) continue;
            for (let c = 0; c < 3; c++) change += Math.abs(shown[3 * k + c]! - rgba[4 * k + c]!);
            n += 3;
          }
        }
        console.log(`${product} frame ${frame}: ${showing} of ${exposed} uncovered shorts px still grey (${((100 * showing) / Math.max(exposed, 1)).toFixed(1)} %); shins changed ${(change / Math.max(n, 1)).toFixed(2)} per channel`);
        expect(exposed, `frame ${frame}: his shorts left uncovered by the garment`).toBeGreaterThan(MIN_EXPOSED_PX);
        expect(showing / exposed, `frame ${frame}: his shorts showing grey`).toBeLessThan(MAX_SHOWING);
        expect(change / n, `frame ${frame}: the shins changed`).toBeLessThan(MAX_SHIN_CHANGE);
      }
    });
  }
});

/** The kiosk's screen. */
const DISPLAY = { widthPx: 1080, heightPx: 1920 };
/** Clip cm per camera pixel (the runner's body scale). */
const CM_PER_PX = 0.19;
/** A pixel this many levels of luma darker than its column's median over ± 0.6 cm is a line across the column. */
const DIP_LEVELS = 4;
/**
 * Of the pixels 0.4–2.5 cm under each Bermuda leg's hem (± 5 cm of the knee's line) at the kiosk's size, at most this
 * share are such lines. Under the hem his leg is the cover's fill, one row carried up the thigh, so down a column
 * it changes only as the contact shadow fades. Measured on frames 40, 60, 110: 1.7, 2.5, 2.0 % (the wooden wall's
 * grain, a fleck of the shorts' edge at the band's side); with the shadow's blur level taken from each fragment's own
 * uv derivatives (whiskers fanning out under the hem) 5.5, 5.6, 4.2 %.
 */
const MAX_DIPS = 0.035;

describe('the contact shadow under the Bermudas’ hems on his bare legs, at the kiosk’s size', () => {
  it('is a smooth shade, without whiskers', { timeout: 300_000 }, async () => {
    for (const frame of FRAMES) {
      const person = people.get(frame)!;
      const { widthPx: W, heightPx: H } = person;
      const run = await tryOnStill(frameFile(frame), 'shorts-bermuda', '2d', tmp, path.join(tmp, 'data'));
      if ('error' in run) throw new Error(`frame ${frame}: ${run.error}`);
      const out = path.join(tmp, `kiosk${frame}.png`);
      const cli = spawnSync(process.execPath, [
        path.join(REPO, 'bin/atelier.mjs'), '--data-dir', path.join(tmp, 'data'), '--ep', 'cpu',
        'tryon', frameFile(frame), '--product', 'shorts-bermuda', '--size', 'M', '--display', `${DISPLAY.widthPx}x${DISPLAY.heightPx}`, '-o', out,
      ], { encoding: 'utf8' });
      expect(cli.status, cli.stderr).toBe(0);
      copyFileSync(out, path.join(REPO, `test-results/fit/own-shorts-kiosk-${frame}.png`));
      const { data: c } = await sharp(out).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const luma = (x: number, y: number): number => {
        const i = 3 * (y * DISPLAY.widthPx + x);
        return 0.2126 * c[i]! + 0.7152 * c[i + 1]! + 0.0722 * c[i + 2]!;
      };
      const v = coverFit(W, H, DISPLAY.widthPx, DISPLAY.heightPx);
      const s = DISPLAY.widthPx / v.widthPx;
      const px = (cm: number): number => Math.round((cm / CM_PER_PX) * s);
      const lm = person.landmarksPx;
      let band = 0;
      let dips = 0;
      for (const [hip, knee] of [[L.leftHip, L.leftKnee], [L.rightHip, L.rightKnee]] as const) {
        const kneeX = Math.round((lm[2 * knee]! - v.xPx) * s);
        for (let x = kneeX - px(5); x <= kneeX + px(5); x++) {
          // The hem in this column: the garment's last row between the hip and just below the knee (its coverage).
          const cx = Math.floor(v.xPx + x / s);
          let hemCam = -1;
          for (let y = Math.round(lm[2 * hip + 1]!); y < Math.min(H, Math.round(lm[2 * knee + 1]! * 1.1)); y++) if (run.mask[y * W + cx]! >= 128) hemCam = y;
          if (hemCam < 0) continue;
          const hemY = Math.round((hemCam + 1 - v.yPx) * s);
          for (let y = hemY + px(0.4); y <= Math.min(DISPLAY.heightPx - 1 - px(0.6), hemY + px(2.5)); y++) {
            const column: number[] = [];
            for (let dy = -px(0.6); dy <= px(0.6); dy++) column.push(luma(x, y + dy));
            column.sort((a, b) => a - b);
            band++;
            if (luma(x, y) < column[column.length >> 1]! - DIP_LEVELS) dips++;
          }
        }
      }
      console.log(`frame ${frame}, under the Bermudas' hems at 1080 × 1920: ${dips} of ${band} px ${DIP_LEVELS}+ levels under their column's median (${((100 * dips) / Math.max(band, 1)).toFixed(1)} %)`);
      expect(band, `frame ${frame}: pixels under the hems measured`).toBeGreaterThan(5000);
      expect(dips / band, `frame ${frame}: lines across the shade under the hems`).toBeLessThan(MAX_DIPS);
    }
  });
});
