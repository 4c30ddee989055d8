import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, SIZES, bodyChartFor, type ProductSpec } from '../../src/core/demo/catalog';
import { demoGarmentChart } from '../../src/core/demo/garment-chart';
import { CM_PER_UNIT, PX_PER_UNIT, SHOULDER_TOP_ABOVE_JOINT, SLEEVE_LAY_DEG } from '../../src/core/demo/layout';
import { draftJacket } from '../../src/core/demo/pattern/draft-jacket';
import { hasJacketPattern, jacketDraftFor, SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';
import { widthAt } from '../../src/core/demo/polygon';

const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;
const jackets = PRODUCTS.filter(hasJacketPattern);
const byId = (id: string) => jackets.find((p) => p.id === id)!;

async function picture(p: ProductSpec) {
  const { asset, png } = await buildGarment2d(p, 0);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const alpha = (x: number, y: number): number => {
    const [ix, iy] = [Math.round(x), Math.round(y)];
    return ix < 0 || iy < 0 || ix >= info.width || iy >= info.height ? 0 : data[(iy * info.width + ix) * 4 + 3]!;
  };
  return { asset, png, alpha };
}

describe('demo jackets from sewing patterns', () => {
  it('the blazer is drafted from FreeSewing Bent and the denim jacket from Brian, keeping their product ids', () => {
    expect(jackets.map((p) => [p.id, p.sewingPattern])).toEqual([
      ['blazer-check', 'bent'],
      ['jacket-denim', 'brian'],
    ]);
  });

  it('drafts each size for a standard body whose chest lies in that size’s range of the jacket body chart', () => {
    const run = sizeRun('jacket');
    const chart = bodyChartFor('jacket');
    for (const size of SIZES) {
      const range = chart.find((r) => r.size === size)!.cm.chest!;
      expect(run[size].chest! / 10, size).toBeGreaterThanOrEqual(range.min);
      expect(run[size].chest! / 10, size).toBeLessThanOrEqual(range.max);
    }
  });

  it('the size chart is each size’s draft; a blazer’s ease over a shirt and length over the seat, a boxier hip-length trucker', () => {
    for (const p of jackets) {
      const chart = demoGarmentChart(p);
      const run = sizeRun(p.category);
      let last = 0;
      for (const size of SIZES) {
        const d = jacketDraftFor(p, size);
        const m = d.measurementsCm;
        const body = run[size];
        expect(chart[size], `${p.id} ${size}`).toEqual({ chest: Math.round(m.chest), waist: Math.round(m.waist), length: Math.round(m.length), sleeve: Math.round(m.sleeve * 2) / 2 });
        const easeCm = m.chest - body.chest! / 10;
        const [lo, hi] = d.style === 'blazer' ? [9, 15] : [15, 24];
        expect(easeCm, `${p.id} ${size} chest ease`).toBeGreaterThan(lo);
        expect(easeCm, `${p.id} ${size} chest ease`).toBeLessThan(hi);
        const seatMm = body.hpsToWaistBack! + body.waistToSeat!;
        const hipsMm = body.hpsToWaistBack! + body.waistToHips!;
        // The blazer covers the seat; the trucker ends at the hips with its band.
        if (d.style === 'blazer') expect(m.length * 10, `${p.id} ${size} length`).toBeGreaterThan(seatMm);
        else expect(m.length * 10, `${p.id} ${size} length`).toBeLessThan(seatMm);
        expect(m.length * 10, `${p.id} ${size} length`).toBeGreaterThan(hipsMm);
        // Sleeves to the wrist: the cap's top to the end is the body's shoulder-to-wrist, within 2 cm.
        expect(Math.abs(m.sleeve * 10 - body.shoulderToWrist!), `${p.id} ${size} sleeve`).toBeLessThan(20);
        // No shoulder ease in either block: shoulder point to point across the back is the body's.
        expect(m.shoulder, `${p.id} ${size} shoulder`).toBeCloseTo(body.shoulderToShoulder! / 10, 0);
        expect(m.chest).toBeGreaterThan(last);
        last = m.chest;
      }
    }
    // The trucker is boxier than the blazer on the same body.
    expect(jacketDraftFor(byId('jacket-denim'), 'M').measurementsCm.chest).toBeGreaterThan(jacketDraftFor(byId('blazer-check'), 'M').measurementsCm.chest + 3);
  });

  it('the picture is the drafted front at the mannequin’s scale: its width below the underarm and at the hem within 2 %', async () => {
    for (const p of jackets) {
      const draft = jacketDraftFor(p, SAMPLE_SIZE);
      const f = draft.front;
      const { asset, alpha } = await picture(p);
      const a = asset.anchorsPx;
      const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
      const rowOf = (yMm: number): number => shoulderTopYPx + ((yMm - f.shoulder[1]) / 10) * PX_PER_CM;
      const cx = (a.leftShoulder![0] + a.rightShoulder![0]) / 2;
      // Both fronts as worn (the half mirrored), so the blazer's V does not count as its edge.
      const worn = [...draft.frontHalf, ...draft.frontHalf.map(([x, y]) => [-x, y] as const).reverse()];
      for (const yMm of [f.armhole[1] + 25, f.hem[1] - 5]) {
        const drafted = widthAt(worn, yMm) / 10;
        const y = rowOf(yMm);
        // From inside each front, out to its edge (the blazer's V and open quarters leave the centre bare).
        const inset = (0.5 * drafted * PX_PER_CM) / 2;
        let r = cx + inset;
        let l = cx - inset;
        expect(alpha(r, y), `${p.id} cloth at ${yMm} mm`).toBeGreaterThan(128);
        while (alpha(r + 1, y) > 128) r++;
        while (alpha(l - 1, y) > 128) l--;
        expect(Math.abs((r - l + 1) / PX_PER_CM - drafted), `${p.id} width at ${yMm} mm`).toBeLessThan(0.02 * drafted);
      }
    }
  });

  it('anchors lie on the pattern’s points: shoulders under the shoulder points, waist and hem on their lines, cuffs on the sleeve ends', async () => {
    for (const p of jackets) {
      const draft = jacketDraftFor(p, SAMPLE_SIZE);
      const f = draft.front;
      const { asset, alpha } = await picture(p);
      const a = asset.anchorsPx;
      const shoulderTopYPx = a.leftShoulder![1] - SHOULDER_TOP_ABOVE_JOINT * PX_PER_UNIT;
      const rowOf = (yMm: number): number => shoulderTopYPx + ((yMm - f.shoulder[1]) / 10) * PX_PER_CM;
      for (const side of ['left', 'right'] as const) {
        // The shoulder joints lie SHOULDER_TOP_ABOVE_JOINT below the shoulder seam's point, on the cloth.
        expect(alpha(...a[`${side}Shoulder`]!), `${p.id} ${side} shoulder on cloth`).toBeGreaterThan(200);
        expect(alpha(...a[`${side}Waist`]!), `${p.id} ${side} waist on cloth`).toBeGreaterThan(200);
        expect(Math.abs(a[`${side}Waist`]![1] - rowOf(f.waist[1])), `${p.id} ${side} waist`).toBeLessThan(1);
        expect(Math.abs(a[`${side}Hem`]![1] - rowOf(f.hem[1])), `${p.id} ${side} hem`).toBeLessThan(1);
      }
      // The hem anchors are the hem's corners: the lowest cloth of the side, and the side's edge.
      let bottom = Math.round(rowOf(f.waist[1]));
      const sideX = a.leftHem![0] - 3;
      while (alpha(sideX, bottom + 1) > 128) bottom++;
      expect(Math.abs(bottom - a.leftHem![1]), `${p.id} hem row`).toBeLessThan(3);
      expect(Math.abs(a.leftHem![0] - a.rightHem![0]) / PX_PER_CM, `${p.id} hem width`).toBeCloseTo((2 * f.hem[0]) / 10, 1);
      // The cuff: cloth just up the sleeve, none just past its end (a sleeve to the wrist, drafted).
      const [x, y] = a.leftCuff!;
      const d = [Math.sin((SLEEVE_LAY_DEG * Math.PI) / 180), Math.cos((SLEEVE_LAY_DEG * Math.PI) / 180)] as const;
      expect(alpha(x - 6 * d[0], y - 6 * d[1]), `${p.id} sleeve before the cuff anchor`).toBeGreaterThan(200);
      expect(alpha(x + 6 * d[0], y + 6 * d[1]), `${p.id} nothing past the sleeve's end`).toBe(0);
      // The cuff binding is the sleeve end's share of the forearm: the drafted sleeve ends near the wrist.
      const t = asset.bindings!.leftCuff!.find((b) => b.landmark === 'leftWrist')!.weight;
      expect(t, `${p.id} cuff past the wrist`).toBeGreaterThan(0.85);
      expect(t).toBeLessThan(1.3);
    }
  });

  it('a body missing the measurements a block needs is refused with a one-line reason', () => {
    for (const pattern of ['bent', 'brian'] as const) {
      let message = '';
      try {
        draftJacket(pattern, { chest: 1000 });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(new RegExp(`^FreeSewing ${pattern}`));
      expect(message).not.toContain('\n');
    }
  });

  it('the same bytes twice', async () => {
    for (const p of jackets) {
      const [one, two] = [await buildGarment2d(p, 0), await buildGarment2d(p, 0)];
      expect(Buffer.compare(one.png, two.png), p.id).toBe(0);
      expect(JSON.stringify(one.asset)).toBe(JSON.stringify(two.asset));
    }
  });
});
