import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoChart } from '../../../tests/fixtures/garment-charts';
import { loadDemoGarment } from '../../../tests/helpers/demo-garments';
import { PoseLandmark as L } from '../../shared/pose';
import { GarmentRig, type BodyInput } from './rig';
import { warmGarmentRig, warmGarmentRigOnce, warmUpBodies, WARM_UP_FITS } from './warm-garment-rig';

const W = 412;
const H = 960;

/** A fit's drawn mesh and what it reports, copied (the rig's arrays are reused by its next fit). */
function fitOf(rig: GarmentRig, body: BodyInput) {
  const report = rig.fit(body);
  return { positions: [...rig.mesh.positions], foldedTriangles: report.foldedTriangles, backView: report.backView };
}

afterEach(() => vi.restoreAllMocks());

describe('warming the 2D rig', () => {
  it('changes nothing a fit draws: a rig made after the warm-up fits the same bodies bit for bit', async () => {
    const g = await loadDemoGarment('tee-everyday-wht');
    const options = { measurements: demoChart(g.productId).M!, silhouette: g.silhouette };
    const bodies = warmUpBodies(W, H);
    const cold = new GarmentRig(g.asset, options);
    const before = bodies.map((b) => fitOf(cold, b));
    warmGarmentRig(new GarmentRig(g.asset, options), W, H, 9);
    const after = new GarmentRig(g.asset, options);
    expect(bodies.map((b) => fitOf(after, b))).toEqual(before);
  });

  it("fits the made-up bodies as a shopper's: every vertex placed, nothing folded, facing the mirror, the mask's person on the torso", async () => {
    const g = await loadDemoGarment('dress-floral-rse');
    const rig = new GarmentRig(g.asset, { measurements: demoChart(g.productId).M!, silhouette: g.silhouette });
    const bodies = warmUpBodies(W, H);
    // Three poses, each with a mask over a region of interest, one over the whole frame, and none.
    expect(bodies).toHaveLength(9);
    expect(bodies.map((b) => (b.personMask ? (b.personMask.mask.frameFromMask ? 'roi' : 'frame') : 'none'))).toEqual(['roi', 'frame', 'none', 'roi', 'frame', 'none', 'roi', 'frame', 'none']);
    for (const body of bodies) {
      const f = fitOf(rig, body);
      expect(f.positions.every(Number.isFinite)).toBe(true);
      expect(f.foldedTriangles).toBe(0);
      expect(f.backView).toBe(false);
      const m = body.personMask?.mask;
      if (!m) continue;
      // The mask reads the person between the hips and shoulders and not in its corner.
      const lm = body.landmarksPx;
      const x = (lm[2 * L.leftHip]! + lm[2 * L.rightShoulder]!) / 2;
      const y = (lm[2 * L.leftHip + 1]! + lm[2 * L.rightShoulder + 1]!) / 2;
      const at = (px: number, py: number): number => {
        const [a, , c, , e, ff] = m.frameFromMask ?? [1, 0, 0, 0, 1, 0];
        const col = Math.floor(((px / W - c) / a) * m.widthPx);
        const row = Math.floor(((py / H - ff) / e) * m.heightPx);
        return m.data[row * m.widthPx + col]!;
      };
      expect(at(x, y)).toBe(255);
      expect(m.data[0]).toBe(0);
    }
  });

  it('runs once per page for each kind of garment', async () => {
    const fit = vi.spyOn(GarmentRig.prototype, 'fit');
    const tee = await loadDemoGarment('tee-everyday-wht');
    const breton = await loadDemoGarment('tee-breton-nvw');
    const jeans = await loadDemoGarment('jeans-straight-mid');
    warmGarmentRigOnce(tee.asset, { silhouette: tee.silhouette });
    expect(fit).toHaveBeenCalledTimes(WARM_UP_FITS);
    warmGarmentRigOnce(tee.asset, { silhouette: tee.silhouette });
    if (breton.asset.category === tee.asset.category && breton.asset.parts.map((p) => p.mapping).join() === tee.asset.parts.map((p) => p.mapping).join()) {
      warmGarmentRigOnce(breton.asset, { silhouette: breton.silhouette });
    }
    expect(fit).toHaveBeenCalledTimes(WARM_UP_FITS);
    warmGarmentRigOnce(jeans.asset, { silhouette: jeans.silhouette });
    expect(fit).toHaveBeenCalledTimes(2 * WARM_UP_FITS);
  });
});
