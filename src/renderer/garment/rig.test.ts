import { describe, expect, it } from 'vitest';
import type { GarmentAsset } from '../../shared/garment';
import { GarmentRig } from './rig';

/** A hand-made skirt-with-one-leg: a spline part over a bone part, enough to check the rig's bookkeeping. */
const ASSET: GarmentAsset = {
  formatVersion: 1,
  id: 'test',
  category: 'skirt',
  image: { file: 'test.png', widthPx: 200, heightPx: 400 },
  anchorsPx: { leftWaist: [150, 20], rightWaist: [50, 20], leftHip: [140, 80], rightHip: [60, 80], leftHem: [160, 200], rightHem: [40, 200], leftKnee: [140, 300] },
  parts: [
    { name: 'leg', mapping: 'bone', anchors: ['leftHip', 'leftKnee'], quadPx: [[110, 70], [170, 70], [170, 320], [110, 320]], z: -1 },
    { name: 'skirt', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'], quadPx: [[30, 10], [170, 10], [180, 210], [20, 210]], z: 0 },
  ],
  colours: { name: 't', primary: '#000000', secondary: '#000000' },
};

describe('GarmentRig', () => {
  it('orders triangles back to front by z and gives uv in [0,1] with v flipped', () => {
    const rig = new GarmentRig(ASSET, { cellPx: 20 });
    expect(rig.mesh.parts.map((p) => p.name)).toEqual(['leg', 'skirt']);
    const [leg, skirt] = rig.mesh.parts;
    expect(leg!.firstIndex).toBe(0);
    expect(skirt!.firstIndex).toBe(leg!.indexCount);
    expect(rig.mesh.uvs.every((u) => u >= 0 && u <= 1)).toBe(true);
    // The first vertex of the skirt grid is its top-left corner (30, 10): v = 1 − 10/400.
    const first = skirt!.firstVertex;
    expect(rig.mesh.uvs[2 * first + 1]).toBeCloseTo(1 - 10 / 400, 6);
    expect(Math.max(...rig.mesh.indices)).toBeLessThan(rig.mesh.positions.length / 3);
  });

  it('targets equal to the anchors leave the mesh at rest', () => {
    const rig = new GarmentRig(ASSET);
    const targets = Float64Array.from(rig.anchorNames.flatMap((n) => ASSET.anchorsPx[n]!));
    const report = rig.fit(targets);
    expect(report.foldedTriangles).toBe(0);
    expect(report.bodyScale).toBeCloseTo(1, 9);
    for (let i = 0; i < rig.mesh.restPx.length / 2; i++) {
      expect(rig.mesh.positions[3 * i]).toBeCloseTo(rig.mesh.restPx[2 * i]!, 3);
      expect(rig.mesh.positions[3 * i + 1]).toBeCloseTo(rig.mesh.restPx[2 * i + 1]!, 3);
    }
  });

  it('moves the leg with its bone while the shared hip anchor stays attached to the skirt', () => {
    const rig = new GarmentRig(ASSET);
    const targets = Float64Array.from(rig.anchorNames.flatMap((n) => ASSET.anchorsPx[n]!));
    const knee = rig.anchorNames.indexOf('leftKnee');
    targets[2 * knee] = 300; // kick the leg out sideways
    targets[2 * knee + 1] = 120;
    expect(rig.fit(targets).foldedTriangles).toBe(0);
    const at = new Float64Array(2);
    rig.warpedAnchor('leftKnee', at);
    expect([at[0], at[1]].map((x) => Math.round(x! * 1000) / 1000)).toEqual([300, 120]);
    rig.warpedAnchor('leftHip', at);
    expect([at[0], at[1]].map((x) => Math.round(x! * 1000) / 1000)).toEqual([140, 80]);
    expect(rig.warpedAnchor('neck', at)).toBe(false);
  });
});
