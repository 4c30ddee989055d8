import { describe, expect, it } from 'vitest';
import type { GarmentAsset } from '../../shared/garment';
import { garmentFromAnchors } from '../../shared/garment-from-anchors';
import { PoseLandmark as L } from '../../shared/pose';
import { GarmentRig, NOT_CLIPPED, SEAM_OVERLAP_PX, sleeveClothInside, TORSO_SEAM_OVERLAP_PX, type FitReport } from './rig';
import { warmUpBodies } from './warm-garment-rig';

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

/** A tee from anchors alone (garment-from-anchors: its sleeves laid along their strips), 400 × 400 px. */
const UPLOAD_PX = { neck: [200, 40], left_shoulder: [290, 70], right_shoulder: [110, 70], left_hem: [280, 380], right_hem: [120, 380], left_cuff: [360, 160], right_cuff: [40, 160] } as const;
const UPLOAD = garmentFromAnchors({ id: 'upload', imageFile: 'upload.png', category: 'tshirt', widthPx: 400, heightPx: 400, anchors: Object.fromEntries(Object.entries(UPLOAD_PX).map(([k, [x, y]]) => [k, [x / 400, y / 400] as const])) });

describe("the torso and the sleeves each draw their own cloth", () => {
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

  it('the torso and each sleeve draw only their own cloth, a little over their seam; round the underarm a copy of the torso drawn under the sleeves keeps both', () => {
    const rig = new GarmentRig(TEE, {});
    const { clips, restPx, parts } = rig.mesh;
    const right = sleeveClothInside(TEE.parts[2]!.quadPx, TEE.anchorsPx.rightShoulder!);
    const torso = parts.find((p) => p.name === 'torso')!;
    let capCut = 0;
    for (let v = torso.firstVertex; v < torso.firstVertex + torso.vertexCount; v++) {
      const x = restPx[2 * v]!;
      const y = restPx[2 * v + 1]!;
      // The chest inside the armholes is the torso's.
      if (x > 140 && x < 320) expect(clips[v]).toBeGreaterThan(0);
      // The right sleeve's cloth, from the cap to the underarm, is cut from it past a few pixels over the seam (until
      // this round the torso drew the underarm's too, over a sleeve drawn under it: a triangle of misplaced cloth).
      if (right(x, y) > TORSO_SEAM_OVERLAP_PX + 1) {
        expect(clips[v]).toBeLessThan(0);
        capCut++;
      }
    }
    expect(capCut).toBeGreaterThan(0);
    // Near the seam's end under the arm (here, without the picture's side seams, where the armhole's vertical meets
    // the underarm edge: x 122, y 134) the torso's copy keeps the sleeve's cloth: it fills the V the picture leaves
    // there. It is drawn first, under every sleeve.
    const copy = parts.find((p) => p.name === 'torso:underarm')!;
    expect(copy.firstIndex).toBe(0);
    for (const sleeve of parts.filter((p) => p.name.includes('Sleeve'))) expect(copy.z).toBeLessThan(sleeve.z);
    let underarm = 0;
    for (let v = copy.firstVertex; v < copy.firstVertex + copy.vertexCount; v++) {
      const x = restPx[2 * v]!;
      const y = restPx[2 * v + 1]!;
      if (right(x, y) > 0 && Math.hypot(x - 122, y - 134) < 30) {
        expect(clips[v]).toBeGreaterThan(0);
        underarm++;
      }
    }
    expect(underarm).toBeGreaterThan(0);
    // Every sleeve vertex, under the torso or over it, is cut to the sleeve's cloth, a pixel past its seam.
    for (const part of parts.filter((p) => p.name.startsWith('rightSleeve'))) {
      for (let v = part.firstVertex; v < part.firstVertex + part.vertexCount; v++) {
        expect(clips[v]).toBeCloseTo(right(restPx[2 * v]!, restPx[2 * v + 1]!) + SEAM_OVERLAP_PX, 3);
      }
    }
  });

  it("the underarm's copy lies on the torso's cloth after every fit, and draws nothing seen from behind", () => {
    const rig = new GarmentRig(TEE, {});
    const { restPx, positions, parts, clipsTurned } = rig.mesh;
    const torso = parts.find((p) => p.name === 'torso')!;
    const copy = parts.find((p) => p.name === 'torso:underarm')!;
    const sourceOf = new Map<string, number>();
    for (let v = torso.firstVertex; v < torso.firstVertex + torso.vertexCount; v++) sourceOf.set(`${restPx[2 * v]},${restPx[2 * v + 1]}`, v);
    for (const body of warmUpBodies(412, 960)) {
      rig.fit(body);
      for (let v = copy.firstVertex; v < copy.firstVertex + copy.vertexCount; v++) {
        const t = sourceOf.get(`${restPx[2 * v]},${restPx[2 * v + 1]}`)!;
        expect(positions[3 * v]).toBe(positions[3 * t]);
        expect(positions[3 * v + 1]).toBe(positions[3 * t + 1]);
      }
    }
    for (let v = copy.firstVertex; v < copy.firstVertex + copy.vertexCount; v++) expect(clipsTurned[v]).toBeLessThan(0);
  });

  it('seen from behind, the torso is drawn whole and each sleeve from its shoulder joint on (clipsTurned)', () => {
    // A tee made from its anchors, as the mirror makes every catalog garment: its sleeves' strips start before the
    // shoulder anchors, to hold the caps.
    const rig = new GarmentRig(UPLOAD, {});
    const { clips, clipsTurned, restPx, parts } = rig.mesh;
    const torso = parts.find((p) => p.name === 'torso')!;
    for (let v = torso.firstVertex; v < torso.firstVertex + torso.vertexCount; v++) expect(clipsTurned[v]).toBe(NOT_CLIPPED);
    const strip = parts.find((p) => p.name === 'rightSleeve')!;
    const [sx, sy] = UPLOAD.anchorsPx.rightShoulder!;
    const [cx, cy] = UPLOAD.anchorsPx.rightCuff!;
    const length = Math.hypot(cx - sx, cy - sy);
    let before = 0;
    let past = 0;
    for (let v = strip.firstVertex; v < strip.firstVertex + strip.vertexCount; v++) {
      if (clips[v]! <= 1) continue;
      const along = ((restPx[2 * v]! - sx) * (cx - sx) + (restPx[2 * v + 1]! - sy) * (cy - sy)) / length;
      if (along < -1) {
        expect(clipsTurned[v]).toBeLessThan(0);
        before++;
      } else if (along > 1) {
        expect(clipsTurned[v]).toBeGreaterThan(0);
        past++;
      }
    }
    expect(before).toBeGreaterThan(0);
    expect(past).toBeGreaterThan(0);
  });

  it('a sleeve laid along its strip (an uploaded garment from anchors) loses nothing past its shoulder', () => {
    const rig = new GarmentRig(UPLOAD, {});
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

describe("a sleeve's cap is sewn to the torso", () => {
  /**
   * For each of the torso's vertices cut from it as the sleeve's cap (near the shoulder point), the nearest rest
   * vertex of the shown sleeve, and how far apart the fit put them against how far apart they are in the picture.
   */
  function capMismatchPx(rig: GarmentRig, report: FitReport): { worst: number; pairs: number } {
    const { clips, restPx, positions, parts } = rig.mesh;
    const torso = parts.find((p) => p.name === 'torso')!;
    // The sleeve's upper rows shown this fit: its copy over the torso, or its own rows (the other is collapsed onto
    // the elbow's row, its triangles zero-area): the vertices of the range whose first triangle has an area.
    const { indices } = rig.mesh;
    const shown = new Set<number>();
    for (const range of parts.filter((p) => p.name === 'rightSleeve' || p.name === 'rightSleeve:front')) {
      const [a, b, c] = [indices[range.firstIndex]!, indices[range.firstIndex + 1]!, indices[range.firstIndex + 2]!];
      const area = (positions[3 * b]! - positions[3 * a]!) * (positions[3 * c + 1]! - positions[3 * a + 1]!) - (positions[3 * c]! - positions[3 * a]!) * (positions[3 * b + 1]! - positions[3 * a + 1]!);
      if (Math.abs(area) < 1e-6) continue;
      for (let i = range.firstIndex; i < range.firstIndex + range.indexCount; i++) shown.add(indices[i]!);
    }
    const [sx, sy] = UPLOAD.anchorsPx.rightShoulder!;
    const scale = Math.max(report.acrossPxPerImagePx, report.alongPxPerImagePx);
    let worst = 0;
    let pairs = 0;
    for (let t = torso.firstVertex; t < torso.firstVertex + torso.vertexCount; t++) {
      const x = restPx[2 * t]!;
      const y = restPx[2 * t + 1]!;
      if (clips[t]! >= 0 || Math.hypot(x - sx, y - sy) > 30) continue;
      let best = -1;
      let bestD = 8;
      for (const v of shown) {
        const d = Math.hypot(restPx[2 * v]! - x, restPx[2 * v + 1]! - y);
        if (d < bestD && clips[v]! > 0) {
          bestD = d;
          best = v;
        }
      }
      if (best < 0) continue;
      pairs++;
      const apart = Math.hypot(positions[3 * best]! - positions[3 * t]!, positions[3 * best + 1]! - positions[3 * t + 1]!);
      worst = Math.max(worst, apart - bestD * scale);
    }
    return { worst, pairs };
  }

  it('round the shoulder point the sleeve goes where the torso goes; at its cuff, where the arm does', () => {
    const rig = new GarmentRig(UPLOAD, {});
    // Arms hanging by the sides: the picture's sleeves stand out at 27° from the shoulders' line, the arms at ≈ 80°.
    const body = warmUpBodies(412, 960)[2]!;
    const report = rig.fit(body);
    expect(report.foldedTriangles).toBe(0);
    const { worst, pairs } = capMismatchPx(rig, report);
    expect(pairs).toBeGreaterThan(2);
    // 3.7 px; following the arm alone (no cap), 11.2 px.
    expect(worst).toBeLessThan(5);
    // The cuff on the arm: its anchor lies on the shoulder → elbow line (within 2 % of the upper arm's length).
    const cuff = new Float64Array(2);
    expect(rig.warpedAnchor('rightCuff', cuff)).toBe(true);
    const lm = body.landmarksPx;
    const ax = lm[2 * L.rightShoulder]!;
    const ay = lm[2 * L.rightShoulder + 1]!;
    const bx = lm[2 * L.rightElbow]! - ax;
    const by = lm[2 * L.rightElbow + 1]! - ay;
    const off = Math.abs((cuff[0]! - ax) * by - (cuff[1]! - ay) * bx) / Math.hypot(bx, by);
    expect(off / Math.hypot(bx, by)).toBeLessThan(0.12);
  });
});
