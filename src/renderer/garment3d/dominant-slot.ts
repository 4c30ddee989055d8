import type * as THREE from 'three';

/**
 * The skin slot (index into the mesh's `skeleton.bones`) with the strongest weight on vertex `i`: the bone that moves
 * it most, which decides whose cloth the vertex is (the first of equal weights wins).
 * @param skinIndex the geometry's `skinIndex` attribute (4 slots per vertex; borrowed).
 * @param skinWeight the geometry's `skinWeight` attribute (borrowed).
 */
export function dominantSlot(skinIndex: THREE.BufferAttribute | THREE.InterleavedBufferAttribute, skinWeight: THREE.BufferAttribute | THREE.InterleavedBufferAttribute, i: number): number {
  let best = -1;
  let dominant = -1;
  for (let k = 0; k < 4; k++) {
    const w = skinWeight.getComponent(i, k);
    if (w > best) {
      best = w;
      dominant = skinIndex.getComponent(i, k);
    }
  }
  return dominant;
}
