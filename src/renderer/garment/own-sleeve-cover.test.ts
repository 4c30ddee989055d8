import { describe, expect, it } from 'vitest';
import { demoChart } from '../../../tests/fixtures/garment-charts';
import { loadDemoGarment } from '../../../tests/helpers/demo-garments';
import { PoseLandmark as L } from '../../shared/pose';
import { coveringSleeveEndPx, GarmentRig, MAX_SLEEVE_LENGTHEN_CM, OWN_HEM_COVER_CM, type BodyInput } from './rig';
import { warmUpBodies } from './warm-garment-rig';

describe('a short sleeve over the shopper’s own sleeve', () => {
  // An arm hanging straight down: shoulder joint (100, 100), elbow (100, 300); the sleeve's path starts at the
  // garment's shoulder 10 px above the joint; 0.2 cm a px (5 cm: 25 px; the hem's cover 3.5 px).
  const lm = new Float64Array(66);
  lm.set([100, 100], 2 * L.leftShoulder);
  lm.set([100, 300], 2 * L.leftElbow);
  const end = (cutPx: number, own: number) => coveringSleeveEndPx(cutPx, own, 100, 90, lm, L.leftShoulder, L.leftElbow, 0.2);

  it('reaches past the own sleeve’s hem when a little more length covers it', () => {
    // The own hem half-way down the upper arm: 110 px along the path, covered to 113.5.
    expect(end(100, 0.5)).toBeCloseTo(110 + OWN_HEM_COVER_CM / 0.2, 9);
  });

  it('keeps its cut where the cut already covers the own sleeve, or where covering it would take more than 5 cm', () => {
    expect(end(100, 0.3)).toBe(100);
    // 0.6: 130 + 3.5 px is 33.5 px (6.7 cm) past the cut.
    expect(MAX_SLEEVE_LENGTHEN_CM).toBe(5);
    expect(end(100, 0.6)).toBe(100);
    expect(end(100, 1)).toBe(100);
  });

  it('lengthens the demo tee’s sleeve on the fitted body by what its own sleeve needs, and only that arm’s', async () => {
    const g = await loadDemoGarment('tee-everyday-wht');
    const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
    const body: BodyInput = { ...warmUpBodies(412, 960)[2]!, ownSleeves: null };
    // How far down each arm the sleeve's hem reaches (its cuff anchor, the hem's middle), as a share of shoulder → elbow.
    const reach = () => {
      const out: Record<'left' | 'right', number> = { left: 0, right: 0 };
      const at = new Float64Array(2);
      for (const side of ['left', 'right'] as const) {
        const lmPx = body.landmarksPx;
        const s = side === 'left' ? L.leftShoulder : L.rightShoulder;
        const e = side === 'left' ? L.leftElbow : L.rightElbow;
        const dx = lmPx[2 * e]! - lmPx[2 * s]!;
        const dy = lmPx[2 * e + 1]! - lmPx[2 * s + 1]!;
        expect(rig.warpedAnchor(side === 'left' ? 'leftCuff' : 'rightCuff', at)).toBe(true);
        out[side] = ((at[0]! - lmPx[2 * s]!) * dx + (at[1]! - lmPx[2 * s + 1]!) * dy) / (dx * dx + dy * dy);
      }
      return out;
    };
    rig.fit(body);
    const cut = reach();
    const cm = (share: number) => share * Math.hypot(body.landmarksPx[2 * L.leftElbow]! - body.landmarksPx[2 * L.leftShoulder]!, body.landmarksPx[2 * L.leftElbow + 1]! - body.landmarksPx[2 * L.leftShoulder + 1]!) * body.cmPerPx;
    const wearing = (left: number) => {
      body.ownSleeves = { left, right: null };
      expect(rig.fit(body).foldedTriangles).toBe(0);
      return reach();
    };
    // An own sleeve ending high on the arm is under the cut already.
    expect(wearing(0.2).left).toBeCloseTo(cut.left, 6);
    // One ending 0.7 down the arm (here ≈ 1.7 cm below the cut's hem) is covered; 2 cm lower, the hem is 2 cm lower.
    const covering = wearing(0.7);
    expect(cm(covering.left - cut.left)).toBeGreaterThan(1);
    expect(covering.right).toBeCloseTo(cut.right, 6);
    const lower = wearing(0.7 + 2 / cm(1));
    expect(cm(lower.left - covering.left)).toBeGreaterThan(1.7);
    expect(cm(lower.left - covering.left)).toBeLessThan(2.3);
    // 6 cm below that: out of reach, the cut is kept.
    expect(wearing(0.7 + 6 / cm(1)).left).toBeCloseTo(cut.left, 6);
  });
});
