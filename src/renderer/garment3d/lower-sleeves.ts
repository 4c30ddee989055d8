import * as THREE from 'three';
import { dominantSlot } from './dominant-slot';
import { B, HUMANOID_BONES } from './humanoid';

/** The bones whose cloth is a long sleeve's lower part: below the elbows, to the cuffs. */
const LOWER_SLEEVE_BONES: readonly number[] = [B.leftLowerArm, B.rightLowerArm, B.leftHand, B.rightHand];

/**
 * The triangles of a skinned garment that are a long sleeve's lower part: those with a vertex whose strongest skin
 * weight is a forearm's or a hand's (so the band across the elbow, blended with the upper arm, comes too). Vertex
 * indices, three per triangle; empty for a garment with no cloth below the elbows (a tee's short sleeves).
 */
export function lowerSleeveTriangles(mesh: THREE.SkinnedMesh): number[] {
  const g = mesh.geometry;
  const skinIndex = g.getAttribute('skinIndex');
  const skinWeight = g.getAttribute('skinWeight');
  const pos = g.getAttribute('position');
  if (!skinIndex || !skinWeight || !pos) return [];
  const slots = new Set(LOWER_SLEEVE_BONES.map((b) => mesh.skeleton.bones.findIndex((bone) => bone.name === HUMANOID_BONES[b])).filter((s) => s >= 0));
  if (slots.size === 0) return [];
  const lower = Uint8Array.from({ length: pos.count }, (_, i) => (slots.has(dominantSlot(skinIndex, skinWeight, i)) ? 1 : 0));
  const index = g.getIndex();
  const count = index ? index.count : pos.count;
  const out: number[] = [];
  for (let t = 0; t + 2 < count; t += 3) {
    const a = index ? index.getX(t) : t;
    const b = index ? index.getX(t + 1) : t + 1;
    const c = index ? index.getX(t + 2) : t + 2;
    if (lower[a] || lower[b] || lower[c]) out.push(a, b, c);
  }
  return out;
}

/**
 * A long sleeve's lower part drawn a second time, over the shopper's forearms: the mirror redraws the camera
 * picture's forearms over every garment (the occluder, src/renderer/scene/occluder-layer.ts — BlazePose's depth
 * puts a fist in front of the chest inside the cloth), and a sleeve round the forearm must then cover that again,
 * as a 2D garment's front part does. The same skinned cloth (its attributes shared, its skeleton and bind matrix
 * too), only its lower-sleeve triangles, in `material`: with the depth test passing on equal depth (three.js's
 * default), it lands exactly where the cloth already won the depth test (a sleeve behind the body or a hand stays
 * hidden).
 *
 * @param mesh the garment's skinned mesh, as it will be drawn (after any re-size; borrowed).
 * @param material the cloth's material for the second pass (borrowed).
 * @returns a new mesh to add beside `mesh` (the caller disposes its geometry), or null when there is no such cloth.
 */
export function createLowerSleeves(mesh: THREE.SkinnedMesh, material: THREE.Material): THREE.SkinnedMesh | null {
  const triangles = lowerSleeveTriangles(mesh);
  if (triangles.length === 0) return null;
  const g = new THREE.BufferGeometry();
  for (const [name, attribute] of Object.entries(mesh.geometry.attributes)) g.setAttribute(name, attribute);
  g.setIndex(triangles);
  const sleeves = new THREE.SkinnedMesh(g, material);
  sleeves.name = `${mesh.name}-lower-sleeves`;
  sleeves.position.copy(mesh.position);
  sleeves.quaternion.copy(mesh.quaternion);
  sleeves.scale.copy(mesh.scale);
  sleeves.frustumCulled = false;
  sleeves.bind(mesh.skeleton, mesh.bindMatrix);
  return sleeves;
}
