import * as THREE from 'three';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import { dominantSlot } from './dominant-slot';
import { B } from './humanoid';

/**
 * The measurements a GLB's cloth was modelled at (cm, one row of a size chart), from the mesh's glTF extras
 * (`extras.atelier.measurementsCm`, which the demo builder writes), or null when the file does not say.
 */
export function modelledMeasurements(mesh: THREE.Object3D): GarmentMeasurementsCm | null {
  const m = (mesh.userData as { atelier?: { measurementsCm?: unknown } }).atelier?.measurementsCm;
  if (!m || typeof m !== 'object') return null;
  const out: GarmentMeasurementsCm = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number' && v > 0 && Number.isFinite(v)) (out as Record<string, number>)[k] = v;
  return Object.keys(out).length ? out : null;
}

/** A ratio target ÷ modelled of one measurement, or null when either side lacks it. */
function ratio(own: GarmentMeasurementsCm, target: GarmentMeasurementsCm, key: keyof GarmentMeasurementsCm): number | null {
  const a = own[key];
  const b = target[key];
  return a && b ? b / a : null;
}

const ARM_BONES = new Set<number>([B.leftUpperArm, B.leftLowerArm, B.leftHand, B.rightUpperArm, B.rightLowerArm, B.rightHand]);
const LEG_BONES = new Set<number>([B.leftUpperLeg, B.leftLowerLeg, B.leftFoot, B.rightUpperLeg, B.rightLowerLeg, B.rightFoot]);

/**
 * Re-sizes a garment's cloth, in its bind pose, from the measurements it was modelled at to another size's:
 * girth (x and z about the body's axis) by chest, waist and hip, each at its height and blended between them;
 * length from the top of the garment (the high point of the shoulder of a top, the waistband of a bottom) by the
 * length, or a trouser leg below the crotch by the inseam; sleeves along the arm by the sleeve length; a trouser
 * leg's hem by the leg opening. A measurement missing on either side leaves its part as modelled. Modifies the
 * geometry's positions in place and recomputes its normals; skin weights stay, so the resized cloth moves with
 * the same bones.
 *
 * @param mesh the garment's skinned mesh, bound in its bind pose (its geometry is changed).
 * @param bindJointsM the skeleton's bind joints in model space (metres, interleaved x, y, z per HUMANOID_BONES index).
 * @param modelFromMesh the mesh's local space → model space, as bound.
 * @param boneOfSlot humanoid bone index of each of the mesh's skin slots (−1 for other bones).
 */
export function resizeGarment(
  mesh: THREE.SkinnedMesh,
  own: GarmentMeasurementsCm,
  target: GarmentMeasurementsCm,
  bindJointsM: ArrayLike<number>,
  modelFromMesh: THREE.Matrix4,
  boneOfSlot: readonly number[],
): void {
  const pos = mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
  const skinIndex = mesh.geometry.getAttribute('skinIndex');
  const skinWeight = mesh.geometry.getAttribute('skinWeight');
  if (!skinIndex || !skinWeight) return;
  const jy = (b: number): number => bindJointsM[3 * b + 1]!;
  const jx = (b: number): number => bindJointsM[3 * b]!;
  const meshFromModel = modelFromMesh.clone().invert();
  const v = new THREE.Vector3();
  let topY = -Infinity;
  for (let i = 0; i < pos.count; i++) topY = Math.max(topY, v.fromBufferAttribute(pos, i).applyMatrix4(modelFromMesh).y);

  const chest = ratio(own, target, 'chest');
  const waist = ratio(own, target, 'waist');
  const hip = ratio(own, target, 'hip');
  // Girth by height: chest at the chest joint and above, waist at the spine joint, hip at the hips and below;
  // a missing one takes its neighbour's.
  const atChest = chest ?? waist ?? hip ?? 1;
  const atWaist = waist ?? (chest && hip ? (chest + hip) / 2 : chest ?? hip ?? 1);
  const atHip = hip ?? waist ?? chest ?? 1;
  const girth = (y: number): number => {
    if (y >= jy(B.chest)) return atChest;
    if (y >= jy(B.spine)) return atWaist + ((atChest - atWaist) * (y - jy(B.spine))) / (jy(B.chest) - jy(B.spine));
    if (y >= jy(B.hips)) return atHip + ((atWaist - atHip) * (y - jy(B.hips))) / (jy(B.spine) - jy(B.hips));
    return atHip;
  };
  // Trousers (they have an inseam): each leg below the crotch is a tube of its own; the rise above stays.
  const trousers = own.inseam !== undefined && own.chest === undefined;
  const crotchY = jy(B.hips) - 0.1;
  const inseam = ratio(own, target, 'inseam');
  const length = ratio(own, target, 'length');
  const sleeve = ratio(own, target, 'sleeve');
  const opening = ratio(own, target, 'legOpening');
  const kneeY = jy(B.leftLowerLeg);

  for (let i = 0; i < pos.count; i++) {
    v.fromBufferAttribute(pos, i).applyMatrix4(modelFromMesh);
    const dominant = boneOfSlot[dominantSlot(skinIndex, skinWeight, i)] ?? -1;
    if (ARM_BONES.has(dominant)) {
      // Along the arm from the shoulder joint (the T-pose's arms lie along x).
      const side = v.x >= 0 ? 1 : -1;
      const shoulderX = jx(side > 0 ? B.leftUpperArm : B.rightUpperArm);
      if (sleeve && side * (v.x - shoulderX) > 0) v.x = shoulderX + (v.x - shoulderX) * sleeve;
    } else if (trousers && LEG_BONES.has(dominant) && v.y < crotchY) {
      const side = v.x >= 0 ? 1 : -1;
      const legX = jx(side > 0 ? B.leftUpperLeg : B.rightUpperLeg);
      if (opening) {
        // The leg narrows or widens towards the hem, from nothing at the knee.
        const t = Math.min(1, Math.max(0, (kneeY - v.y) / Math.max(0.05, kneeY - (crotchY - 0.8))));
        const k = 1 + (opening - 1) * t;
        v.x = legX + (v.x - legX) * k;
        v.z *= k;
      }
      const k = inseam ?? length;
      if (k) v.y = crotchY - (crotchY - v.y) * k;
    } else {
      const k = girth(v.y);
      v.x *= k;
      v.z *= k;
      if (length && !trousers) v.y = topY - (topY - v.y) * length;
    }
    v.applyMatrix4(meshFromModel);
    pos.setXYZ(i, v.x, v.y, v.z);
  }
  pos.needsUpdate = true;
  mesh.geometry.computeVertexNormals();
  mesh.geometry.computeBoundingSphere();
}
