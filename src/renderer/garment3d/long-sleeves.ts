import * as THREE from 'three';
import { dominantSlot } from './dominant-slot';
import { B, HUMANOID_BONES } from './humanoid';

/** The bones whose cloth makes a sleeve long: below the elbows, to the cuffs. */
const BELOW_ELBOW_BONES: readonly number[] = [B.leftLowerArm, B.rightLowerArm, B.leftHand, B.rightHand];
/** The bones whose cloth is a sleeve, shoulder to cuff, per arm. */
const SLEEVE_BONES = { left: [B.leftUpperArm, B.leftLowerArm, B.leftHand], right: [B.rightUpperArm, B.rightLowerArm, B.rightHand] } as const;

/**
 * The triangles of a skinned garment's long sleeves, shoulder to cuff: those with a vertex whose strongest skin weight
 * is an arm's or a hand's (of the wearer's `side` only, where given). Vertex indices, three per triangle; empty for a
 * garment with no cloth below the elbows (a tee's short sleeves stay under the shopper's forearms, as they are).
 */
export function longSleeveTriangles(mesh: THREE.SkinnedMesh, side?: 'left' | 'right'): number[] {
  const g = mesh.geometry;
  const skinIndex = g.getAttribute('skinIndex');
  const skinWeight = g.getAttribute('skinWeight');
  const pos = g.getAttribute('position');
  if (!skinIndex || !skinWeight || !pos) return [];
  const slotsOf = (bones: readonly number[]): Set<number> => new Set(bones.map((b) => mesh.skeleton.bones.findIndex((bone) => bone.name === HUMANOID_BONES[b])).filter((s) => s >= 0));
  const belowElbow = slotsOf(BELOW_ELBOW_BONES);
  const sleeve = slotsOf(side ? SLEEVE_BONES[side] : [...SLEEVE_BONES.left, ...SLEEVE_BONES.right]);
  const dominant = Int32Array.from({ length: pos.count }, (_, i) => dominantSlot(skinIndex, skinWeight, i));
  if (!dominant.some((s) => belowElbow.has(s))) return [];
  const index = g.getIndex();
  const count = index ? index.count : pos.count;
  const out: number[] = [];
  for (let t = 0; t + 2 < count; t += 3) {
    const a = index ? index.getX(t) : t;
    const b = index ? index.getX(t + 1) : t + 1;
    const c = index ? index.getX(t + 2) : t + 2;
    if (sleeve.has(dominant[a]!) || sleeve.has(dominant[b]!) || sleeve.has(dominant[c]!)) out.push(a, b, c);
  }
  return out;
}

/**
 * A garment's long sleeve (one arm's) drawn a second time, over the shopper's forearm: the mirror redraws the camera picture's
 * forearms over every garment (the occluder, src/renderer/scene/occluder-layer.ts — BlazePose's depth puts a fist in
 * front of the chest inside the cloth), and a sleeve round the forearm must then cover that again, as a 2D garment's
 * sleeve over the torso does (src/renderer/garment/rig.ts: one tube, shoulder to cuff). The whole sleeve, not only
 * its lower part: the occluder's forearm capsule reaches round the elbow, over the upper sleeve's end. The same
 * skinned cloth (its attributes shared, its skeleton and bind matrix too), only its sleeves' triangles, in
 * `material`: with the depth test passing on equal depth (three.js's default), it lands exactly where the cloth
 * already won the depth test (a sleeve behind the body stays hidden). One mesh per arm, so that each arm's material
 * can end it where the camera picture's hand comes out of it (cuff-line.ts).
 *
 * @param mesh the garment's skinned mesh, as it will be drawn (after any re-size and its morph targets; borrowed).
 * @param material the cloth's material for the second pass (borrowed).
 * @param side the wearer's arm whose sleeve it draws; both where not given.
 * @returns a new mesh to add beside `mesh` (the caller disposes its geometry), or null when its sleeves are short.
 */
export function createLongSleeves(mesh: THREE.SkinnedMesh, material: THREE.Material, side?: 'left' | 'right'): THREE.SkinnedMesh | null {
  const triangles = longSleeveTriangles(mesh, side);
  if (triangles.length === 0) return null;
  const g = new THREE.BufferGeometry();
  for (const [name, attribute] of Object.entries(mesh.geometry.attributes)) g.setAttribute(name, attribute);
  g.setIndex(triangles);
  // The cloth's morph targets too (its sides and sleeves widened onto the shopper: torso-sides-3d.ts,
  // sleeve-sides-3d.ts), with the very weights the cloth is drawn with: the second pass lands on the first's depth.
  g.morphAttributes = mesh.geometry.morphAttributes;
  g.morphTargetsRelative = mesh.geometry.morphTargetsRelative;
  const sleeves = new THREE.SkinnedMesh(g, material);
  if (mesh.morphTargetInfluences) sleeves.morphTargetInfluences = mesh.morphTargetInfluences;
  sleeves.name = `${mesh.name}-${side ? `${side}-sleeve` : 'sleeves'}-over-forearms`;
  sleeves.position.copy(mesh.position);
  sleeves.quaternion.copy(mesh.quaternion);
  sleeves.scale.copy(mesh.scale);
  sleeves.frustumCulled = false;
  sleeves.bind(mesh.skeleton, mesh.bindMatrix);
  return sleeves;
}
