import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { B, HUMANOID_BONES, T_POSE_JOINTS_M } from './humanoid';
import { bendWithSleeve } from './sleeve-elbow-blend';

const joint = (b: number): THREE.Vector3 => new THREE.Vector3().fromArray(T_POSE_JOINTS_M, 3 * b);
const elbow = joint(B.leftLowerArm);
const alongArm = joint(B.leftHand).sub(elbow).normalize();
/** Skin slots: the mesh's skeleton lists every humanoid bone in order. */
const [UPPER, LOWER, CHEST] = [B.leftUpperArm, B.leftLowerArm, B.chest];

/**
 * A left sleeve as the demo builds one (src/core/demo/model3d.ts): rings 4 cm apart along the arm, 6 cm round, the
 * forearm's share rising from 0 to 1 over 8 cm about the elbow — or, `short`, ending 8 cm above the elbow.
 */
function sleeve(short = false): THREE.SkinnedMesh {
  const position: number[] = [];
  const skinIndex: number[] = [];
  const skinWeight: number[] = [];
  const endM = short ? -0.08 : 0.2;
  for (let s = -0.2; s <= endM + 1e-9; s += 0.04) {
    const lower = THREE.MathUtils.smoothstep(s, -0.04, 0.04);
    for (let k = 0; k < 12; k++) {
      const a = (2 * Math.PI * k) / 12;
      position.push(elbow.x + s, elbow.y + 0.06 * Math.sin(a), 0.06 * Math.cos(a));
      skinIndex.push(UPPER, LOWER, CHEST, 0);
      skinWeight.push(1 - lower, lower, 0, 0);
    }
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(position, 3));
  g.setAttribute('skinIndex', new THREE.Uint16BufferAttribute(skinIndex, 4));
  g.setAttribute('skinWeight', new THREE.Float32BufferAttribute(skinWeight, 4));
  const mesh = new THREE.SkinnedMesh(g, new THREE.MeshBasicMaterial());
  mesh.bind(new THREE.Skeleton(HUMANOID_BONES.map((name) => Object.assign(new THREE.Bone(), { name }))));
  return mesh;
}

/** A stand-in's vertices along the arm's axis at `alongM` (metres from the elbow), all on `bone`. */
function standIn(alongM: number[], bone: number): { position: Float32Array; index: Uint16Array; weight: Float32Array } {
  const position = Float32Array.from(alongM.flatMap((s) => [elbow.x + s, elbow.y + 0.03, 0.02]));
  const index = new Uint16Array(4 * alongM.length);
  const weight = new Float32Array(4 * alongM.length);
  for (let v = 0; v < alongM.length; v++) {
    index[4 * v] = bone;
    weight[4 * v] = 1;
  }
  return { position, index, weight };
}

describe('an arm stand-in bends at the elbow as the sleeve round it', () => {
  it('takes the cloth’s forearm share at its place along the arm, between the rings round it', () => {
    const along = [-0.1, -0.03, -0.02, 0, 0.02, 0.05, 0.1];
    const { position, index, weight } = standIn(along, UPPER);
    expect(bendWithSleeve(sleeve(), UPPER, LOWER, elbow, alongArm, position, index, weight)).toBe(along.length);
    along.forEach((s, v) => {
      // The cloth's share on the rings either side, linearly between them (as the cloth's own triangles are).
      const s0 = Math.floor(s / 0.04 + 1e-9) * 0.04;
      const share = (t: number): number => THREE.MathUtils.smoothstep(t, -0.04, 0.04);
      const expected = share(s0) + ((share(s0 + 0.04) - share(s0)) * (s - s0)) / 0.04;
      expect([index[4 * v], index[4 * v + 1]]).toEqual([UPPER, LOWER]);
      expect(weight[4 * v + 1], `${s} m`).toBeCloseTo(expected, 5);
      expect(weight[4 * v]! + weight[4 * v + 1]!).toBeCloseTo(1, 6);
    });
    // Round the joint the split is a blend, not the stand-in's own bone.
    expect(weight[4 * along.indexOf(0) + 1]).toBeCloseTo(0.5, 5);
  });

  it('a short sleeve (no cloth past the stand-in) leaves the forearm’s stand-in on its own bone', () => {
    const { position, index, weight } = standIn([-0.03, 0, 0.03, 0.1], LOWER);
    expect(bendWithSleeve(sleeve(true), UPPER, LOWER, elbow, alongArm, position, index, weight)).toBe(0);
    expect([...index.filter((_, i) => i % 4 === 0)]).toEqual([LOWER, LOWER, LOWER, LOWER]);
    expect([...weight.filter((_, i) => i % 4 === 0)]).toEqual([1, 1, 1, 1]);
  });
});
