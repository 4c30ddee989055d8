import { describe, expect, it } from 'vitest';
import { BENDING_LENGTH_M, fabricOf } from '../../src/shared/fabric';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { CLOTHS } from '../../src/core/demo/cloths';
import { standingBody } from '../../src/core/demo/drape/body';
import { drapeSkirt, hemFlutes } from '../../src/core/demo/drape/drape-skirt';
import { COLUMNS, productCloth, productDrape, RINGS, skirtPieceOf } from '../../src/core/demo/drape/product-drape';
import { hasSkirtPattern, SAMPLE_SIZE, skirtDraftFor } from '../../src/core/demo/pattern/pattern-product';
import { sizeRun } from '../../src/core/demo/pattern/size-run';

const product = (id: string): (typeof PRODUCTS)[number] => PRODUCTS.find((p) => p.id === id) ?? (() => { throw new Error(`no product ${id}`); })();

describe('each garment’s cloth (cloths.ts)', () => {
  it('derives bending length, weight and shear from the KES values: c = (B / W)^⅓, W in kg/m², G in N/m per radian', () => {
    for (const c of Object.values(CLOTHS)) {
      expect(c.bendingLengthM * 100).toBeCloseTo(Math.cbrt((1000 * c.kes.bendingGfCm2PerCm) / c.kes.weightMgPerCm2), 6);
      // Apparel wovens: Peirce bending lengths 1–4 cm, 80–400 g/m², G 0.3–3 gf/cm/° (17–170 N/m).
      expect(c.bendingLengthM).toBeGreaterThan(0.01);
      expect(c.bendingLengthM).toBeLessThan(0.04);
      expect(c.arealDensityKgM2).toBeGreaterThan(0.08);
      expect(c.arealDensityKgM2).toBeLessThan(0.4);
      expect(c.shearStiffnessNPerM / c.kes.shearGfPerCmDeg).toBeCloseTo(56.19, 1);
    }
    // A summer poplin is lighter and bends more easily than the skirts' category default (a wool check).
    expect(CLOTHS['cotton-poplin'].bendingLengthM).toBeLessThan(BENDING_LENGTH_M['wool-check']);
  });

  it('every skirt names its cloth, and its own words read as that cloth’s fabric kind (the renderer’s material)', () => {
    for (const p of PRODUCTS.filter((q) => q.category === 'skirt')) {
      expect(p.cloth, p.id).toBeDefined();
      expect(fabricOf({ categoryId: p.category, name: p.name, description: p.description, tags: p.tags }), p.id).toBe(CLOTHS[p.cloth!].kind);
      const c = productCloth(p);
      expect(c.bendingLengthM).toBe(CLOTHS[p.cloth!].bendingLengthM);
      expect(c.arealDensityKgM2).toBe(CLOTHS[p.cloth!].arealDensityKgM2);
      expect(c.shearStiffnessNPerM).toBe(CLOTHS[p.cloth!].shearStiffnessNPerM);
    }
  });

  it('the A-line in its poplin falls in more, narrower flutes than in the wool check it used to default to', () => {
    const aline = product('skirt-aline');
    if (!hasSkirtPattern(aline)) throw new Error('the A-line is drafted from Penelope');
    const poplin = hemFlutes(productDrape(aline)!.skirt);
    const body = standingBody(sizeRun('skirt')[SAMPLE_SIZE]);
    const wool = hemFlutes(drapeSkirt(skirtPieceOf(skirtDraftFor(aline, SAMPLE_SIZE), BENDING_LENGTH_M['wool-check']), body, RINGS, COLUMNS));
    console.log(`A-line flutes: poplin ${poplin.count} (${(poplin.depthM * 100).toFixed(1)} cm), wool check ${wool.count} (${(wool.depthM * 100).toFixed(1)} cm)`);
    expect(poplin.count).toBeGreaterThan(wool.count);
    // Two drapes of ≈ 3 s of CPU each: room for a loaded machine.
  }, 120_000);

  it('the pencil skirt is draped and hangs nearly straight: no flutes, its hem no wider round than its seat', () => {
    const d = productDrape(product('skirt-pencil'))!.skirt;
    const f = hemFlutes(d);
    expect(f.count).toBeLessThanOrEqual(1);
    expect(f.depthM).toBeLessThan(0.015);
    const girth = (r: number): number => {
      let s = 0;
      for (let c = 0; c < d.cols; c++) {
        const a = 3 * (r * d.cols + c);
        const b = 3 * (r * d.cols + ((c + 1) % d.cols));
        s += Math.hypot(d.pos[b]! - d.pos[a]!, d.pos[b + 2]! - d.pos[a + 2]!);
      }
      return s;
    };
    const seatRow = Math.round((d.rows - 1) * 0.35);
    expect(girth(d.rows - 1)).toBeLessThanOrEqual(girth(seatRow) * 1.01);
  });
});
