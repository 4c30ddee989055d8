import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { createLongSleeves, longSleeveTriangles } from './long-sleeves';
import { appendMorphTargets } from './morph-targets';

/**
 * A sleeve along x on a three-bone skeleton (chest, upper arm, forearm): rings of 2 vertices at x = 0.05 (the chest),
 * 0.2 (the shoulder seam, shared by chest and upper arm), 0.35, 0.45 (the elbow's band, blended), 0.6 and 0.75 (the
 * cuff), a quad between each pair of rings. `toElbow`: the rings to 0.45 only, a short sleeve.
 */
function sleeve(toElbow = false): THREE.SkinnedMesh {
  const rings: Array<[number, number[], number[]]> = [
    [0.05, [0, 0, 0, 0], [1, 0, 0, 0]],
    [0.2, [0, 1, 0, 0], [0.5, 0.5, 0, 0]],
    [0.35, [1, 0, 0, 0], [1, 0, 0, 0]],
    [0.45, [1, 2, 0, 0], [0.6, 0.4, 0, 0]],
    [0.6, [2, 1, 0, 0], [0.8, 0.2, 0, 0]],
    [0.75, [2, 0, 0, 0], [1, 0, 0, 0]],
  ];
  const used = toElbow ? rings.slice(0, 4) : rings;
  const positions: number[] = [];
  const skinIndex: number[] = [];
  const skinWeight: number[] = [];
  for (const [x, idx, w] of used) {
    positions.push(x, 1.4, 0.05, x, 1.3, 0.05);
    skinIndex.push(...idx, ...idx);
    skinWeight.push(...w, ...w);
  }
  const index: number[] = [];
  for (let r = 0; r + 1 < used.length; r++) index.push(2 * r, 2 * r + 1, 2 * r + 2, 2 * r + 1, 2 * r + 3, 2 * r + 2);
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  g.setAttribute('skinIndex', new THREE.Uint16BufferAttribute(skinIndex, 4));
  g.setAttribute('skinWeight', new THREE.Float32BufferAttribute(skinWeight, 4));
  g.setIndex(index);
  const bones = ['chest', 'leftUpperArm', 'leftLowerArm'].map((name) => Object.assign(new THREE.Bone(), { name }));
  bones[0]!.add(bones[1]!);
  bones[1]!.add(bones[2]!);
  const mesh = new THREE.SkinnedMesh(g, new THREE.MeshBasicMaterial());
  mesh.add(bones[0]!);
  mesh.bind(new THREE.Skeleton(bones));
  return mesh;
}

describe('longSleeveTriangles', () => {
  it('takes a long sleeve from the shoulder seam to the cuff, not the chest', () => {
    const tris = longSleeveTriangles(sleeve());
    // Quad 0 (0.05 → 0.2) is the chest's (the seam's vertices are the chest's: the first of equal weights); quads 1
    // (0.2 → 0.35, its outer ring the upper arm's) to 4 (the cuff) are the sleeve.
    expect(tris).toEqual([2, 3, 4, 3, 5, 4, 4, 5, 6, 5, 7, 6, 6, 7, 8, 7, 9, 8, 8, 9, 10, 9, 11, 10]);
  });

  it('takes one arm’s sleeve only when asked for a side', () => {
    expect(longSleeveTriangles(sleeve(), 'left')).toEqual(longSleeveTriangles(sleeve()));
    // The test sleeve is the wearer's left arm's: the right one has no cloth.
    expect(longSleeveTriangles(sleeve(), 'right')).toEqual([]);
  });

  it('is empty for a short sleeve (no cloth below the elbow)', () => {
    // The elbow's ring is still the upper arm's, by 0.6.
    expect(longSleeveTriangles(sleeve(true))).toEqual([]);
  });
});

describe('createLongSleeves', () => {
  it('draws the same skinned cloth, only its sleeve, on the same skeleton', () => {
    const mesh = sleeve();
    const material = new THREE.MeshBasicMaterial();
    const front = createLongSleeves(mesh, material)!;
    expect(front.skeleton).toBe(mesh.skeleton);
    expect(front.bindMatrix.equals(mesh.bindMatrix)).toBe(true);
    expect(front.geometry.getAttribute('position')).toBe(mesh.geometry.getAttribute('position'));
    expect(front.geometry.getAttribute('skinWeight')).toBe(mesh.geometry.getAttribute('skinWeight'));
    expect(front.geometry.getIndex()!.count).toBe(24);
    expect(front.material).toBe(material);
  });

  it('draws the cloth as widened: its morph targets and their weights, the very arrays', () => {
    const mesh = sleeve();
    const offsets = new THREE.BufferAttribute(new Float32Array(3 * mesh.geometry.getAttribute('position').count).fill(0.01), 3);
    appendMorphTargets(mesh, [offsets]);
    const front = createLongSleeves(mesh, new THREE.MeshBasicMaterial())!;
    expect(front.geometry.morphAttributes.position).toEqual([offsets]);
    expect(front.geometry.morphTargetsRelative).toBe(true);
    mesh.morphTargetInfluences![0] = 0.7;
    // Weighted as the cloth is each frame, without being told.
    expect(front.morphTargetInfluences![0]).toBe(0.7);
    const p = new THREE.Vector3();
    mesh.updateMatrixWorld(true);
    expect(front.getVertexPosition(6, p).x).toBeCloseTo(mesh.getVertexPosition(6, new THREE.Vector3()).x, 6);
    expect(p.x).toBeCloseTo(0.45 + 0.007, 6);
  });

  it('is null for a garment without cloth below the elbows, and for an arm without a sleeve', () => {
    expect(createLongSleeves(sleeve(true), new THREE.MeshBasicMaterial())).toBeNull();
    expect(createLongSleeves(sleeve(), new THREE.MeshBasicMaterial(), 'right')).toBeNull();
  });
});
