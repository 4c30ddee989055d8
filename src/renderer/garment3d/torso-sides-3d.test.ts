import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { ARM_CAPSULES, type PersonMaskInput } from '../garment/leg-silhouette';
import { drawnPx, pictureWorld, skinnedPoints, spansMask } from '../../../tests/helpers/seam-rigs';
import { HUMANOID_BONES, T_POSE_JOINTS_M } from './humanoid';
import { SIDE_ROWS, TorsoSides3d } from './torso-sides-3d';

/** 200 camera px a model metre (pictureWorld), the model's origin at (200, 400) px, y down: the torso (x ±0.2 m) spans x 160…240. */
const PX_PER_M = 200;
/** 0.25 cm a camera px: a side widens by at most 16 px. */
const CM_PER_PX = 0.25;
const NO_ARMS = new Float64Array(5 * ARM_CAPSULES).fill(-1e4);
const FAR_LANDMARKS = new Float64Array(66).fill(-1e4);

/**
 * A front panel of a top on the reference skeleton: x −0.2…0.2 m in 5 cm steps, y from `bottomY` to 1.35 m, skinned
 * to the hips, spine or chest by height; and one sleeve vertex beside it, skinned to the left upper arm. Posed in a
 * world that maps model metres to camera px (turned `yawDeg` about the vertical first).
 */
function top(bottomY = 0.75, yawDeg = 0, skirtHangs = false, legSkinnedSkirt = false): { mesh: THREE.SkinnedMesh; world: THREE.Group; sides: TorsoSides3d } {
  const names = ['hips', 'spine', 'chest', 'leftUpperArm'] as const;
  const bones = names.map((name) => Object.assign(new THREE.Bone(), { name }));
  const at = (name: string): THREE.Vector3 => {
    const i = HUMANOID_BONES.indexOf(name as (typeof HUMANOID_BONES)[number]);
    return new THREE.Vector3(T_POSE_JOINTS_M[3 * i], T_POSE_JOINTS_M[3 * i + 1], T_POSE_JOINTS_M[3 * i + 2]);
  };
  bones[0]!.position.copy(at('hips'));
  for (let b = 1; b < bones.length; b++) {
    const parent = bones[b === 3 ? 2 : b - 1]!;
    parent.add(bones[b]!);
    bones[b]!.position.copy(at(names[b]!)).sub(at(parent.name));
  }
  const positions: number[] = [];
  const boneOf: number[] = [];
  for (let y = bottomY; y <= 1.35 + 1e-9; y += 0.05) {
    for (let x = -0.2; x <= 0.2 + 1e-9; x += 0.05) {
      positions.push(x, y, 0.1);
      boneOf.push(y < 1.02 ? 0 : y < 1.18 ? 1 : 2);
    }
  }
  positions.push(0.3, 1.3, 0);
  boneOf.push(3);
  // A skirt's side as a GLB skins it, to a thigh (the arm's bone stands in: any bone not the torso's), 5 cm past the
  // panel at 0.6 m; the cloth's attribute marks what hangs from the hips (sim-hem-3d.ts: z > 0).
  if (legSkinnedSkirt) {
    positions.push(0.25, 0.6, 0.1);
    boneOf.push(3);
  }
  const mesh = skinnedPoints(positions, boneOf, bones);
  if (legSkinnedSkirt) {
    const count = positions.length / 3;
    const hem = new Float32Array(3 * count);
    for (let i = 0; i < count; i++) hem[3 * i + 2] = positions[3 * i + 1]! < 0.95 && i !== count - 2 ? 1 : 0;
    mesh.geometry.setAttribute('clothHem', new THREE.BufferAttribute(hem, 3));
  }
  const sides = new TorsoSides3d([mesh], T_POSE_JOINTS_M, skirtHangs);
  const world = pictureWorld(mesh, yawDeg);
  return { mesh, world, sides };
}

/** A 400 × 400 mask whose person covers x `a`…`b` (end exclusive) on every row. */
const maskOf = (a: number, b: number): PersonMaskInput => spansMask(() => [a, b]);

const IDENTITY = new THREE.Matrix4();
/** The panel's vertex at column `c` (0: x −0.2 m … 8: x 0.2 m) of row `r` (0: the lowest). */
const vertex = (r: number, c: number): number => 9 * r + c;

