import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { clothReachM, gatherFactor, MAX_PAST_END } from './cloth-reach';

/** A trouser leg below the knee: a strip from the knee (y 0.55) to a hem at y 0, bound to slot 1; a cuff row at the hem bound to slot 0. */
function shinCloth(): THREE.SkinnedMesh {
  const ys = [0.55, 0.3, 0.0];
  const positions: number[] = [];
  const index: number[] = [];
  const weight: number[] = [];
  for (const y of ys) {
    positions.push(0.1, y, 0.05, 0.14, y, 0.05);
    index.push(1, 0, 0, 0, 1, 0, 0, 0);
    weight.push(1, 0, 0, 0, 1, 0, 0, 0);
  }
  // A stray vertex further down, but mostly another bone's: it does not count.
  positions.push(0.12, -0.3, 0.05);
  index.push(0, 1, 0, 0);
  weight.push(0.7, 0.3, 0, 0);
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  g.setAttribute('skinIndex', new THREE.Uint16BufferAttribute(index, 4));
  g.setAttribute('skinWeight', new THREE.Float32BufferAttribute(weight, 4));
  return new THREE.SkinnedMesh(g, new THREE.MeshBasicMaterial());
}

describe('clothReachM', () => {
  it('is how far the bone’s own cloth runs past its joint, along the bone', () => {
    const knee = new THREE.Vector3(0.12, 0.55, 0);
    const ankle = new THREE.Vector3(0.12, 0.17, 0);
    expect(clothReachM(shinCloth(), 1, knee, ankle, new THREE.Matrix4())).toBeCloseTo(0.55, 6);
    // Through the mesh's bind transform (the mesh lifted 10 cm in the model): 10 cm less below the knee.
    expect(clothReachM(shinCloth(), 1, knee, ankle, new THREE.Matrix4().makeTranslation(0, 0.1, 0))).toBeCloseTo(0.45, 6);
    expect(clothReachM(shinCloth(), 2, knee, ankle, new THREE.Matrix4())).toBe(0);
  });
});

describe('gatherFactor', () => {
  it('leaves cloth that ends before the allowance alone, and shortens longer cloth to end there', () => {
    expect(gatherFactor(0.4, 0.4)).toBe(1);
    expect(gatherFactor(0.4 * (1 + MAX_PAST_END), 0.4)).toBe(1);
    const k = gatherFactor(0.55, 0.4);
    expect(0.55 * k).toBeCloseTo(0.4 * (1 + MAX_PAST_END), 12);
    expect(gatherFactor(0.55, 0)).toBe(1);
  });
});
