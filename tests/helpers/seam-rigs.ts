import * as THREE from 'three';
import type { PersonMaskInput } from '../../src/renderer/garment/leg-silhouette';

/**
 * Pictures and read-backs for the tests of the 3D fits that move a garment's cloth onto the shopper's outline
 * (src/renderer/garment3d/torso-sides-3d.ts, limb-sides-3d.ts): a 400 × 400 camera picture whose mask is the person
 * on spans of each row, and a skinned vertex as drawn.
 */

/** A 400 × 400 mask whose person covers x `[a, b)` of each row y, `spanAt(y)` giving `[a, b]`. */
export function spansMask(spanAt: (y: number) => readonly [number, number]): PersonMaskInput {
  const data = new Uint8Array(400 * 400);
  for (let y = 0; y < 400; y++) {
    const [a, b] = spanAt(y);
    data.fill(255, y * 400 + a, y * 400 + b);
  }
  return { mask: { widthPx: 400, heightPx: 400, data }, frameWidthPx: 400, frameHeightPx: 400 };
}

/**
 * Vertex `i` as drawn (skinned, morphed), camera px: the bones' world matrices place it, the mesh bound at the
 * world's origin.
 */
export function drawnPx(mesh: THREE.SkinnedMesh, i: number): THREE.Vector3 {
  return mesh.getVertexPosition(i, new THREE.Vector3()).applyMatrix4(mesh.bindMatrixInverse.clone().invert());
}

/**
 * A skinned mesh of `positions` (model metres, x, y, z), each vertex wholly on the bone `boneOf[i]` (an index into
 * `bones`, whose first is the root), bound at the world's origin (the bones' positions as set: the bind pose).
 */
export function skinnedPoints(positions: readonly number[], boneOf: readonly number[], bones: THREE.Bone[]): THREE.SkinnedMesh {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  g.setAttribute('skinIndex', new THREE.Uint16BufferAttribute(boneOf.flatMap((b) => [b, 0, 0, 0]), 4));
  g.setAttribute('skinWeight', new THREE.Float32BufferAttribute(boneOf.flatMap(() => [1, 0, 0, 0]), 4));
  const mesh = new THREE.SkinnedMesh(g, new THREE.MeshBasicMaterial());
  mesh.add(bones[0]!);
  mesh.updateMatrixWorld(true);
  mesh.bind(new THREE.Skeleton(bones));
  return mesh;
}

/** A world that draws model metres as camera px (200 px a metre, y down, the model's origin at (200, 400) px), holding `mesh`. */
export function pictureWorld(mesh: THREE.Object3D, yawDeg = 0): THREE.Group {
  const world = new THREE.Group();
  world.add(mesh);
  world.rotation.y = THREE.MathUtils.degToRad(yawDeg);
  world.scale.set(200, -200, 200);
  world.position.set(200, 400, 0);
  world.updateMatrixWorld(true);
  return world;
}
