import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { createLowerSleeves, lowerSleeveTriangles } from './lower-sleeves';

/**
 * A sleeve along x on a three-bone skeleton (chest, upper arm, forearm): rings of 2 vertices at x = 0.2 (shoulder),
 * 0.35, 0.45 (the elbow's band, blended), 0.6 and 0.75 (the cuff), a quad between each pair of rings. `toElbow`
 * rings only: a short sleeve.
 */
function sleeve(toElbow = false): THREE.SkinnedMesh {
  const rings: Array<[number, number[], number[]]> = [
    [0.2, [0, 1, 0, 0], [0.5, 0.5, 0, 0]],
    [0.35, [1, 0, 0, 0], [1, 0, 0, 0]],
    [0.45, [1, 2, 0, 0], [0.6, 0.4, 0, 0]],
    [0.6, [2, 1, 0, 0], [0.8, 0.2, 0, 0]],
    [0.75, [2, 0, 0, 0], [1, 0, 0, 0]],
  ];
  const used = toElbow ? rings.slice(0, 3) : rings;
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

describe('lowerSleeveTriangles', () => {
  it('takes the cloth below the elbow and the band across it, not the upper sleeve', () => {
    const tris = lowerSleeveTriangles(sleeve());
    // Quads 2 (0.45 → 0.6) and 3 (0.6 → 0.75) are forearm cloth; quad 1 (0.35 → 0.45) has no forearm-dominated vertex
    // (0.45 is the upper arm's by 0.6), quad 0 neither.
    expect(tris).toEqual([4, 5, 6, 5, 7, 6, 6, 7, 8, 7, 9, 8]);
  });

  it('is empty for a short sleeve', () => {
    expect(lowerSleeveTriangles(sleeve(true))).toEqual([]);
  });
});

describe('createLowerSleeves', () => {
  it('draws the same skinned cloth, only its lower sleeve, on the same skeleton', () => {
    const mesh = sleeve();
    const material = new THREE.MeshBasicMaterial();
    const front = createLowerSleeves(mesh, material)!;
    expect(front.skeleton).toBe(mesh.skeleton);
    expect(front.bindMatrix.equals(mesh.bindMatrix)).toBe(true);
    expect(front.geometry.getAttribute('position')).toBe(mesh.geometry.getAttribute('position'));
    expect(front.geometry.getAttribute('skinWeight')).toBe(mesh.geometry.getAttribute('skinWeight'));
    expect(front.geometry.getIndex()!.count).toBe(12);
    expect(front.material).toBe(material);
  });

  it('is null for a garment without cloth below the elbows', () => {
    expect(createLowerSleeves(sleeve(true), new THREE.MeshBasicMaterial())).toBeNull();
  });
});
