import { describe, expect, it } from 'vitest';
import type { GarmentAsset } from '../../shared/garment';
import { garmentFromAnchors } from '../../shared/garment-from-anchors';
import { GarmentRig, NOT_CLIPPED, sleeveClothInside } from './rig';

/**
 * The demo's everyday tee as its picture lays it out (459 × 397 px): its sleeves' quads follow the pattern, the armhole
 * slanting from the sleeve cap's top to the underarm; the armhole seam is drawn down the front at x ≈ 113–118 (right
 * sleeve) from the shoulder to the underarm.
 */
const TEE: GarmentAsset = {
  formatVersion: 1,
  id: 'tee',
  category: 'tshirt',
  image: { file: 'tee.png', widthPx: 459, heightPx: 397 },
  anchorsPx: {
    neck: [230, 31], leftShoulder: [338, 56], rightShoulder: [122, 56], leftWaist: [308.6, 274.4], rightWaist: [151.4, 274.4],
    leftHem: [295, 375.5], rightHem: [165, 375.5], leftCuff: [424.6, 128.7], rightCuff: [35.4, 128.7],
  },
  parts: [
    { name: 'torso', mapping: 'tps', anchors: ['neck', 'leftShoulder', 'rightShoulder', 'leftWaist', 'rightWaist', 'leftHem', 'rightHem'], quadPx: [[106.6, 12.2], [353.4, 12.2], [418.9, 385.1], [41.1, 385.1]], z: 0 },
    { name: 'leftSleeve', mapping: 'bone', anchors: ['leftShoulder', 'leftCuff'], quadPx: [[336.1, 15.5], [447.4, 105.6], [406.3, 185.5], [361.4, 151.8]], z: -1 },
    { name: 'rightSleeve', mapping: 'bone', anchors: ['rightShoulder', 'rightCuff'], quadPx: [[123.9, 15.5], [12.6, 105.6], [53.8, 185.5], [98.6, 151.8]], z: -1 },
  ],
  colours: { name: 't', primary: '#ffffff', secondary: '#ffffff' },
};

describe("a sleeve's copy over the torso draws only the sleeve's cloth", () => {
  it('the sleeve is outside its armhole and on the sleeve side of its underarm edge, either side, whichever way the quad is laid out', () => {
    const right = sleeveClothInside(TEE.parts[2]!.quadPx, TEE.anchorsPx.rightShoulder!);
    // The sleeve's middle, and its cap beside the shoulder.
    expect(right(70, 100)).toBeGreaterThan(10);
    expect(right(110, 45)).toBeGreaterThan(0);
    // The torso's cloth the strip takes in: inside the armhole (the chest by the seam), under the arm (the side).
    expect(right(140, 100)).toBeLessThan(-10);
    expect(right(105, 175)).toBeLessThan(0);
    // The left sleeve is the mirror image (its picture's anchors a pixel off the exact mirror).
    const left = sleeveClothInside(TEE.parts[1]!.quadPx, TEE.anchorsPx.leftShoulder!);
    for (const [x, y] of [[70, 100], [110, 45], [140, 100], [105, 175]] as const) expect(Math.abs(left(459 - x, y) - right(x, y))).toBeLessThan(1.5);
    // The same sleeve with its quad's corners in the other order (the underarm first, as garment-from-anchors lays
    // them): the same cloth.
    const [q0, q1, q2, q3] = TEE.parts[2]!.quadPx;
    const flipped = sleeveClothInside([q3, q2, q1, q0], TEE.anchorsPx.rightShoulder!);
    for (const [x, y] of [[70, 100], [110, 45], [140, 100], [105, 175]] as const) expect(flipped(x, y)).toBeCloseTo(right(x, y), 6);
  });

  it("only the copies of the sleeves' upper rows are cut, and their strip's torso cloth is", () => {
    const rig = new GarmentRig(TEE, {});
    const { clips, restPx, parts } = rig.mesh;
    for (const part of parts) {
      const copy = part.name.endsWith(':front');
      let cut = 0;
      for (let v = part.firstVertex; v < part.firstVertex + part.vertexCount; v++) {
        if (!copy) {
          // The torso and the sleeves' own rows (under the torso) are drawn whole.
          if (part.z <= 0 && !parts.some((p) => p.name.endsWith(':front') && p.firstVertex === part.firstVertex)) expect(clips[v]).toBe(NOT_CLIPPED);
          continue;
        }
        if (clips[v]! >= NOT_CLIPPED) continue;
        if (clips[v]! < 0) cut++;
        // A copy vertex inside the armhole (towards the centre from the shoulder anchor) is cut.
        const x = restPx[2 * v]!;
        const shoulderX = part.name.startsWith('left') ? 338 : 122;
        if ((x - shoulderX) * (part.name.startsWith('left') ? -1 : 1) > 1) expect(clips[v]).toBeLessThan(0);
      }
      if (copy) expect(cut).toBeGreaterThan(0);
    }
  });

  it('a sleeve laid along its strip (an uploaded garment from anchors) loses nothing past its shoulder', () => {
    const px = { neck: [200, 40], left_shoulder: [290, 70], right_shoulder: [110, 70], left_hem: [280, 380], right_hem: [120, 380], left_cuff: [360, 160], right_cuff: [40, 160] } as const;
    const anchors = Object.fromEntries(Object.entries(px).map(([k, [x, y]]) => [k, [x / 400, y / 400] as const]));
    const asset = garmentFromAnchors({ id: 'upload', imageFile: 'upload.png', category: 'tshirt', widthPx: 400, heightPx: 400, anchors });
    const rig = new GarmentRig(asset, {});
    const { clips, restPx, parts } = rig.mesh;
    const copy = parts.find((p) => p.name.startsWith('right') && p.name.endsWith(':front'));
    expect(copy).toBeDefined();
    // Every copy vertex outside the shoulder anchor's vertical is drawn (its own quad's underarm side is the strip's).
    for (let v = copy!.firstVertex; v < copy!.firstVertex + copy!.vertexCount; v++) {
      if (clips[v]! >= NOT_CLIPPED) continue;
      if (restPx[2 * v]! < 110 - 1) expect(clips[v]).toBeGreaterThan(-1e-6);
    }
  });
});