describe('TorsoSides3d', () => {
  it('adds a morph target a row and side that moves only that side of the torso out, in proportion to the distance from the centre line', () => {
    const { mesh } = top();
    const targets = mesh.geometry.morphAttributes.position!;
    expect(targets).toHaveLength(2 * SIDE_ROWS);
    expect(mesh.morphTargetInfluences).toHaveLength(2 * SIDE_ROWS);
    // The lowest row (y 0.75, the hem): all of it in the last row's targets; the seam moves 1 m a unit weight.
    const left = targets[2 * (SIDE_ROWS - 1)]!;
    const right = targets[2 * (SIDE_ROWS - 1) + 1]!;
    expect(left.getX(vertex(0, 8))).toBeCloseTo(1, 6);
    expect(left.getX(vertex(0, 6))).toBeCloseTo(0.5, 6);
    expect(left.getX(vertex(0, 4))).toBe(0);
    expect(left.getX(vertex(0, 0))).toBe(0);
    expect(right.getX(vertex(0, 0))).toBeCloseTo(-1, 6);
    // The sleeve's vertex is in no target.
    const sleeve = mesh.geometry.getAttribute('position').count - 1;
    for (const t of targets) expect(t.getX(sleeve)).toBe(0);
  });

  it('lands each side seam on the person mask, from the armpits to the hem', () => {
    const { mesh, sides } = top();
    // The seams at x 160 and 240; the person 10 px further out each side.
    sides.fit(IDENTITY, maskOf(150, 250), FAR_LANDMARKS, CM_PER_PX, NO_ARMS, PX_PER_M);
    for (let k = 0; k < 2 * SIDE_ROWS; k++) expect(Math.abs(sides.weightsM[k]! * PX_PER_M - 10), `row ${k >> 1} side ${k & 1}`).toBeLessThanOrEqual(1);
    for (const r of [0, 5]) {
      // Within a pixel: the mask's edge is read where it crosses one half between pixel samples.
      expect(Math.abs(drawnPx(mesh, vertex(r, 8)).x - 250)).toBeLessThanOrEqual(1);
      expect(Math.abs(drawnPx(mesh, vertex(r, 0)).x - 150)).toBeLessThanOrEqual(1);
      expect(Math.abs(drawnPx(mesh, vertex(r, 4)).x - 200)).toBeLessThan(1e-3);
    }
  });

  it('keeps the cut where the mask runs on past the bound, lies inside the cloth, or the side is seen edge-on', () => {
    const wide = top();
    wide.sides.fit(IDENTITY, maskOf(0, 400), FAR_LANDMARKS, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.max(...wide.sides.weightsM)).toBe(0);
    const inside = top();
    inside.sides.fit(IDENTITY, maskOf(170, 230), FAR_LANDMARKS, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.max(...inside.sides.weightsM)).toBe(0);
    // Turned 80°: a metre out along either side moves its seam 35 px on the picture, under a quarter of 200.
    const turned = top(0.75, 80);
    turned.sides.fit(IDENTITY, maskOf(150, 250), FAR_LANDMARKS, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.max(...turned.sides.weightsM)).toBe(0);
  });

  it("a dress's rows end at the hip joints, and the last carries its hanging skirt down to the hem, sides skinned to the legs too", () => {
    // The panel from y 0.4 m (a skirt to the knees) to the armpits; the hip joints at 0.95 m.
    const dress = top(0.4, 0, true, true);
    expect(dress.sides.rowYM[SIDE_ROWS - 1]).toBeCloseTo(0.95, 6);
    const last = dress.mesh.geometry.morphAttributes.position![2 * (SIDE_ROWS - 1)]!;
    // Panel rows are 5 cm apart from y 0.4: row 11 is at 0.95 (the hips), row 7 at 0.75 (the skirt), row 0 the hem.
    expect(last.getX(vertex(11, 8))).toBeCloseTo(1, 6);
    expect(last.getX(vertex(7, 8))).toBeCloseTo(1, 6);
    expect(last.getX(vertex(0, 8))).toBeCloseTo(1, 6);
    // The side skinned to a leg bone hangs from the hips with the rest of the skirt (its cloth flag says so); the
    // sleeve's vertex, skinned to another bone and not flagged, never moves.
    const count = dress.mesh.geometry.getAttribute('position').count;
    expect(last.getX(count - 1)).toBeCloseTo(1, 6);
    expect(last.getX(count - 2)).toBe(0);
  });

  it("a hanging skirt's hip row encloses shorts wider than a top's side reach, with a skirt's ease; a top's side keeps its cut there", () => {
    // The seams at x 160 and 240 px; the person 10 px further out each side down to the waist (y 180 px), then
    // widening at 45° to 30 px (7.5 cm, past a top's 4 cm) at the hip row (y 210 px): shorts wider than the dress.
    const hips = Float64Array.from(FAR_LANDMARKS);
    hips.set([100, 600], 2 * 23);
    hips.set([300, 600], 2 * 24);
    const wide = spansMask((y) => {
      const out = Math.min(30, 10 + Math.max(0, y - 180));
      return [160 - out, 240 + out];
    });
    const dress = top(0.4, 0, true, true);
    dress.sides.fit(IDENTITY, wide, hips, CM_PER_PX, NO_ARMS, PX_PER_M);
    for (const side of [0, 1]) {
      // 30 px to the mask's edge and 0.7 cm (2.8 px) of ease, within a pixel (the edge is read between samples).
      expect(Math.abs(dress.sides.weightsM[2 * (SIDE_ROWS - 1) + side]! * PX_PER_M - 32.8)).toBeLessThanOrEqual(1);
    }
    // The hips 100 px apart: the mask running on past that is someone beside the shopper, and the skirt keeps its cut.
    const near = Float64Array.from(hips);
    near.set([150, 600], 2 * 23);
    near.set([250, 600], 2 * 24);
    const beside = top(0.4, 0, true, true);
    beside.sides.fit(IDENTITY, maskOf(0, 400), near, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(beside.sides.weightsM[2 * (SIDE_ROWS - 1)]).toBe(0);
    const shirt = top(0.4);
    shirt.sides.fit(IDENTITY, maskOf(0, 400), hips, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(shirt.sides.weightsM[2 * (SIDE_ROWS - 1)]).toBe(0);
  });

  it('a garment with no cloth at the armpits (trousers) gets no targets', () => {
    const { mesh, sides } = top(0.4, 0);
    expect(sides.present).toBe(true);
    const trousers = new THREE.SkinnedMesh(mesh.geometry.clone(), mesh.material);
    const pos = trousers.geometry.getAttribute('position');
    for (let i = 0; i < pos.count; i++) pos.setY(i, Math.min(pos.getY(i), 0.95));
    trousers.geometry.morphAttributes = {};
    trousers.add(mesh.skeleton.bones[0]!.clone());
    trousers.bind(mesh.skeleton);
    expect(new TorsoSides3d([trousers], T_POSE_JOINTS_M).present).toBe(false);
    expect(trousers.geometry.morphAttributes.position).toBeUndefined();
  });
});
