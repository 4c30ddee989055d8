import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PoseLandmark as L } from '../../shared/pose';
import { ARM_CAPSULES, type PersonMaskInput } from '../garment/leg-silhouette';
import { drawnPx, pictureWorld, skinnedPoints, spansMask } from '../../../tests/helpers/seam-rigs';
import { HUMANOID_BONES, T_POSE_JOINTS_M } from './humanoid';
import { appendMorphTargets } from './morph-targets';
import { LIMB_ROWS, LimbSides3d } from './limb-sides-3d';

/** 200 camera px a model metre, the model's origin at (200, 400) px, y down (pictureWorld). */
const PX_PER_M = 200;
/** 0.25 cm a camera px: a sleeve's edge is put at most 9 cm = 36 px from the arm's line. */
const CM_PER_PX = 0.25;
const NO_ARMS = new Float64Array(5 * ARM_CAPSULES).fill(-1e4);
/** The tube's radius, m: its edge 10 px from the arm's line. */
const RADIUS_M = 0.05;
/** Vertices round each ring of a tube (see skinnedTube). */
const AROUND = 12;
const RINGS = 11;

const joint = (name: string): THREE.Vector3 => {
  const i = HUMANOID_BONES.indexOf(name as (typeof HUMANOID_BONES)[number]);
  return new THREE.Vector3(T_POSE_JOINTS_M[3 * i], T_POSE_JOINTS_M[3 * i + 1], T_POSE_JOINTS_M[3 * i + 2]);
};

/**
 * A tube of cloth round the axis from bone `names[1]`'s joint to `names[2]`'s on the reference skeleton (a chain of
 * the three bones), rings of {@link AROUND} starting on `first` (a unit direction off the axis) and turning towards
 * +z, skinned to `names[1]`; its morph targets `ownTargets` empty ones (at weight 0.5) then the fit's, in a world that
 * maps model metres to camera px (y down), posed by `pose` (the middle bone's rotation, as the solver sets it).
 */
function skinnedTube(names: readonly [string, string, string], radiusM: number, first: THREE.Vector3, pose: THREE.Quaternion, ownTargets = 0): { mesh: THREE.SkinnedMesh; bones: THREE.Bone[]; sides: LimbSides3d; world: THREE.Group } {
  const bones = names.map((name) => Object.assign(new THREE.Bone(), { name }));
  bones[0]!.position.copy(joint(names[0]));
  for (let b = 1; b < 3; b++) {
    bones[b - 1]!.add(bones[b]!);
    bones[b]!.position.copy(joint(names[b]!)).sub(joint(names[b - 1]!));
  }
  const positions: number[] = [];
  const s = joint(names[1]);
  const e = joint(names[2]);
  const second = new THREE.Vector3(0, 0, 1);
  const p = new THREE.Vector3();
  for (let r = 0; r < RINGS; r++) {
    for (let k = 0; k < AROUND; k++) {
      const a = (2 * Math.PI * k) / AROUND;
      p.lerpVectors(s, e, r / (RINGS - 1)).addScaledVector(first, radiusM * Math.cos(a)).addScaledVector(second, radiusM * Math.sin(a));
      positions.push(p.x, p.y, p.z);
    }
  }
  const mesh = skinnedPoints(positions, new Array<number>(positions.length / 3).fill(1), bones);
  if (ownTargets > 0) {
    appendMorphTargets(mesh, Array.from({ length: ownTargets }, () => new THREE.BufferAttribute(new Float32Array(positions.length), 3)));
    mesh.morphTargetInfluences!.fill(0.5);
  }
  const sides = new LimbSides3d([mesh], T_POSE_JOINTS_M);
  bones[1]!.quaternion.copy(pose);
  const world = pictureWorld(mesh);
  return { mesh, bones, sides, world };
}

/**
 * A sleeve on the wearer's left upper arm: a tube round the shoulder → elbow axis (x 0.17… 0.4 m at y 1.44), its
 * rings starting on the T-pose's top line, posed by `upperArm`. The landmarks are the joints drawn.
 */
function sleeve(upperArm: THREE.Quaternion, ownTargets = 0): { mesh: THREE.SkinnedMesh; sides: LimbSides3d; lm: Float64Array } {
  const { mesh, bones, sides, world } = skinnedTube(['chest', 'leftUpperArm', 'leftLowerArm'], RADIUS_M, new THREE.Vector3(0, 1, 0), upperArm, ownTargets);
  const lm = new Float64Array(66).fill(-1e4);
  const put = (landmark: number, p: THREE.Vector3): void => {
    lm[2 * landmark] = p.x;
    lm[2 * landmark + 1] = p.y;
  };
  put(L.leftShoulder, bones[1]!.getWorldPosition(new THREE.Vector3()));
  put(L.leftElbow, bones[2]!.getWorldPosition(new THREE.Vector3()));
  put(L.rightShoulder, joint('rightUpperArm').applyMatrix4(world.matrixWorld));
  return { mesh, sides, lm };
}

