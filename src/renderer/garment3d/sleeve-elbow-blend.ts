import type * as THREE from 'three';

type Attribute = THREE.BufferAttribute | THREE.InterleavedBufferAttribute;

/** The weight vertex `i` has on skin slot `slot` (0 when none of its four slots is it). */
function weightOn(skinIndex: Attribute, skinWeight: Attribute, i: number, slot: number): number {
  let w = 0;
  for (let k = 0; k < 4; k++) if (skinIndex.getComponent(i, k) === slot) w += skinWeight.getComponent(i, k);
  return w;
}

/**
 * Makes an arm's depth-only stand-in bend at the elbow as the sleeve round it bends. A sleeve's cloth blends from the
 * upper arm's bone to the forearm's across the elbow (the demo's over 8 cm, src/core/demo/model3d.ts), and linear-blend
 * skinning pulls a blended ring towards the joint when the elbow flexes; a stand-in riding rigidly on its bone does
 * not follow, so on the mirror clip's frame 60 (elbow at ≈ 80°) the rigid upper-arm and forearm capsules stood out
 * through the crook's cloth and, being depth only, cut a hole in the sleeve where the camera's bare arm showed.
 *
 * Each stand-in vertex takes the forearm's share the cloth has at its place along the arm (interpolated between the
 * nearest cloth on either side of it, as the cloth's own triangles interpolate): a stand-in slice and the cloth ring
 * round it then move by the same blended matrix, and an affine map keeps the ring round it. A vertex with the arm's
 * cloth on one side only (past a short sleeve's hem, past a cuff) keeps its own bone.
 *
 * @param garment the garment's skinned mesh, in its bind pose (borrowed; read only).
 * @param upperSlot the upper arm's skin slot in `garment.skeleton.bones`; `lowerSlot` the forearm's.
 * @param elbowM the elbow joint in the garment mesh's local space, metres (borrowed).
 * @param alongArm unit vector from the elbow towards the wrist, in the same space (borrowed).
 * @param positionM the stand-in's vertices in the same space, metres, interleaved x, y, z (borrowed).
 * @param skinIndex the stand-in's skin slots, four per vertex, rewritten in place where the cloth bends (borrowed).
 * @param skinWeight the stand-in's skin weights, four per vertex, rewritten with `skinIndex` (borrowed).
 * @returns how many stand-in vertices now follow the cloth's split.
 */
export function bendWithSleeve(
  garment: THREE.SkinnedMesh,
  upperSlot: number,
  lowerSlot: number,
  elbowM: THREE.Vector3,
  alongArm: THREE.Vector3,
  positionM: ArrayLike<number>,
  skinIndex: Uint16Array,
  skinWeight: Float32Array,
): number {
  const g = garment.geometry;
  const pos = g.getAttribute('position');
  const index = g.getAttribute('skinIndex');
  const weight = g.getAttribute('skinWeight');
  if (!pos || !index || !weight) return 0;
  const alongM = (x: number, y: number, z: number): number => (x - elbowM.x) * alongArm.x + (y - elbowM.y) * alongArm.y + (z - elbowM.z) * alongArm.z;
  // The cloth that moves with this arm, by its place along the arm: [along, forearm share] pairs, sorted.
  const cloth: [number, number][] = [];
  for (let i = 0; i < pos.count; i++) {
    const upper = weightOn(index, weight, i, upperSlot);
    const lower = weightOn(index, weight, i, lowerSlot);
    if (upper > 0 || lower > 0) cloth.push([alongM(pos.getX(i), pos.getY(i), pos.getZ(i)), lower / (upper + lower)]);
  }
  cloth.sort((a, b) => a[0] - b[0]);
  let bent = 0;
  for (let v = 0; 3 * v + 2 < positionM.length; v++) {
    const s = alongM(positionM[3 * v]!, positionM[3 * v + 1]!, positionM[3 * v + 2]!);
    // The first cloth at or past s (binary search); the one before it is the last before s.
    let lo = 0;
    let hi = cloth.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cloth[mid]![0] < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0 || lo === cloth.length) continue;
    const [s0, share0] = cloth[lo - 1]!;
    const [s1, share1] = cloth[lo]!;
    const lower = s1 > s0 ? share0 + ((share1 - share0) * (s - s0)) / (s1 - s0) : share1;
    skinIndex.set([upperSlot, lowerSlot, 0, 0], 4 * v);
    skinWeight.set([1 - lower, lower, 0, 0], 4 * v);
    bent++;
  }
  return bent;
}
