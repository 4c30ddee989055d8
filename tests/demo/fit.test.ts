import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { layoutGarment } from '../../src/core/demo/layout';
import { GarmentAssetSchema, type GarmentAsset } from '../../src/shared/garment';
import { GarmentRig } from '../../src/renderer/garment/rig';
import { REALISTIC_POSES, SIDE_ON_POSE } from '../fixtures/poses/synthetic';
import * as v from 'valibot';

/** Asset documents of every demo garment shape (pictures are not needed to fit). */
function demoAssets(): GarmentAsset[] {
  return PRODUCTS.map((p) => {
    const layout = layoutGarment(p.shape);
    return v.parse(GarmentAssetSchema, {
      formatVersion: 1,
      id: p.id,
      category: p.category,
      image: { file: `${p.id}.png`, widthPx: layout.widthPx, heightPx: layout.heightPx },
      anchorsPx: layout.anchorsPx,
      bindings: layout.bindings,
      parts: layout.parts,
      colours: { name: 'x', primary: '#000000', secondary: '#000000' },
    });
  });
}

describe('fitting the demo garments onto synthetic poses', () => {
  const assets = demoAssets();

  it('every garment reaches every pose: anchors on target (< 0.5 px), no folded triangle, exact spline', () => {
    const failures: string[] = [];
    for (const asset of assets) {
      const rig = new GarmentRig(asset);
      const targets = new Float64Array(rig.anchorNames.length * 2);
      const at = new Float64Array(2);
      for (const pose of REALISTIC_POSES) {
        rig.targetsFromLandmarks(pose.landmarksPx, targets);
        const report = rig.fit(targets);
        if (report.foldedTriangles !== 0 || report.bend !== 1) failures.push(`${asset.id}/${pose.name}: ${report.foldedTriangles} folded, bend ${report.bend}`);
        rig.anchorNames.forEach((name, i) => {
          expect(rig.warpedAnchor(name, at)).toBe(true);
          const err = Math.hypot(at[0]! - targets[2 * i]!, at[1]! - targets[2 * i + 1]!);
          if (!(err < 0.5)) failures.push(`${asset.id}/${pose.name}: ${name} off by ${err.toFixed(2)} px`);
        });
      }
    }
    expect(failures).toEqual([]);
  });

  it('shoulder anchors land on the shoulder landmarks and the garment scales with the body', () => {
    const tee = new GarmentRig(assets.find((a) => a.id === 'tee-everyday')!);
    const targets = new Float64Array(tee.anchorNames.length * 2);
    const at = new Float64Array(2);
    const scales: number[] = [];
    for (const name of ['far-away', 'standing', 'close-up']) {
      const pose = REALISTIC_POSES.find((p) => p.name === name)!;
      tee.targetsFromLandmarks(pose.landmarksPx, targets);
      scales.push(tee.fit(targets).bodyScale);
      tee.warpedAnchor('leftShoulder', at);
      expect(at[0]).toBeCloseTo(pose.landmarksPx[2 * 11]!, 3);
      expect(at[1]).toBeCloseTo(pose.landmarksPx[2 * 11 + 1]!, 3);
    }
    expect(scales[0]!).toBeLessThan(scales[1]!);
    expect(scales[1]!).toBeLessThan(scales[2]!);
  });

  it('stays finite and tells the caller when the shopper is side-on', () => {
    for (const asset of assets) {
      const rig = new GarmentRig(asset);
      const targets = new Float64Array(rig.anchorNames.length * 2);
      rig.targetsFromLandmarks(SIDE_ON_POSE.landmarksPx, targets);
      const report = rig.fit(targets);
      expect(rig.mesh.positions.every(Number.isFinite)).toBe(true);
      // Either the spline survived, or it was stiffened towards its affine part to avoid folding.
      expect(report.bend).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('fold detection', () => {
  it('reports folds instead of hiding them when targets are mirrored (garment seen from behind)', () => {
    const rig = new GarmentRig(demoAssets().find((a) => a.id === 'shirt-oxford')!);
    const pose = REALISTIC_POSES[0]!;
    const mirrored = Float64Array.from(pose.landmarksPx, (x, i) => (i % 2 === 0 ? pose.widthPx - x : x));
    const targets = new Float64Array(rig.anchorNames.length * 2);
    rig.targetsFromLandmarks(mirrored, targets);
    const report = rig.fit(targets);
    expect(report.foldedTriangles).toBeGreaterThan(0);
    expect(report.bend).toBe(0);
  });
});