/** A 400 × 400 mask whose person covers x `a`…`b` (end exclusive) on every row. */
const maskOf = (a: number, b: number): PersonMaskInput => spansMask(() => [a, b]);

/** The mirror's world is the camera picture here. */
const IDENTITY = new THREE.Matrix4();

/** The upper arm hanging down at the side: the T-pose's +x arm turned 90° down about the body's front axis. */
const HANGING = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 0, 1), -Math.PI / 2);

describe('LimbSides3d: a sleeve', () => {
  it('adds a target a row and arm that moves the sleeve towards its T-pose top line, the top the whole way, the underside not at all', () => {
    const { mesh, sides } = sleeve(new THREE.Quaternion());
    expect(sides.present).toBe(true);
    const targets = mesh.geometry.morphAttributes.position!;
    // One side: the left sleeve's outer side (no right sleeve, no legs).
    expect(targets).toHaveLength(LIMB_ROWS);
    // Ring 4 of 11 (t 0.4) lies on row 2 of 6 (t 0.4): its top vertex moves 1 m up a unit weight, the front (a quarter
    // round) and the underside not at all.
    const top = 4 * AROUND;
    expect(targets[2]!.getY(top)).toBeCloseTo(1, 6);
    expect(targets[2]!.getX(top)).toBeCloseTo(0, 6);
    expect(targets[2]!.getY(top + 3)).toBeCloseTo(0, 5);
    expect(targets[2]!.getY(top + 6)).toBe(0);
    // Between rows: ring 5 (t 0.5) halfway between rows 2 and 3.
    expect(targets[2]!.getY(5 * AROUND)).toBeCloseTo(0.5, 5);
    expect(targets[3]!.getY(5 * AROUND)).toBeCloseTo(0.5, 5);
  });

  it("lands a hanging arm's outer edge on the person mask and leaves its inner side as cut", () => {
    const { mesh, sides, lm } = sleeve(HANGING);
    // Hanging, the top line is the outer side: x 234 + 10 px; the person 10 px further out.
    const top = 5 * AROUND;
    expect(drawnPx(mesh, top).x).toBeCloseTo(244, 3);
    sides.fit(IDENTITY, maskOf(150, 254), lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    for (let row = 0; row < LIMB_ROWS; row++) expect(Math.abs(sides.weightsM[row]! * PX_PER_M - 10), `row ${row}`).toBeLessThanOrEqual(1);
    for (const ring of [2, 5, 8]) {
      // Within a pixel: the mask's edge is read where it crosses one half between pixel samples.
      expect(Math.abs(drawnPx(mesh, ring * AROUND).x - 254), `ring ${ring}`).toBeLessThanOrEqual(1);
      expect(drawnPx(mesh, ring * AROUND + 6).x).toBeCloseTo(224, 3);
    }
  });

  it('keeps the cut where the mask runs on past 9 cm, where the picture cannot say which side is out, and where the top line faces the camera', () => {
    const wide = sleeve(HANGING);
    wide.sides.fit(IDENTITY, maskOf(0, 400), wide.lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.max(...wide.sides.weightsM)).toBe(0);
    // Held out level (the T-pose): the arm's normal is up or down, at right angles to the shoulder line.
    const level = sleeve(new THREE.Quaternion());
    level.sides.fit(IDENTITY, maskOf(0, 400), level.lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.max(...level.sides.weightsM)).toBe(0);
    // Hanging, but twisted a quarter turn about its own line first: the top line faces the camera.
    const twisted = sleeve(HANGING.clone().multiply(new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(1, 0, 0), Math.PI / 2)));
    twisted.sides.fit(IDENTITY, maskOf(150, 254), twisted.lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.max(...twisted.sides.weightsM)).toBe(0);
  });

  it("adds its targets after the cloth's own and leaves their weights alone", () => {
    const { mesh, sides, lm } = sleeve(HANGING, 3);
    expect(mesh.geometry.morphAttributes.position).toHaveLength(3 + LIMB_ROWS);
    sides.fit(IDENTITY, maskOf(150, 254), lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Array.from(mesh.morphTargetInfluences!.slice(0, 3))).toEqual([0.5, 0.5, 0.5]);
    expect(mesh.morphTargetInfluences![3]! * PX_PER_M).toBeGreaterThan(9);
  });

  it('a garment without cloth round the upper arms gets no targets', () => {
    const { mesh } = sleeve(new THREE.Quaternion());
    const trousers = new THREE.SkinnedMesh(mesh.geometry.clone(), mesh.material);
    trousers.geometry.morphAttributes = {};
    const skin = trousers.geometry.getAttribute('skinIndex');
    for (let i = 0; i < skin.count; i++) skin.setX(i, 0);
    trousers.add(mesh.skeleton.bones[0]!.clone());
    trousers.bind(mesh.skeleton);
    expect(new LimbSides3d([trousers], T_POSE_JOINTS_M).present).toBe(false);
    expect(trousers.geometry.morphAttributes.position).toBeUndefined();
  });
});

