import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, SIZES, garmentId } from '../../src/core/demo/catalog';
import { isDraped } from '../../src/core/demo/drape/product-drape';
import { CM_PER_UNIT, demoGarmentChart } from '../../src/core/demo/garment-chart';
import { bindingOf, GarmentAssetSchema } from '../../src/shared/garment';
import { GarmentSizeChartSchema } from '../../src/shared/garment-measurements';
import { CHART_MEASUREMENTS_OF, garmentChartProblem } from '../../src/shared/product-chart';

const GARMENTS = path.resolve(__dirname, '../../assets/generated/garments');

/** The shopper-facing picture of a demo garment: its alpha as rows, and its anchors in pixels. */
/** Across-the-body position (body units, the wearer's left positive) of the mannequin's joints a bottom's anchors bind to. */
const MANNEQUIN_X: Partial<Record<string, number>> = { leftShoulder: 0.9, rightShoulder: -0.9, leftHip: 0.55, rightHip: -0.55 };

/** Where a binding puts its anchor across the mannequin, body units. */
function unitsAcross(binding: ReadonlyArray<{ landmark: string; weight: number }>): number {
  return binding.reduce((x, { landmark, weight }) => {
    const at = MANNEQUIN_X[landmark];
    if (at === undefined) throw new Error(`a bottom's hip anchor bound to ${landmark}: add its place on the mannequin`);
    return x + weight * at;
  }, 0);
}

async function picture(id: string) {
  const file = path.join(GARMENTS, `${id}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "atelier demo build" (npm ci does) first`);
  const asset = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(file, 'utf8')));
  const { data, info } = await sharp(path.join(GARMENTS, asset.image.file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const opaque = (x: number, y: number) => data[(Math.round(y) * info.width + Math.round(x)) * info.channels + 3]! > 128;
  /** Width in px of the opaque run through the image's centre column at row y (the torso, not a sleeve). */
  const runAt = (y: number): number => {
    const cx = info.width / 2;
    let l = cx;
    let r = cx;
    while (l > 0 && opaque(l - 1, y)) l--;
    while (r < info.width - 1 && opaque(r + 1, y)) r++;
    return opaque(cx, y) ? r - l + 1 : 0;
  };
  return { asset, runAt };
}

describe('demo garment size charts', () => {
  it('every product has a valid chart for every size it sells, with its kind’s measurements, growing with size', () => {
    for (const p of PRODUCTS) {
      const chart = v.parse(GarmentSizeChartSchema, demoGarmentChart(p));
      expect(Object.keys(chart)).toEqual([...SIZES]);
      expect(garmentChartProblem(chart, SIZES)).toBeNull();
      for (const m of CHART_MEASUREMENTS_OF[p.category]) {
        if (m === 'sleeve' && p.shape.sleeves === 'none') {
          expect(chart.M!.sleeve).toBeUndefined();
          continue;
        }
        const bySize = SIZES.map((s) => chart[s]![m]!);
        expect(bySize.every((cm, i) => i === 0 || cm > bySize[i - 1]!), `${p.id} ${m}: ${bySize.join(' ')}`).toBe(true);
      }
    }
  });

  it('follows a standard size run: a tee’s chest grows 6 cm a size, trousers’ inseam stays in the adult range', () => {
    const tee = demoGarmentChart(PRODUCTS.find((p) => p.id === 'tee-everyday')!);
    expect(['S', 'M', 'L', 'XL', 'XXL'].map((s) => tee[s]!.chest! - tee.S!.chest!)).toEqual([0, 6, 12, 18, 24]);
    expect(tee.M!.chest).toBeGreaterThanOrEqual(100);
    expect(tee.M!.chest).toBeLessThanOrEqual(112);
    for (const p of PRODUCTS.filter((x) => x.category === 'trousers')) {
      const c = demoGarmentChart(p);
      // Shorts: from a 5-inch to a knee-length (Bermuda) inseam.
      const [min, max] = p.tags.includes('shorts') ? [12, 33] : [75, 90];
      expect(c.M!.inseam, p.id).toBeGreaterThan(min);
      expect(c.M!.inseam, p.id).toBeLessThan(max);
      expect(c.M!.length! - c.M!.inseam!).toBeGreaterThan(15); // the rise
    }
  });

  it('size M agrees with the garment’s own picture: its girth at the picture’s own scale within 5 %', async () => {
    for (const p of PRODUCTS) {
      const { asset, runAt } = await picture(garmentId(p, p.colourways[0]!));
      const a = asset.anchorsPx;
      const m = demoGarmentChart(p).M!;
      const top = p.category === 'tshirt' || p.category === 'shirt' || p.category === 'jacket' || p.category === 'dress';
      // The picture's scale from its anchors: tops' shoulder anchors are the joints, 1.8 body units apart; bottoms'
      // hip anchors stand where their bindings put them on the body (a trouser's on the hip joints, 1.1 units apart;
      // a skirt's on its own sides), which is the scale the rig draws the picture at.
      const cmPerPx = top
        ? (1.8 * CM_PER_UNIT) / Math.abs(a.leftShoulder![0] - a.rightShoulder![0])
        : ((unitsAcross(bindingOf(asset, 'leftHip')) - unitsAcross(bindingOf(asset, 'rightHip'))) * CM_PER_UNIT) / Math.abs(a.leftHip![0] - a.rightHip![0]);
      // Tops: the waist row (its anchors); bottoms: the hip-joint row. A flat garment's girth is twice its width.
      const row = top ? a.leftWaist![1] : a.leftHip![1];
      const girthCm = 2 * runAt(row) * cmPerPx;
      const chartCm = top ? m.waist! : m.hip!;
      if (!top && isDraped(p)) {
        // A skirt draped by the cloth solver (drape.test.ts) is photographed hanging, not laid flat: below the waist its
        // spare girth falls into flutes, so its outline is narrower than half its girth — never narrower than its own
        // waist (it hangs out from there), never wider than its girth.
        expect(girthCm, `${p.id}: draped picture ${girthCm.toFixed(1)} cm vs chart waist ${m.waist} cm`).toBeGreaterThan(m.waist!);
        expect(girthCm, `${p.id}: draped picture ${girthCm.toFixed(1)} cm vs chart hip ${chartCm} cm`).toBeLessThan(chartCm * 1.05);
        continue;
      }
      expect(Math.abs(girthCm - chartCm) / chartCm, `${p.id}: picture ${girthCm.toFixed(1)} cm vs chart ${chartCm} cm`).toBeLessThan(0.05);
    }
  });
});
