import type * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { weightBytes } from '../../src/core/demo/skin-bytes';
import { parseGlbInNode } from '../helpers/gltf-node';

describe('skin weights as bytes (skin-bytes.ts)', () => {
  it('each vertex sums to exactly 255, every byte within one step of its weight', () => {
    // Thirds (each 85.0), a split no byte can hold (0.3 / 0.7), a tiny weight, and four near quarters.
    const w = [1 / 3, 1 / 3, 1 / 3, 0, 0.3, 0.7, 0, 0, 0.998, 0.002, 0, 0, 0.2499, 0.2501, 0.2502, 0.2498];
    const b = weightBytes(w);
    for (let v = 0; v < w.length; v += 4) {
      expect(b[v]! + b[v + 1]! + b[v + 2]! + b[v + 3]!).toBe(255);
      for (let k = 0; k < 4; k++) expect(Math.abs(b[v + k]! / 255 - w[v + k]!)).toBeLessThan(1 / 255);
    }
    expect([...b.subarray(4, 8)]).toEqual([77, 178, 0, 0]);
  });

  it('the demo GLBs carry the core compact skin types, read back by three.js as weights summing to 1', async () => {
    const oxford = PRODUCTS.find((p) => p.id === 'shirt-oxford')!;
    const glb = await exportGarmentGlb(oxford, oxford.colourways[0]!);
    const jsonLen = new DataView(glb.buffer, glb.byteOffset).getUint32(12, true);
    const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLen))) as { accessors: Array<{ componentType: number; normalized?: boolean }>; meshes: Array<{ primitives: Array<{ attributes: Record<string, number> }> }>; extensionsRequired?: string[] };
    const attrs = json.meshes[0]!.primitives[0]!.attributes;
    expect(json.accessors[attrs.JOINTS_0!]).toMatchObject({ componentType: 5121 });
    expect(json.accessors[attrs.WEIGHTS_0!]).toMatchObject({ componentType: 5121, normalized: true });
    // Core glTF: no extension a loader would need.
    expect(json.extensionsRequired ?? []).toEqual([]);
    const gltf = await parseGlbInNode(glb);
    let mesh: THREE.SkinnedMesh | null = null;
    gltf.scene.traverse((o) => {
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) mesh = o as THREE.SkinnedMesh;
    });
    const w = (mesh! as THREE.SkinnedMesh).geometry.getAttribute('skinWeight');
    for (let i = 0; i < w.count; i++) expect(Math.abs(w.getX(i) + w.getY(i) + w.getZ(i) + w.getW(i) - 1)).toBeLessThan(1e-6);
  });
});
