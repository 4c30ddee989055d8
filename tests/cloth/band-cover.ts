/**
 * The render tests of a top's edges on the shopper's outline (torso-sides-render, torso-sides3d-render,
 * sleeve-sides-render, sleeve-sides3d-render, dress-waist-render): the CLI (`atelier tryon --mask`, built: `npm run build`) puts the oxford and the tee (or the garments given) on mirror frames 60 and 120 (or those given); in a band
 * on each side of him, his own T-shirt's pixels the garment leaves bare must stay under a bound, and the background
 * it covers no more than main's plus a margin (the room beside him stays open).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Side } from '../../scripts/fit/arm-coverage';
import { findOwnClothes } from '../../scripts/fit/own-clothes';
import { tryOnStill } from '../../scripts/fit/tryon-still';
import { mirrorStill } from '../helpers/mirror-still';

type BandArgs = [garment: Uint8Array, region: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>, side: Side];

export interface BandCover {
  /** The describe block's title, and what a band is called in the log ("side", "arm"). */
  title: string;
  band: string;
  /** His T-shirt's pixels in the band (`region`: the T-shirt) the garment leaves bare. */
  bare: (...a: BandArgs) => { barePx: number; personPx: number; bare: number };
  /** The background in the band (`region`: the person mask) the garment covers. */
  over: (...a: BandArgs) => { coveredPx: number; backgroundPx: number };
  /** The band must hold at least this many of his pixels (it is measured where he is). */
  minPersonPx: number;
  /** The most of his T-shirt left bare in a band, by `${frame} ${product}` and side (right, left). */
  maxBare: (key: string, side: Side) => number;
  /** Background main's garment covered in each band (right, left), by `${frame} ${product}`. */
  mainBackgroundPx: Record<string, readonly [number, number]>;
  /**
   * More background a band may cover than main's (the cloth's antialiased edge on the mask's edge); by `${frame}
   * ${product}` and side where it differs (negative: less than main's, where a change took cloth off the room).
   */
  maxExtraBackgroundPx: number | ((key: string, side: Side) => number);
  /** The tops' rig: the 2D garments (default) or the 3D ones. */
  mode?: '2d' | '3d';
  /** The garments put on: the oxford and the tee unless given. */
  products?: readonly string[];
  /** The mirror clip's frames they are put on: 60 and 120 unless given. */
  frames?: readonly number[];
}

export function describeBandCover(spec: BandCover): void {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-band-cover-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  describe(spec.title, () => {
    for (const frame of spec.frames ?? [60, 120]) {
      const products = spec.products ?? ['shirt-oxford', 'tee-everyday'];
      it(`frame ${frame}: ${products.join(', ')}`, { timeout: 300_000 }, async () => {
        const still = path.join(tmp, `frame${frame}.png`);
        const person = await mirrorStill(frame, still);
        const { widthPx, heightPx, landmarksPx } = person;
        const tee = findOwnClothes(person.rgba, person.mask, landmarksPx, widthPx, heightPx).tee.map((t) => (t ? 255 : 0));
        for (const product of products) {
          const run = await tryOnStill(still, product, spec.mode ?? '2d', tmp, path.join(tmp, 'data'));
          if ('error' in run) expect.fail(run.error);
          const key = `${frame} ${product}`;
          for (const [i, side] of (['right', 'left'] as Side[]).entries()) {
            const t = spec.bare(run.mask, tee, widthPx, heightPx, landmarksPx, side);
            const b = spec.over(run.mask, person.mask, widthPx, heightPx, landmarksPx, side);
            console.log(`frame ${frame}, ${product} ${spec.mode ?? '2d'}, ${side} ${spec.band}: ${t.barePx} of ${t.personPx} T-shirt pixels bare (${(100 * t.bare).toFixed(1)} %); background covered ${b.coveredPx} of ${b.backgroundPx} px`);
            expect(t.personPx, `the ${spec.band} band holds him`).toBeGreaterThan(spec.minPersonPx);
            expect(t.bare, `${product} ${side}`).toBeLessThan(spec.maxBare(key, side));
            expect(b.coveredPx, `${product} ${side}: background covered`).toBeLessThanOrEqual(spec.mainBackgroundPx[key]![i]! + (typeof spec.maxExtraBackgroundPx === 'number' ? spec.maxExtraBackgroundPx : spec.maxExtraBackgroundPx(key, side)));
          }
        }
      });
    }
  });
}