/** The thigh tube's radius, m: its edges 30 px either side of the leg's line. */
const THIGH_M = 0.15;

/**
 * A trouser leg on the wearer's left thigh: a tube round the hip → knee axis (y 0.95…0.55 m at x 0.12), its rings
 * starting on its outer side (+x); standing, drawn with the leg's line at x 224 px from y 210 to 290, its cloth's
 * edges at 194 and 254. The other leg's landmarks 100 px to the picture's left: the divide between the legs at x 174.
 */
function thigh(): { mesh: THREE.SkinnedMesh; sides: LimbSides3d; lm: Float64Array } {
  const { mesh, sides } = skinnedTube(['hips', 'leftUpperLeg', 'leftLowerLeg'], THIGH_M, new THREE.Vector3(1, 0, 0), new THREE.Quaternion());
  const lm = new Float64Array(66).fill(-1e4);
  lm.set([224, 210], 2 * L.leftHip);
  lm.set([224, 290], 2 * L.leftKnee);
  lm.set([124, 210], 2 * L.rightHip);
  lm.set([124, 290], 2 * L.rightKnee);
  return { mesh, sides, lm };
}

/** A 400 × 400 mask whose person covers x `[a, b)` on rows above y 250 and `[c, d)` below. */
const legMask = (a: number, b: number, c: number, d: number): PersonMaskInput => spansMask((y) => (y < 250 ? [a, b] : [c, d]));

describe('LimbSides3d: a trouser leg', () => {
  it('adds targets for its outer and inner sides, each moving its own side of the thigh along x', () => {
    const { mesh, sides } = thigh();
    expect(sides.present).toBe(true);
    const targets = mesh.geometry.morphAttributes.position!;
    expect(targets).toHaveLength(2 * LIMB_ROWS);
    // Ring 4 (t 0.4) on row 2: the outer side's target moves its outer vertex 1 m out (+x), the inner side's its inner
    // vertex (half-way round) 1 m in (−x); neither moves the other's.
    const ring = 4 * AROUND;
    expect(targets[2]!.getX(ring)).toBeCloseTo(1, 6);
    expect(targets[2]!.getX(ring + 6)).toBeCloseTo(0, 9);
    expect(targets[LIMB_ROWS + 2]!.getX(ring + 6)).toBeCloseTo(-1, 6);
    expect(targets[LIMB_ROWS + 2]!.getX(ring)).toBeCloseTo(0, 9);
  });

  it('covers his shorts: the outer side onto their edge and hanging straight below their hem, the inner side to the divide between the legs', () => {
    const { mesh, sides, lm } = thigh();
    // Shorts to x 264 above y 250 (10 px past the cloth), the bare thigh to 244 below (inside it); the person runs
    // on past the divide towards the other leg.
    sides.fit(IDENTITY, legMask(100, 264, 100, 244), lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    for (const ring of [2, 3]) expect(Math.abs(drawnPx(mesh, ring * AROUND).x - 264), `ring ${ring}`).toBeLessThanOrEqual(1);
    // Below the hem it hangs: as wide as the widest above.
    for (const ring of [7, 9]) expect(drawnPx(mesh, ring * AROUND).x, `ring ${ring}`).toBeGreaterThan(263);
    const outer = Array.from(sides.weightsM.subarray(0, LIMB_ROWS));
    for (let row = 1; row < LIMB_ROWS; row++) expect(outer[row]!).toBeGreaterThanOrEqual(outer[row - 1]! - 1e-9);
    // The inner side to the divide (x 174), no further.
    for (const ring of [3, 8]) expect(Math.abs(drawnPx(mesh, ring * AROUND + 6).x - 174), `ring ${ring}`).toBeLessThanOrEqual(1);
  });

  it('opens the room between the legs: the inner side comes in onto a gap inside the cloth, but not past half a knee', () => {
    const gap = thigh();
    // The person from x 200 (24 px = 6 cm from the line): the cloth's inner edge at 194 comes in to 200.
    gap.sides.fit(IDENTITY, legMask(200, 254, 200, 254), gap.lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    for (const ring of [3, 8]) expect(Math.abs(drawnPx(gap.mesh, ring * AROUND + 6).x - 200), `ring ${ring}`).toBeLessThanOrEqual(1);
    expect(Math.min(...gap.sides.weightsM)).toBeLessThan(0);
    // From x 212 (3 cm from the line, under half a knee's 5 cm): the line is off his leg; the cloth keeps its cut.
    const near = thigh();
    near.sides.fit(IDENTITY, legMask(212, 254, 212, 254), near.lm, CM_PER_PX, NO_ARMS, PX_PER_M);
    expect(Math.min(...near.sides.weightsM)).toBe(0);
    expect(drawnPx(near.mesh, 5 * AROUND + 6).x).toBeCloseTo(194, 3);
  });
});
