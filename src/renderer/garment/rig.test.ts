import { describe, expect, it } from 'vitest';
import type { GarmentAsset } from '../../shared/garment';
import { PoseLandmark as L } from '../../shared/pose';
import { GarmentRig, type BodyInput } from './rig';

/** A hand-made skirt with one leg strip: a spline part over a limb part, enough to check the rig's bookkeeping. */
const ASSET: GarmentAsset = {
  formatVersion: 1,
  id: 'test',
  category: 'skirt',
  image: { file: 'test.png', widthPx: 200, heightPx: 400 },
  anchorsPx: { leftWaist: [150, 20], rightWaist: [50, 20], leftHip: [140, 80], rightHip: [60, 80], leftHem: [160, 200], rightHem: [40, 200], leftKnee: [140, 240], leftAnkle: [140, 380] },
  parts: [
    { name: 'leftLeg', mapping: 'limb', anchors: ['leftHip', 'leftKnee', 'leftAnkle'], quadPx: [[170, 70], [165, 390], [115, 390], [110, 70]], z: -1 },
    { name: 'skirt', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip', 'leftHem', 'rightHem'], quadPx: [[30, 10], [170, 10], [180, 210], [20, 210]], z: 0 },
  ],
  colours: { name: 't', primary: '#000000', secondary: '#000000' },
};

/** A body standing in the picture where the asset was drawn (hips 80 px apart, as the anchors), 0.5 cm per px. */
function bodyLike(): BodyInput {
  const px = new Float64Array(66);
  const set = (i: number, x: number, y: number): void => {
    px[2 * i] = x;
    px[2 * i + 1] = y;
  };
  set(L.leftShoulder, 160, -150);
  set(L.rightShoulder, 40, -150);
  set(L.leftHip, 140, 80);
  set(L.rightHip, 60, 80);
  set(L.leftKnee, 140, 240);
  set(L.rightKnee, 60, 240);
  set(L.leftAnkle, 140, 380);
  set(L.rightAnkle, 60, 380);
  return { landmarksPx: px, worldM: null, cmPerPx: 0.5 };
}

describe('GarmentRig', () => {
  it('orders triangles back to front by z and gives uv in [0,1] with v flipped', () => {
    const rig = new GarmentRig(ASSET, { cellPx: 20 });
    expect(rig.mesh.parts.map((p) => p.name)).toEqual(['leftLeg', 'skirt']);
    const [leg, skirt] = rig.mesh.parts;
    expect(leg!.firstIndex).toBe(0);
    expect(skirt!.firstIndex).toBe(leg!.indexCount);
    expect(rig.mesh.uvs.every((u) => u >= 0 && u <= 1)).toBe(true);
    // The first vertex of the skirt grid is its top-left corner (30, 10): v = 1 − 10/400.
    const first = skirt!.firstVertex;
    expect(rig.mesh.uvs[2 * first + 1]).toBeCloseTo(1 - 10 / 400, 6);
    expect(Math.max(...rig.mesh.indices)).toBeLessThan(rig.mesh.positions.length / 3);
  });

  it('draws a garment at the size its chart gives: twice the hip, twice as wide', () => {
    const widths = [100, 200].map((hip) => {
      const rig = new GarmentRig(ASSET, { measurements: { hip, length: 60 }, silhouette: { chestWidthPx: null, hipWidthPx: 100, legOpeningWidthPx: null } });
      return rig.fit(bodyLike()).acrossPxPerImagePx;
    });
    expect(widths[1]! / widths[0]!).toBeCloseTo(2, 9);
    // 100 cm of hip is 100 / 2.8 cm wide from the front: at 0.5 cm/px over a 100 px picture width.
    expect(widths[0]).toBeCloseTo(100 / 2.8 / 0.5 / 100, 9);
  });

  it('bends the leg strip at the knee as one piece, the knee anchor on the knee and nothing folded', () => {
    const rig = new GarmentRig(ASSET, { cellPx: 10 });
    const body = bodyLike();
    const lm = body.landmarksPx as Float64Array;
    // Kick the shin out sideways: a right-angle knee.
    lm[2 * L.leftAnkle] = 280;
    lm[2 * L.leftAnkle + 1] = 240;
    expect(rig.fit(body).foldedTriangles).toBe(0);
    const at = new Float64Array(2);
    expect(rig.warpedAnchor('leftKnee', at)).toBe(true);
    expect(Math.hypot(at[0]! - 140, at[1]! - 240)).toBeLessThan(20);
    rig.warpedAnchor('leftAnkle', at);
    expect(Math.hypot(at[0]! - 280, at[1]! - 240)).toBeLessThan(1);
    expect(rig.warpedAnchor('neck', at)).toBe(false);
  });

  it('still fits a stored asset with the older two-anchor bone parts, without folding', () => {
    const asset: GarmentAsset = {
      ...ASSET,
      parts: [
        { name: 'thigh', mapping: 'bone', anchors: ['leftHip', 'leftKnee'], quadPx: [[170, 70], [170, 250], [110, 250], [110, 70]], z: -1 },
        ASSET.parts[1]!,
      ],
    };
    const rig = new GarmentRig(asset, { cellPx: 10 });
    expect(rig.fit(bodyLike()).foldedTriangles).toBe(0);
    const at = new Float64Array(2);
    rig.warpedAnchor('leftKnee', at);
    expect(Math.hypot(at[0]! - 140, at[1]! - 240)).toBeLessThan(1);
  });

  it('ends a leg at its chart inseam below the crotch: shorts on the thigh, a full-length leg at the ankle', () => {
    // Shorts: the picture's leg strip stops at y = 200, well above its knee and ankle anchors.
    const shorts: GarmentAsset = {
      ...ASSET,
      category: 'trousers',
      parts: [
        { name: 'pelvis', mapping: 'tps', anchors: ['leftWaist', 'rightWaist', 'leftHip', 'rightHip'], quadPx: [[40, 10], [160, 10], [160, 100], [40, 100]], z: 0 },
        { name: 'leftLeg', mapping: 'limb', anchors: ['leftHip', 'leftKnee', 'leftAnkle'], quadPx: [[170, 70], [170, 200], [110, 200], [110, 70]], z: -1 },
      ],
    };
    const hemYPx = (inseam: number): number => {
      const rig = new GarmentRig(shorts, { cellPx: 10, measurements: { hip: 100, inseam }, silhouette: { chestWidthPx: null, hipWidthPx: 100, legOpeningWidthPx: null } });
      rig.fit(bodyLike());
      const leg = rig.mesh.parts.find((p) => p.name === 'leftLeg')!;
      let maxY = -Infinity;
      // The strip's vertices (its anchors ride along after them, used by no triangle).
      for (let v = leg.firstVertex; v < leg.firstVertex + leg.vertexCount - 3; v++) maxY = Math.max(maxY, rig.mesh.positions[3 * v + 1]!);
      return maxY;
    };
    // The body's hip → ankle leg is 300 px = 150 cm at 0.5 cm/px; its crotch lies (1 − 0.92) × 150 = 12 cm below the
    // hip joint. A 20 cm inseam ends 32 cm = 64 px below the hip (y 80).
    // (Within 3 px = 1.5 cm: the hem row's corners tilt with the leg, which starts at the pelvis's own hip point.)
    expect(Math.abs(hemYPx(20) - (80 + 64))).toBeLessThan(3);
    // The shopper's own full inseam (0.92 × 150 cm) ends at the ankle (y 380).
    expect(Math.abs(hemYPx(0.92 * 150) - 380)).toBeLessThan(3);
  });
});
