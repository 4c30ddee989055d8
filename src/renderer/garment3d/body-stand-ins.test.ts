import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { createBodyStandIns } from './body-stand-ins';
import { B, HUMANOID_BONES, PARENT, T_POSE_JOINTS_M } from './humanoid';

const HALF_BREADTH_M = 0.17;
const joint = (b: number): THREE.Vector3 => new THREE.Vector3().fromArray(T_POSE_JOINTS_M, 3 * b);

/** A garment's skinned mesh on the reference skeleton in its bind pose (the stand-ins only need its skeleton). */
function garmentOnReferenceBody(): THREE.SkinnedMesh {
  const bones = HUMANOID_BONES.map((name) => Object.assign(new THREE.Bone(), { name }));
  bones.forEach((bone, b) => {
    const parent = PARENT[b]!;
    bone.position.copy(parent < 0 ? joint(b) : joint(b).sub(joint(parent)));
    if (parent >= 0) bones[parent]!.add(bone);
  });
  const mesh = new THREE.SkinnedMesh(new THREE.BufferGeometry(), new THREE.MeshBasicMaterial());
  mesh.add(bones[0]!);
  mesh.updateMatrixWorld(true);
  mesh.bind(new THREE.Skeleton(bones));
  return mesh;
}

describe('the body stand-ins', () => {
  const standIns = createBodyStandIns(garmentOnReferenceBody(), T_POSE_JOINTS_M, HALF_BREADTH_M);
  const position = standIns.geometry.getAttribute('position');
  const skin = standIns.geometry.getAttribute('skinIndex');
  const trunk = [...Array(position.count).keys()].filter((i) => [B.hips, B.spine, B.chest].includes(skin.getX(i)));

  it('the trunk stays behind any garment front: no deeper than half the chest depth of a slim adult', () => {
    expect(trunk.length).toBeGreaterThan(0);
    const frontM = Math.max(...trunk.map((i) => position.getZ(i)));
    // 8.5 cm ahead of the spine's line; a chest is ≈ 12 cm deep from there, and cloth lies on it.
    expect(frontM).toBeLessThanOrEqual(0.5 * HALF_BREADTH_M + 1e-6);
    expect(frontM).toBeGreaterThan(0.05);
  });

  it('its outline covers where a strap runs down the back (10 cm off the middle, below the shoulder top)', () => {
    // The trunk is convex: holding a point 10 cm out on each side above and below the strap's run covers the run.
    const shoulderY = joint(B.leftUpperArm).y;
    for (const side of [1, -1]) {
      const out = trunk.filter((i) => side * position.getX(i) >= 0.1);
      expect(Math.max(...out.map((i) => position.getY(i))), 'above').toBeGreaterThanOrEqual(shoulderY - 0.06);
      expect(Math.min(...out.map((i) => position.getY(i))), 'below').toBeLessThanOrEqual(shoulderY - 0.13);
    }
  });

  it('bends with the spine: each part of the trunk follows the bone its height is in', () => {
    const spineY = joint(B.spine).y;
    const chestY = joint(B.chest).y;
    for (const i of trunk) {
      const y = position.getY(i);
      expect(skin.getX(i)).toBe(y < spineY ? B.hips : y < chestY ? B.spine : B.chest);
    }
  });
});
