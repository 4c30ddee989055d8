/**
 * The wearer's body shading the demo garments from the room's diffuse light (src/renderer/cloth/body-occlusion.ts,
 * through its TypeScript mirror): on the demo chino's own mesh in its bind pose, with the body's capsules on the
 * GLB's own skeleton, the insides of the legs (facing the other leg) keep much less of the room's light than their
 * fronts and outsides, which keep nearly all of it — the form a uniformly lit pair of trousers lacks.
 */
import * as THREE from 'three';
import { parseGlbInNode } from '../helpers/gltf-node';
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { BODY_CAPSULES, bodyVisibility } from '../../src/renderer/cloth/body-occlusion';

async function bindPose(id: string): Promise<{ scene: THREE.Group; capsules: Array<[number[], number[], number]> }> {
  const p = PRODUCTS.find((q) => q.id === id);
  if (!p) throw new Error(`no demo product ${id}`);
  const glb = await exportGarmentGlb(p, p.colourways[0]!);
  const gltf = await parseGlbInNode(glb);
  gltf.scene.updateMatrixWorld(true);
  const at = (name: string): number[] => {
    const bone = gltf.scene.getObjectByName(name);
    if (!bone) throw new Error(`${id}: no bone ${name}`);
    return bone.getWorldPosition(new THREE.Vector3()).toArray();
  };
  return { scene: gltf.scene, capsules: BODY_CAPSULES.map(([from, to, r]) => [at(from), at(to), r]) };
}

describe('body occlusion on the demo garments', () => {
  it('the chino: the legs’ insides keep far less of the room’s light than their fronts and outsides', async () => {
    const { scene, capsules } = await bindPose('chino-slim');
    const hipY = capsules[0]![0][1]!;
    const kneeY = capsules[5]![1][1]!;
    const groups = { inside: [] as number[], outside: [] as number[], front: [] as number[] };
    const p = new THREE.Vector3();
    const n = new THREE.Vector3();
    scene.traverse((o) => {
      const mesh = o as THREE.SkinnedMesh;
      if (!mesh.isSkinnedMesh) return;
      const pos = mesh.geometry.getAttribute('position');
      const nor = mesh.geometry.getAttribute('normal');
      const normalMatrix = new THREE.Matrix3().getNormalMatrix(mesh.bindMatrix);
      for (let i = 0; i < pos.count; i++) {
        p.fromBufferAttribute(pos, i).applyMatrix4(mesh.bindMatrix);
        n.fromBufferAttribute(nor, i).applyMatrix3(normalMatrix).normalize();
        // The thighs below the crotch and above the knees.
        if (p.y > hipY - 0.15 || p.y < kneeY + 0.05) continue;
        const visible = bodyVisibility(p.toArray(), n.toArray(), capsules);
        // Towards the body's midline (the other leg) or away from it; x's sign is the leg's side.
        const out = Math.sign(p.x) * n.x;
        if (out < -0.7) groups.inside.push(visible);
        else if (out > 0.7) groups.outside.push(visible);
        else if (n.z > 0.9) groups.front.push(visible);
      }
    });
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const m = { inside: mean(groups.inside), outside: mean(groups.outside), front: mean(groups.front) };
    console.log(
      `chino thighs, share of the room's diffuse light kept: inside ${m.inside.toFixed(2)} (${groups.inside.length} vertices), front ${m.front.toFixed(2)} (${groups.front.length}), outside ${m.outside.toFixed(2)} (${groups.outside.length})`,
    );
    for (const g of Object.values(groups)) expect(g.length).toBeGreaterThan(10);
    expect(m.inside).toBeLessThan(0.6);
    expect(m.front).toBeGreaterThan(0.85);
    expect(m.outside).toBeGreaterThan(0.95);
  });
});
