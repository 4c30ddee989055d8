import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, SIZES, bodyChartFor, type ProductSpec } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { CM_PER_UNIT, PX_PER_UNIT, SHOULDER_TOP_ABOVE_JOINT, SLEEVE_LAY_DEG } from '../../src/core/demo/layout';
import { draftTop } from '../../src/core/demo/pattern/draft-top';
import { draftFor, hasPattern, SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';
import { widthAt } from '../../src/core/demo/polygon';

const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
const patternMade = PRODUCTS.filter(hasPattern);

/** A pattern-made product's picture at the sample size: alpha lookup and its asset. */
async function picture(p: ProductSpec) {
  const { asset, png } = await buildGarment2d(p, 0);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const alpha = (x: number, y: number): number => data[(Math.round(y) * info.width + Math.round(x)) * 4 + 3]!;
  return { asset, alpha, width: info.width, height: info.height };
}

describe('demo garments from sewing patterns', () => {
  it('tees come from FreeSewing Teagan and shirts from Simon, keeping their product ids', () => {
    expect(patternMade.filter((p) => p.sewingPattern === 'teagan').map((p) => p.id)).toEqual(expect.arrayContaining(['tee-everyday', 'tee-breton']));
    expect(patternMade.filter((p) => p.sewingPattern === 'simon').map((p) => p.id)).toEqual(expect.arrayContaining(['shirt-oxford', 'shirt-gingham']));
  });

  it('drafts each size for a standard body whose chest lies in that size’s range of the store’s body chart', () => {
    for (const category of ['tshirt', 'shirt'] as const) {
      const run = sizeRun(category);
      const chart = bodyChartFor(category);
      for (const size of SIZES) {
        const range = chart.find((r) => r.size === size)!.cm.chest!;
        expect(run[size].chest! / 10, `${category} ${size}`).toBeGreaterThanOrEqual(range.min);
        expect(run[size].chest! / 10, `${category} ${size}`).toBeLessThanOrEqual(range.max);
      }
    }
  });

  it('the size chart is the drafted garment’s: every size from its own draft, ease over the body as a regular fit has', () => {
    for (const p of patternMade) {
      const chart = demoGarmentChart(p);
      const run = sizeRun(p.category);
      for (const size of SIZES) {
        const m = draftFor(p, size).measurementsCm;
        expect(chart[size]!.chest, `${p.id} ${size}`).toBe(Math.round(m.chest));
        expect(chart[size]!.length, `${p.id} ${size}`).toBe(Math.round(m.length));
        // A regular-fit tee or shirt has 6–16 cm of ease round the chest.
        const easeCm = m.chest - run[size].chest! / 10;
        expect(easeCm, `${p.id} ${size} chest ease`).toBeGreaterThan(6);
        expect(easeCm, `${p.id} ${size} chest ease`).toBeLessThan(16);
      }
      // Short sleeves 15–30 cm from the cap, long ones 55–75 cm with the cuff.
      const sleeve = chart.M!.sleeve!;
      const [minCm, maxCm] = p.shape.sleeves === 'short' ? [15, 30] : [55, 75];
      expect(sleeve, `${p.id} sleeve`).toBeGreaterThan(minCm);
      expect(sleeve, `${p.id} sleeve`).toBeLessThan(maxCm);
    }
  });

  it('the picture is the drafted front at the mannequin’s scale: its width at the waist and its hem where the pattern puts them', async () => {
    for (const id of ['tee-everyday', 'shirt-oxford']) {
      const p = patternMade.find((x) => x.id === id)!;
      const draft = draftFor(p, SAMPLE_SIZE);
      const { asset, alpha, width } = await picture(p);
      const a = asset.anchorsPx;
      // The pattern's shoulder point lies on the top of the shoulder, above the shoulder joint anchor.
      const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
      const rowOf = (yMm: number): number => shoulderTopYPx + ((yMm - draft.front.shoulder[1]) / 10) * PX_PER_CM;
      const cx = width / 2;
      const run = (y: number): number => {
        let l = cx;
        let r = cx;
        while (alpha(l - 1, y) > 128) l--;
        while (alpha(r + 1, y) > 128) r++;
        return r - l + 1;
      };
      const waistRow = rowOf(draft.front.waist[1]);
      const drafted = (2 * widthAt(draft.frontHalf, draft.front.waist[1])) / 10;
      expect(Math.abs(run(waistRow) / PX_PER_CM - drafted), `${id} front at the waist`).toBeLessThan(0.02 * drafted + 0.5);
      // The hem: the lowest cloth in the centre column is the pattern's hem, and the hem anchors sit on it.
      let bottom = Math.round(waistRow);
      while (alpha(cx, bottom + 1) > 128) bottom++;
      expect(Math.abs(bottom - rowOf(draft.front.cfHem[1])), `${id} hem row`).toBeLessThan(3);
      expect(Math.abs(a.leftHem![1] - bottom), `${id} hem anchor`).toBeLessThan(3);
    }
  });

  it('a short sleeve’s cuff anchor is the centre of the drafted sleeve’s end', async () => {
    const { asset, alpha } = await picture(patternMade.find((x) => x.id === 'tee-everyday')!);
    const [x, y] = asset.anchorsPx.leftCuff!;
    const d = [Math.sin((SLEEVE_LAY_DEG * Math.PI) / 180), Math.cos((SLEEVE_LAY_DEG * Math.PI) / 180)] as const;
    expect(alpha(x - 6 * d[0], y - 6 * d[1])).toBeGreaterThan(200);
    expect(alpha(x + 6 * d[0], y + 6 * d[1])).toBe(0);
  });

  it('a body without the measurements a design needs is refused with a one-line reason', () => {
    expect(() => draftTop('teagan', { chest: 1000 })).toThrow(/FreeSewing teagan/);
  });
});
