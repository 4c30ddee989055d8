import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, SIZES, bodyChartFor } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { CM_PER_UNIT, PX_PER_UNIT, SHOULDER_TOP_ABOVE_JOINT } from '../../src/core/demo/layout';
import { draftDress } from '../../src/core/demo/pattern/draft-dress';
import { dressDraftFor, hasDressPattern, SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';
import { widthAt } from '../../src/core/demo/polygon';
import { silhouetteAt } from '../../src/core/demo/drape/draw-drape';
import { productDrape } from '../../src/core/demo/drape/product-drape';
import { patternLayout } from '../../src/core/demo/pattern/pattern-product';
import { REQUIRED_ANCHORS } from '../../src/shared/garment';

const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
/** A seam allowance: the dress's waist and hip anchors lie this far in from its side seam. */
const SEAM_ALLOWANCE_MM = 10;
const dresses = PRODUCTS.filter(hasDressPattern);
const floral = dresses.find((p) => p.id === 'dress-floral')!;

describe('dresses drafted from FreeSewing Bella and a flared skirt', () => {
  it('the tea dress comes from Bella, each size drafted for a womenswear body whose bust lies in that size’s range', () => {
    expect(dresses.map((p) => [p.id, p.sewingPattern])).toEqual([['dress-floral', 'bella']]);
    const run = sizeRun('dress');
    const chart = bodyChartFor('dress');
    for (const size of SIZES) {
      const { chest, hip } = chart.find((r) => r.size === size)!.cm;
      expect(run[size].chest! / 10, size).toBeGreaterThanOrEqual(chest!.min);
      expect(run[size].chest! / 10, size).toBeLessThanOrEqual(chest!.max);
      // One body per size fits the bust exactly; its seat lies in the size's hip range or within 2 cm of it (the
      // series' seats grow slower than the chart's hips: XS 93.9 for 86–92, XXL 115.3 for 116–122).
      expect(run[size].seat! / 10, size).toBeGreaterThanOrEqual(hip!.min - 2);
      expect(run[size].seat! / 10, size).toBeLessThanOrEqual(hip!.max + 2);
    }
  });

  it('the size chart is each size’s draft: bust, waist, hip, length and sleeve, a fitted bodice over a flared skirt to tea length', () => {
    const chart = demoGarmentChart(floral);
    const run = sizeRun('dress');
    let lastLength = 0;
    for (const size of SIZES) {
      const d = dressDraftFor(floral, size);
      const m = d.measurementsCm;
      expect(chart[size], size).toEqual({ chest: Math.round(m.chest), waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), sleeve: Math.round(m.sleeve * 2) / 2 });
      const body = run[size];
      // Bella's bodice: a regular fit at the bust (4–12 cm of ease) and a close one at the waist (1–8 cm).
      expect(m.chest - body.chest! / 10, `${size} bust ease`).toBeGreaterThan(4);
      expect(m.chest - body.chest! / 10, `${size} bust ease`).toBeLessThan(12);
      expect(m.waist - body.waist! / 10, `${size} waist ease`).toBeGreaterThan(1);
      expect(m.waist - body.waist! / 10, `${size} waist ease`).toBeLessThan(8);
      // The skirt passes over the seat with room to walk, and ends below the knee, well above the floor.
      expect(m.hip - body.seat! / 10, `${size} hip ease`).toBeGreaterThanOrEqual(4);
      expect(d.skirt.lengthMm, `${size} skirt`).toBeGreaterThan(body.waistToKnee! + 50);
      expect(d.skirt.lengthMm, `${size} skirt`).toBeLessThan(body.waistToFloor! - 200);
      // A quarter-circle skirt at least: its hem at least its waist plus half π times its length.
      expect(d.skirt.hemMm, `${size} hem`).toBeGreaterThanOrEqual(m.waist * 10 + (Math.PI / 2) * d.skirt.lengthMm - 1e-6);
      expect(m.length).toBeGreaterThan(lastLength);
      lastLength = m.length;
    }
  });

  it('the picture is the drafted front as worn: its width at the bust line and the waist seam within 2 % of the draft’s, its skirt the drape’s', async () => {
    const d = dressDraftFor(floral, SAMPLE_SIZE);
    const { asset, png } = await buildGarment2d(floral, 0);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number): number => data[(Math.round(y) * info.width + Math.round(x)) * 4 + 3]!;
    const a = asset.anchorsPx;
    const cx = (a.leftShoulder![0] + a.rightShoulder![0]) / 2;
    // The pattern's shoulder point lies on the top of the shoulder, above the shoulder joint anchor (as a top's).
    const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
    const rowOf = (yMm: number): number => shoulderTopYPx + ((yMm - d.front.shoulder[1]) / 10) * PX_PER_CM;
    const run = (y: number): number => {
      let l = cx;
      let r = cx;
      while (alpha(l - 1, y) > 128) l--;
      while (alpha(r + 1, y) > 128) r++;
      return (r - l + 1) / PX_PER_CM;
    };
    const hemRowMm = d.front.hem[1] - 10;
    for (const [what, yMm] of [['bust', d.front.chest[1]], ['waist seam', d.waistSeamY]] as const) {
      const draftedCm = (2 * widthAt(d.frontHalf, yMm)) / 10;
      expect(Math.abs(run(rowOf(yMm)) - draftedCm), `${what}: ${run(rowOf(yMm)).toFixed(1)} cm drawn, ${draftedCm.toFixed(1)} cm drafted`).toBeLessThan(0.02 * draftedCm);
    }
    // The drafted widths are the girths': a quarter of the bust and the waist each side of the centre front.
    expect((2 * widthAt(d.frontHalf, d.front.chest[1])) / 10).toBeCloseTo(d.measurementsCm.chest / 2, 1);
    expect((2 * widthAt(d.frontHalf, d.waistSeamY)) / 10).toBeCloseTo(d.measurementsCm.waist / 2, 1);
    // Below the waist seam the skirt is the cloth solver's drape (drape.test.ts), hung from the waist seam: near the
    // hem the picture is as wide as the drape's silhouette there — narrower than the flat pattern (the flare hangs
    // in flutes), wider than the waist — and its lowest cloth in the centre column is the drape's.
    const skirt = productDrape(floral)!.skirt;
    const waistYPx = patternLayout(floral).marks.waistSeam![1];
    const outer = (y: number): number => {
      let l = 0;
      let r = info.width - 1;
      while (l < r && alpha(l, y) <= 128) l++;
      while (r > l && alpha(r, y) <= 128) r--;
      return r - l + 1;
    };
    const hemRow = Math.round(rowOf(hemRowMm));
    const sil = silhouetteAt(skirt, hemRow + 0.5 - waistYPx)!;
    expect(Math.abs(outer(hemRow) - (sil[1] - sil[0])), `hem: ${outer(hemRow)} px drawn, ${(sil[1] - sil[0]).toFixed(1)} px draped`).toBeLessThan(3);
    const draftedHemCm = (2 * widthAt(d.frontHalf, hemRowMm)) / 10;
    expect(outer(hemRow) / PX_PER_CM).toBeLessThan(draftedHemCm);
    expect(outer(hemRow) / PX_PER_CM).toBeGreaterThan(d.measurementsCm.waist / 2);
    let bottom = Math.round(rowOf(d.waistSeamY));
    while (alpha(cx, bottom + 1) > 128) bottom++;
    let drapedBottom = Math.round(waistYPx);
    for (;;) {
      const span = silhouetteAt(skirt, drapedBottom + 1.5 - waistYPx);
      if (!span || span[0] > cx - waistXPx(floral) || span[1] < cx - waistXPx(floral)) break;
      drapedBottom++;
    }
    expect(Math.abs(bottom - drapedBottom), 'hem row').toBeLessThan(3);
  });

  it('its anchors are the dress rig’s, the waist, hip and hem ones on the pattern’s own points', async () => {
    const d = dressDraftFor(floral, SAMPLE_SIZE);
    const { asset } = await buildGarment2d(floral, 0);
    const a = asset.anchorsPx;
    const torso = asset.parts.find((p) => p.name === 'torso')!;
    expect([...torso.anchors].sort()).toEqual([...REQUIRED_ANCHORS.dress].sort());
    const cx = (a.leftShoulder![0] + a.rightShoulder![0]) / 2;
    const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
    const px = (p: readonly [number, number], left: boolean): [number, number] => [cx + ((left ? 1 : -1) * p[0] * PX_PER_CM) / 10, shoulderTopYPx + ((p[1] - d.front.shoulder[1]) / 10) * PX_PER_CM];
    for (const left of [true, false]) {
      const side = left ? 'left' : 'right';
      // The waist anchor one seam allowance (1 cm) in from the side seam, on cloth; the hem's on its corner.
      for (const [anchor, point] of [['Waist', [d.front.waist[0] - SEAM_ALLOWANCE_MM, d.front.waist[1]]], ['Hem', d.front.hem]] as const) {
        const want = px(point, left);
        const got = a[`${side}${anchor}`]!;
        expect(Math.hypot(got[0] - want[0], got[1] - want[1]), `${side}${anchor}`).toBeLessThan(1);
      }
    }
    // The hip anchors: a seam allowance in from the skirt's side seam, level with the mannequin's hip joints (the skirt's own width there).
    const lh = asset.anchorsPx.leftHip!;
    const rh = asset.anchorsPx.rightHip!;
    const hipYMm = d.front.shoulder[1] + ((lh[1] - shoulderTopYPx) / PX_PER_CM) * 10;
    expect(Math.abs(lh[0] - rh[0]) / PX_PER_CM, 'hip anchors apart').toBeCloseTo((2 * (widthAt(d.frontHalf, hipYMm) - SEAM_ALLOWANCE_MM)) / 10, 1);
    expect(lh[1]).toBeGreaterThan(px(d.front.waist, true)[1]);
    // The waist seam is level: both waist anchors on one row.
    expect(a.leftWaist![1]).toBeCloseTo(a.rightWaist![1], 6);
  });

  it('refuses, in one line, a body that lacks a measurement the dress is drafted from', () => {
    const { chest: _chest, waistToKnee: _knee, ...body } = sizeRun('dress').M;
    let message = '';
    try {
      draftDress('bella', body);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^FreeSewing bella cannot be drafted: the body lacks .*chest.*waistToKnee/);
    expect(message).not.toContain('\n');
  });

  it('draws the same bytes twice', async () => {
    const hash = async (): Promise<string> => createHash('sha256').update((await buildGarment2d(floral, 1)).png).digest('hex');
    expect(await hash()).toBe(await hash());
  });
});

/** The x of the picture's centre line, pixels (where the drape hangs from). */
function waistXPx(spec: Parameters<typeof patternLayout>[0]): number {
  const l = patternLayout(spec);
  return (l.mannequinPx[2 * 11]! + l.mannequinPx[2 * 12]!) / 2;
}
