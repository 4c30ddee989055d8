import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGarment2d } from '../../src/core/demo/build';
import { PRODUCTS, type ProductSpec } from '../../src/core/demo/catalog';
import { centreX } from '../../src/core/demo/draw';
import { CM_PER_UNIT, PX_PER_UNIT, type Layout } from '../../src/core/demo/layout';
import { hasPattern, patternLayout } from '../../src/core/demo/pattern/pattern-product';
import { REQUIRED_ANCHORS, type GarmentAsset } from '../../src/shared/garment';

/**
 * The back pictures the demo build draws from the patterns' back pieces (issue 14): one per garment, the front's size
 * and framing (its anchors fit it), the back's own neckline, none of the front's details.
 */
const PX_PER_CM = PX_PER_UNIT / CM_PER_UNIT;

interface Picture {
  data: Buffer;
  w: number;
  h: number;
}
interface Built {
  spec: ProductSpec;
  asset: GarmentAsset;
  layout: Layout;
  front: Picture;
  back: Picture;
}

async function decode(png: Buffer): Promise<Picture> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}
const alpha = (p: Picture, x: number, y: number): number => p.data[(Math.round(y) * p.w + Math.round(x)) * 4 + 3]!;
const rgb = (p: Picture, x: number, y: number): [number, number, number] => {
  const i = (Math.round(y) * p.w + Math.round(x)) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
};
const luma = (p: Picture, x: number, y: number): number => {
  const [r, g, b] = rgb(p, x, y);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** The opaque extent of a row: rightmost − leftmost pixel with alpha ≥ 128 (0 when none). */
function extent(p: Picture, y: number): number {
  let lo = -1;
  let hi = -1;
  for (let x = 0; x < p.w; x++) {
    if (alpha(p, x, y) >= 128) {
      if (lo < 0) lo = x;
      hi = x;
    }
  }
  return lo < 0 ? 0 : hi - lo;
}
const hexRgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('demo build: every 2D garment has a back picture drawn from its back pieces', () => {
  const built = new Map<string, Built>();
  let ms = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    for (const spec of PRODUCTS) {
      const { asset, png, backPng } = await buildGarment2d(spec, 0);
      if (!hasPattern(spec)) throw new Error(`${spec.id} has no pattern`);
      built.set(spec.id, { spec, asset, layout: patternLayout(spec), front: await decode(png), back: await decode(backPng) });
    }
    ms = performance.now() - t0;
    // Printed, not asserted: on the shared 2-core machine a timing is an upper bound.
    console.log(`built front + back of ${PRODUCTS.length} products (first colourway) in ${Math.round(ms)} ms`);
  }, 300_000);

  it('names its back in the asset, the same size as the front, its width at every anchor within 4 % of the front', () => {
    expect(built.size).toBe(PRODUCTS.length);
    for (const { spec, asset, front, back } of built.values()) {
      expect(asset.back?.file, spec.id).toBe(`${asset.id}-back.png`);
      expect([back.w, back.h], spec.id).toEqual([front.w, front.h]);
      for (const name of REQUIRED_ANCHORS[asset.category]) {
        const y = asset.anchorsPx[name]![1];
        const f = extent(front, y);
        if (f === 0) continue; // an anchor below a short garment's hem (shorts' ankles)
        expect(Math.abs(extent(back, y) - f) / f, `${spec.id} ${name}`).toBeLessThan(0.04);
      }
    }
  });

  it("draws the back's own neckline, ≈ 2 cm deep at the centre back (the front's crew and V are deeper)", () => {
    for (const id of ['tee-everyday', 'dress-floral']) {
      const { layout, front, back } = built.get(id)!;
      const neck = layout.sewn!.neckline[0]!;
      const cx = centreX(layout);
      const depthCm = (p: Picture): number => {
        let y = Math.round(neck[1]);
        while (alpha(p, cx, y) < 128 && y < p.h - 1) y++;
        return (y - neck[1]) / PX_PER_CM;
      };
      expect(depthCm(back), id).toBeGreaterThan(1.2);
      expect(depthCm(back), id).toBeLessThan(3.5);
      expect(depthCm(front), id).toBeGreaterThan(depthCm(back) + 2);
    }
    // The slip's V between the cups is the front's: its back is cut straight across between the straps.
    const slip = built.get('dress-slip')!;
    const v = slip.layout.marks.neckFront!;
    const above: [number, number] = [centreX(slip.layout), v[1] - 2 * PX_PER_CM];
    expect(alpha(slip.front, ...above)).toBe(0);
    expect(alpha(slip.back, ...above)).toBeGreaterThan(200);
  });

  it("has none of the front's details: the blazer's lapels and buttons, the shirt's buttons, the jeans' fly and shank button", () => {
    // Blazer: the V between the lapels is open on the front, cloth on the back; no button where the front's are.
    const blazer = built.get('blazer-check')!;
    const cx = centreX(blazer.layout);
    const neck = blazer.layout.sewn!.neckline[0]!;
    const inV: [number, number] = [cx, neck[1] + 8 * PX_PER_CM];
    expect(alpha(blazer.front, ...inV)).toBe(0);
    expect(alpha(blazer.back, ...inV)).toBeGreaterThan(200);
    const trim = hexRgb(blazer.spec.colourways[0]!.trim);
    for (const b of blazer.layout.sewn!.jacket!.buttons) {
      expect(dist(rgb(blazer.front, ...b.at), trim), 'front button').toBeLessThan(40);
      expect(dist(rgb(blazer.back, ...b.at), trim), 'back: no button').toBeGreaterThan(40);
    }
    // Shirt: the placket's buttons (the trim's colour) on the front only.
    const shirt = built.get('shirt-oxford')!;
    const shirtTrim = hexRgb(shirt.spec.colourways[0]!.trim);
    for (const y of shirt.layout.sewn!.placket!.buttonsY.slice(1)) {
      const at: [number, number] = [centreX(shirt.layout), y];
      expect(dist(rgb(shirt.front, ...at), shirtTrim)).toBeLessThan(dist(rgb(shirt.back, ...at), shirtTrim));
    }
    // Jeans: the shank button and the fly's J-stitch (a column of dark stitches 3.5 cm off the centre front, from the
    // waist seam down, above where the back's yoke and pockets are) on the front only.
    const jeans = built.get('jeans-straight')!;
    const m = jeans.layout.marks;
    const button: [number, number] = [m.cfWaist![0], (m.cfBandTop![1] + m.cfWaist![1]) / 2];
    const jeansTrim = hexRgb(jeans.spec.colourways[0]!.trim);
    expect(dist(rgb(jeans.front, ...button), jeansTrim)).toBeLessThan(60);
    expect(dist(rgb(jeans.back, ...button), jeansTrim)).toBeGreaterThan(60);
    const flyX = m.cfWaist![0] + 3.5 * PX_PER_CM;
    const column = (p: Picture, x: number): number => {
      let s = 0;
      let n = 0;
      for (let y = m.cfWaist![1] + 0.5 * PX_PER_CM; y < m.cfWaist![1] + 4 * PX_PER_CM; y++, n++) s += luma(p, x, y) + luma(p, x + 1, y) + luma(p, x - 1, y);
      return s / n;
    };
    // Dashes of black at 22 % opacity over 5 px of every 9 darken the stitch's column ≈ 12 %; half that is the test.
    const darkening = (p: Picture): number => 1 - column(p, flyX) / ((column(p, flyX - 6) + column(p, flyX + 6)) / 2);
    expect(darkening(jeans.front)).toBeGreaterThan(0.06);
    expect(Math.abs(darkening(jeans.back))).toBeLessThan(0.03);
  });

  it("draws the back's own details: the jeans' back pockets and a skirt's centre-back seam", () => {
    const jeans = built.get('jeans-straight')!;
    const m = jeans.layout.marks;
    // Where the back pocket's point lies (half-way between the seat seam and the side, 14 cm + 8.5 cm under the band)
    // the back has a seam's shadow the front has not: the pockets' outline darkens its rows.
    let frontDiff = 0;
    let backDiff = 0;
    for (const p of [jeans.front, jeans.back]) {
      const rows: number[] = [];
      for (let y = Math.round(m.waistSeamLeft![1]); y < m.waistSeamLeft![1] + 25 * PX_PER_CM; y++) {
        let s = 0;
        for (let x = Math.round(m.cfWaist![0] + 2 * PX_PER_CM); x < m.waistSeamLeft![0] - 2 * PX_PER_CM; x++) s += luma(p, x, y);
        rows.push(s);
      }
      const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
      const spread = Math.sqrt(rows.reduce((a, b) => a + (b - mean) ** 2, 0) / rows.length) / mean;
      if (p === jeans.front) frontDiff = spread;
      else backDiff = spread;
    }
    expect(backDiff).toBeGreaterThan(frontDiff);
    // The pencil skirt: a seam down its centre back (darker than the cloth beside it), none down its front.
    const skirt = built.get('skirt-pencil')!;
    const cx = centreX(skirt.layout);
    const y0 = skirt.layout.marks.waistSeam![1] + 10 * PX_PER_CM;
    const seamDip = (p: Picture): number => {
      let s = 0;
      for (let y = y0; y < y0 + 10 * PX_PER_CM; y++) s += luma(p, cx, y) / ((luma(p, cx - 5, y) + luma(p, cx + 5, y)) / 2);
      return 1 - s / (10 * PX_PER_CM);
    };
    expect(seamDip(skirt.back)).toBeGreaterThan(0.05);
    expect(Math.abs(seamDip(skirt.front))).toBeLessThan(0.03);
  });
});
