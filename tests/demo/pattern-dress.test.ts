import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, SIZES, bodyChartFor, fabricFor } from '../../src/core/demo/catalog';
import { drawGarment, type Fabric } from '../../src/core/demo/draw';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { CM_PER_UNIT, PX_PER_UNIT, SHOULDER_TOP_ABOVE_JOINT } from '../../src/core/demo/layout';
import { draftDress } from '../../src/core/demo/pattern/draft-dress';
import { dressDraftFor, hasDressPattern, patternLayout, SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';
import { widthAt } from '../../src/core/demo/polygon';
import { silhouetteAt } from '../../src/core/demo/drape/draw-drape';
import { productDrape } from '../../src/core/demo/drape/product-drape';
import { REQUIRED_ANCHORS } from '../../src/shared/garment';

const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
/** A seam allowance: the dress's waist and hip anchors lie this far in from its side seam. */
const SEAM_ALLOWANCE_MM = 10;
const dresses = PRODUCTS.filter(hasDressPattern);
const floral = dresses.find((p) => p.id === 'dress-floral')!;
const slip = dresses.find((p) => p.id === 'dress-slip')!;

describe('dresses drafted from FreeSewing Bella and a flared skirt', () => {
  it('the tea dress comes from Bella, each size drafted for a womenswear body whose bust lies in that size’s range', () => {
    expect(dresses.map((p) => [p.id, p.sewingPattern])).toEqual([['dress-floral', 'bella'], ['dress-slip', 'bellaSlip']]);
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
      expect(chart[size], size).toEqual({ chest: Math.round(m.chest), waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length), sleeve: Math.round(m.sleeve! * 2) / 2 });
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

  it.each([floral, slip])('$id: the picture is the drafted front as worn: its width at the bust line and the waist seam within 2 % of the draft’s, its skirt the drape’s or the pattern’s', async (dress) => {
    const d = dressDraftFor(dress, SAMPLE_SIZE);
    const { asset, png } = await buildGarment2d(dress, 0);
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
    let bottom = Math.round(rowOf(d.waistSeamY));
    while (alpha(cx, bottom + 1) > 128) bottom++;
    const drape = productDrape(dress);
    if (!drape) {
      // Not draped (the slip's bias-cut skirt): the hem is the pattern's, its width and the lowest cloth in the centre column.
      const draftedCm = (2 * widthAt(d.frontHalf, hemRowMm)) / 10;
      expect(Math.abs(run(rowOf(hemRowMm)) - draftedCm), `hem: ${run(rowOf(hemRowMm)).toFixed(1)} cm drawn, ${draftedCm.toFixed(1)} cm drafted`).toBeLessThan(0.02 * draftedCm);
      expect(Math.abs(bottom - rowOf(d.front.hem[1])), 'hem row').toBeLessThan(3);
      return;
    }
    // Below the waist seam the skirt is the cloth solver's drape (drape.test.ts), hung from the waist seam: near the
    // hem the picture is as wide as the drape's silhouette there — narrower than the flat pattern (the flare hangs
    // in flutes), wider than the waist — and its lowest cloth in the centre column is the drape's.
    const skirt = drape.skirt;
    const waistYPx = patternLayout(dress).marks.waistSeam![1];
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
    let drapedBottom = Math.round(waistYPx);
    for (;;) {
      const span = silhouetteAt(skirt, drapedBottom + 1.5 - waistYPx);
      if (!span || span[0] > cx - waistXPx(dress) || span[1] < cx - waistXPx(dress)) break;
      drapedBottom++;
    }
    expect(Math.abs(bottom - drapedBottom), 'hem row').toBeLessThan(3);
  });

  it.each([floral, slip])('$id: its anchors are the dress rig’s, the waist, hip and hem ones on the pattern’s own points', async (dress) => {
    const d = dressDraftFor(dress, SAMPLE_SIZE);
    const { asset } = await buildGarment2d(dress, 0);
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

  it.each([floral, slip])('$id: draws the same bytes twice', async (dress) => {
    const hash = async (): Promise<string> => createHash('sha256').update((await buildGarment2d(dress, 1)).png).digest('hex');
    expect(await hash()).toBe(await hash());
  });
});

/** The x of the picture's centre line, pixels (where the drape hangs from). */
function waistXPx(spec: Parameters<typeof patternLayout>[0]): number {
  const l = patternLayout(spec);
  return (l.mannequinPx[2 * 11]! + l.mannequinPx[2 * 12]!) / 2;
}

describe('the satin slip: Bella made a slip over a bias-cut skirt', () => {
  it('the size chart is each size’s draft: a close bodice, a skirt close over the seat and lightly flared, to mid-calf, no sleeve', () => {
    const chart = demoGarmentChart(slip);
    const run = sizeRun('dress');
    let lastLength = 0;
    for (const size of SIZES) {
      const d = dressDraftFor(slip, size);
      const m = d.measurementsCm;
      expect(chart[size], size).toEqual({ chest: Math.round(m.chest), waist: Math.round(m.waist), hip: Math.round(m.hip), length: Math.round(m.length) });
      expect(d.sleeve, size).toBeNull();
      const body = run[size];
      // Bella's bodice: the same ease as the tea dress's at the bust and the waist.
      expect(m.chest - body.chest! / 10, `${size} bust ease`).toBeGreaterThan(4);
      expect(m.chest - body.chest! / 10, `${size} bust ease`).toBeLessThan(12);
      expect(m.waist - body.waist! / 10, `${size} waist ease`).toBeGreaterThan(1);
      expect(m.waist - body.waist! / 10, `${size} waist ease`).toBeLessThan(8);
      // On the bias the skirt lies close over the seat: 4 cm of ease there, no more than a fitted skirt's 8.
      expect(m.hip - body.seat! / 10, `${size} hip ease`).toBeGreaterThanOrEqual(4);
      expect(m.hip - body.seat! / 10, `${size} hip ease`).toBeLessThanOrEqual(8);
      // Mid-calf: well below the knee (15 cm at least), well above the ankle (the floor less 20 cm at most).
      expect(d.skirt.lengthMm, `${size} skirt`).toBeGreaterThan(body.waistToKnee! + 150);
      expect(d.skirt.lengthMm, `${size} skirt`).toBeLessThan(body.waistToFloor! - 200);
      // Lightly flared: the hem wider than the seat by 30–60 cm, less than the tea dress's quarter circle would add.
      const belowSeatMm = d.skirt.lengthMm - body.waistToSeat!;
      expect(d.skirt.hemMm - m.hip * 10, `${size} hem sweep`).toBeGreaterThan(300);
      expect(d.skirt.hemMm - m.hip * 10, `${size} hem sweep`).toBeLessThan(600);
      expect(d.skirt.hemMm - m.hip * 10, `${size} hem sweep`).toBeLessThan((Math.PI / 2) * belowSeatMm);
      expect(m.length).toBeGreaterThan(lastLength);
      lastLength = m.length;
    }
  });

  it('its neckline is a V lowered between the cups, its straps 1.5 cm wide over the middle of the shoulder seam, its side under the underarm', () => {
    for (const size of SIZES) {
      const d = dressDraftFor(slip, size);
      const tea = dressDraftFor(floral, size);
      const f = d.front;
      // The V: at the centre front, 4 cm above the bust line; Bella's own neckline (the tea dress's) is > 10 cm higher.
      expect(f.cfNeck[0], size).toBe(0);
      expect(f.cfNeck[1], size).toBeCloseTo(f.chest[1] - 40, 6);
      expect(f.cfNeck[1] - tea.front.cfNeck[1], `${size} V lowered`).toBeGreaterThan(100);
      const { outer, inner } = d.straps!;
      // Straight up, 1.5 cm apart, from the top edge (level with the underarm, below the shoulder) to the shoulder seam.
      expect(outer[0][0] - inner[0][0], size).toBeCloseTo(15, 6);
      expect(outer[1][0] - inner[1][0], size).toBeCloseTo(15, 6);
      expect(outer[0][0]).toBe(outer[1][0]);
      const mid = (outer[1][0] + inner[1][0]) / 2;
      expect(mid, `${size} strap mid-shoulder`).toBeCloseTo((f.hps[0] + f.shoulder[0]) / 2, 6);
      expect(outer[1][1]).toBeGreaterThan(f.hps[1]);
      expect(outer[1][1]).toBeLessThan(f.shoulder[1]);
      expect(inner[0][1], size).toBeLessThan(f.cfNeck[1]);
      // The side's top edge (the slip's underarm point) 3 cm under Bella's underarm, a corner of the drafted front.
      expect(f.armhole[1] - tea.front.armhole[1], size).toBeCloseTo(30, 6);
      expect(d.frontHalf.some((p) => p[0] === f.armhole[0] && p[1] === f.armhole[1]), size).toBe(true);
    }
  });

  it('its picture shows the straps and the V open to the background, and satin’s highlights (brighter than the same dress drawn matte)', async () => {
    const d = dressDraftFor(slip, SAMPLE_SIZE);
    const { asset, png } = await buildGarment2d(slip, 0);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number): number => data[(Math.round(y) * info.width + Math.round(x)) * 4 + 3]!;
    const a = asset.anchorsPx;
    const cx = (a.leftShoulder![0] + a.rightShoulder![0]) / 2;
    const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
    const px = (p: readonly [number, number]): [number, number] => [cx + (p[0] / 10) * PX_PER_CM, shoulderTopYPx + ((p[1] - d.front.shoulder[1]) / 10) * PX_PER_CM];
    const { outer, inner } = d.straps!;
    const strapMid = px([(outer[0][0] + inner[0][0]) / 2, (outer[0][1] + outer[1][1]) / 2]);
    // Half-way up, each strap is cloth and the neck between them open.
    expect(alpha(strapMid[0], strapMid[1]), 'left strap').toBeGreaterThan(200);
    expect(alpha(2 * cx - strapMid[0], strapMid[1]), 'right strap').toBeGreaterThan(200);
    expect(alpha(cx, strapMid[1]), 'neck').toBeLessThan(20);
    expect(alpha(px(outer[0])[0] + 0.5 * PX_PER_CM, strapMid[1]), 'outside the strap').toBeLessThan(20);
    // The V: open 1 cm above its point at the centre front, cloth 1 cm below it.
    const v = px(d.front.cfNeck);
    expect(alpha(cx, v[1] - PX_PER_CM), 'in the V').toBeLessThan(20);
    expect(alpha(cx, v[1] + PX_PER_CM), 'below the V').toBeGreaterThan(200);

    // Satin: the same layout drawn in the same colour without the satin finish is the matte reference.
    const layout = patternLayout(slip);
    const fabric = fabricFor(slip, slip.colourways[0]!, 0);
    expect(fabric.finish).toBe('satin');
    const spread = (finish: Fabric['finish']): number => {
      const rgba = drawGarment(layout, { shape: slip.shape, fabric: { ...fabric, finish }, trim: slip.colourways[0]!.trim }).toRgba8();
      const l: number[] = [];
      for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3]! === 255) l.push(0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!);
      l.sort((x, y) => x - y);
      return l[Math.floor(0.98 * l.length)]! - l[Math.floor(0.5 * l.length)]!;
    };
    const satin = spread('satin');
    const matte = spread(undefined);
    // Black satin's highlights stand well above its body colour (≥ 20 of 255); matte black's folds barely lift it.
    expect(satin, `satin p98 − median ${satin.toFixed(1)}, matte ${matte.toFixed(1)}`).toBeGreaterThan(20);
    expect(satin).toBeGreaterThan(3 * matte);
  });

  it('its satin sheen is a broad soft highlight over the crest between two flutes, not a thin stripe at each fold', () => {
    // The sheen alone: the satin picture less the same dress drawn matte, on rows down the skirt.
    const layout = patternLayout(slip);
    const fabric = fabricFor(slip, slip.colourways[1]!, 1);
    const draw = (finish: Fabric['finish']): Uint8Array =>
      drawGarment(layout, { shape: slip.shape, fabric: { ...fabric, finish }, trim: slip.colourways[1]!.trim }).toRgba8();
    const satin = draw('satin');
    const matte = draw(undefined);
    const m = layout.marks;
    const cx = (layout.mannequinPx[2 * 11]! + layout.mannequinPx[2 * 12]!) / 2;
    for (const down of [0.3, 0.5, 0.7]) {
      const yPx = Math.round(m.waistSeam![1] + (m.hemY![1] - m.waistSeam![1]) * down);
      // Luminance over 5 rows (a stripe runs down the skirt; the weave's grain, 1.7 px, averages out).
      const lum = (rgba: Uint8Array, x: number): number => {
        let sum = 0;
        for (let dy = -2; dy <= 2; dy++) {
          const o = ((yPx + dy) * layout.widthPx + x) * 4;
          sum += 0.2126 * rgba[o]! + 0.7152 * rgba[o + 1]! + 0.0722 * rgba[o + 2]!;
        }
        return sum / 5;
      };
      // The skirt's flutes fall from the waist seam to the hem, its half-width / 3.5 apart (draw.ts).
      const halfPx = Math.abs(cx - (m.waistLeft![0] + (m.hemLeft![0] - m.waistLeft![0]) * down));
      const fluteSpacingPx = halfPx / 3.5;
      const raw: number[] = [];
      for (let x = Math.round(cx - 0.85 * halfPx); x <= Math.round(cx + 0.85 * halfPx); x++) raw.push(lum(satin, x) - lum(matte, x));
      const box = (a: number[], r: number): number[] =>
        a.map((_, i) => {
          let sum = 0;
          let n = 0;
          for (let k = Math.max(0, i - r); k <= Math.min(a.length - 1, i + r); k++, n++) sum += a[k]!;
          return sum / n;
        });
      const sheen = box(raw, 2);
      // The share of the sheen's variance finer than half a flute: a crest's soft gleam has little; a thin stripe at
      // each fold's edge puts much of it there.
      const coarse = box(sheen, Math.round(fluteSpacingPx / 4));
      const mean = sheen.reduce((a, b) => a + b, 0) / sheen.length;
      const total = sheen.reduce((a, b) => a + (b - mean) ** 2, 0);
      const fine = sheen.reduce((a, b, i) => a + (b - coarse[i]!) ** 2, 0);
      expect(Math.sqrt(total / sheen.length), `${down} of the way down: the satin shows a sheen`).toBeGreaterThan(5);
      expect(fine / total, `${down} of the way down: the sheen's share finer than half a flute (${fluteSpacingPx.toFixed(0)} px)`).toBeLessThan(0.09);
    }
  });

  it('refuses, in one line, a body that lacks a measurement the slip is drafted from', () => {
    const { seat: _seat, ...body } = sizeRun('dress').M;
    expect(() => draftDress('bellaSlip', body)).toThrow(/^FreeSewing bellaSlip cannot be drafted: the body lacks seat$/);
  });
});
