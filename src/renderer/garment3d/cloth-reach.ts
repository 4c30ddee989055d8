import * as THREE from 'three';
import { dominantSlot } from './dominant-slot';

/**
 * A trouser leg (or sleeve) longer than the shopper's limb does not go through the floor: the cloth gathers above
 * the shoe (the hand) and the hem stops there. It may reach this share of the last segment past its end joint —
 * the 2D rig's own allowance (src/renderer/garment/rig.ts, MAX_PAST_END), so a garment ends at the same place in 2D
 * and 3D.
 */
export const MAX_PAST_END = 0.06;

/**
 * How far a garment's cloth reaches past a joint along its bone, in the bind pose: the largest distance, measured
 * along the bone (joint → child joint), of the vertices whose strongest skin weight is that bone. Metres; 0 when no
 * vertex belongs to the bone.
 *
 * @param mesh the garment's skinned mesh (its geometry as it will be drawn: after any re-size).
 * @param slot the bone's index in `mesh.skeleton.bones`.
 * @param jointM the bone's joint, model space metres.
 * @param childM its child's joint, model space metres.
 * @param modelFromMesh the mesh's local space → model space, as bound.
 */
export function clothReachM(mesh: THREE.SkinnedMesh, slot: number, jointM: THREE.Vector3, childM: THREE.Vector3, modelFromMesh: THREE.Matrix4): number {
  const pos = mesh.geometry.getAttribute('position');
  const skinIndex = mesh.geometry.getAttribute('skinIndex');
  const skinWeight = mesh.geometry.getAttribute('skinWeight');
  if (!pos || !skinIndex || !skinWeight) return 0;
  const axis = childM.clone().sub(jointM);
  if (axis.lengthSq() < 1e-12) return 0;
  axis.normalize();
  const v = new THREE.Vector3();
  let reach = 0;
  for (let i = 0; i < pos.count; i++) {
    if (dominantSlot(skinIndex, skinWeight, i) !== slot) continue;
    v.fromBufferAttribute(pos, i).applyMatrix4(modelFromMesh).sub(jointM);
    reach = Math.max(reach, v.dot(axis));
  }
  return reach;
}

/**
 * The factor along a bone that keeps its cloth within {@link MAX_PAST_END} of the segment past the segment's end:
 * 1 when the cloth is short enough, else (1 + MAX_PAST_END) × segment ÷ reach.
 * @param reachM the cloth's reach along the bone ({@link clothReachM}).
 * @param segmentM the shopper's segment this frame (joint → child joint), metres.
 */
export function gatherFactor(reachM: number, segmentM: number): number {
  const allowed = (1 + MAX_PAST_END) * segmentM;
  return reachM > allowed && allowed > 0 ? allowed / reachM : 1;
}
