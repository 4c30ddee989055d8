/**
 * The 3D dresses' skirts from the build-time drape (src/core/demo/drape/drape-3d.ts): the slip's bias skirt and the
 * tea dress's quarter circle hung by the XPBD solver on the standard body with the skeleton's legs. They hang in
 * folds (a wavy hem, not a cone), keep clear of the mirror's leg capsules (nothing of the rest shape inside a leg),
 * keep their pattern's length, settle to the same bytes twice, and are the GLB skirts' rest geometry.
 */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, type ProductSpec } from '../../src/core/demo/catalog';
import { clearDrape3dCache, draped3dDressSkirt } from '../../src/core/demo/drape/drape-3d';
import { hemFlutes } from '../../src/core/demo/drape/drape-skirt';
import { dressDraftFor, hasDressPattern, SAMPLE_SIZE } from '../../src/core/demo/pattern/pattern-product';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { SHANK_RADIUS_M, THIGH_RADIUS_M } from '../../src/renderer/cloth/sim-skirt';
import { HUMANOID_T_POSE_M as J } from '../../src/shared/humanoid';
import { parseGlbInNode } from '../helpers/gltf-node';

const byId = (id: string): ProductSpec => {
  const p = PRODUCTS.find((q) => q.id === id);
  if (!p) throw new Error(`no demo product ${id}`);
  return p;
};
/** The skirts' waist seams on the skeleton, as model3d.ts sews them: the slip's 2 cm under the spine joint, the tea dress's at it. */
const DRESSES = [
  ['dress-slip', J.spine[1] - 0.02],
  ['dress-floral', J.spine[1]],
] as const;

describe('3D dress skirts from the drape', () => {
  for (const [id, waistY] of DRESSES) {
    it(`${id}: hangs in folds round a wavy hem, to its pattern's length, clear of the legs`, () => {
      const d = draped3dDressSkirt(byId(id), waistY)!;
      expect(d).toBeDefined();
      const flutes = hemFlutes(d);
      // Round both legs from the hips, the hem's radius swings in and out: flutes, not a cone's smooth circle.
      expect(flutes.count, `${id}: ${flutes.count} flutes`).toBeGreaterThanOrEqual(4);
      expect(flutes.depthM).toBeGreaterThan(0.03);
      let hemY = 0;
      let worstM = Infinity;
      const thighTopY = J.leftUpperLeg[1] - THIGH_RADIUS_M;
      for (let v = 0; v < d.rows * d.cols; v++) {
        const x = d.pos[3 * v]!;
        const y = waistY + d.pos[3 * v + 1]!;
        const z = d.pos[3 * v + 2]!;
        hemY = Math.min(hemY, d.pos[3 * v + 1]!);
        if (y > thighTopY) continue;
        // The mirror's capsules (sim-skirt.ts): a thigh, its flesh giving 1 cm under a close skirt, then the shin.
        const radiusM = y >= J.leftLowerLeg[1] ? THIGH_RADIUS_M - 0.01 : SHANK_RADIUS_M;
        for (const side of [1, -1]) worstM = Math.min(worstM, Math.hypot(x - side * J.leftUpperLeg[0], z) - radiusM);
      }
      console.log(`${id} 3D drape: ${flutes.count} flutes ${(flutes.depthM * 100).toFixed(1)} cm deep, hem ${(-hemY * 100).toFixed(0)} cm below the waist, ${(worstM * 100).toFixed(1)} cm clear of the legs at the least, solved in ${d.solveMs.toFixed(0)} ms`);
      expect(worstM).toBeGreaterThanOrEqual(0);
      // The hem hangs the pattern's length down the grain, less what the flare takes outwards: within 10 % of it.
      const p = byId(id);
      if (!hasDressPattern(p)) throw new Error(`${id} has no dress pattern`);
      const lengthM = dressDraftFor(p, SAMPLE_SIZE).skirt.lengthMm / 1000;
      expect(-hemY).toBeGreaterThan(0.9 * lengthM);
      expect(-hemY).toBeLessThanOrEqual(lengthM * 1.001);
    });
  }

  it('settles to the same bytes twice', () => {
    const [id, waistY] = DRESSES[0];
    const a = draped3dDressSkirt(byId(id), waistY)!.pos.slice();
    clearDrape3dCache();
    const b = draped3dDressSkirt(byId(id), waistY)!.pos;
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
  });

  it('is the GLB skirt: the slip’s GLB has the drape’s hem, the floral dress’s carries its print as a tiled texture', async () => {
    for (const [id, waistY] of DRESSES) {
      const p = byId(id);
      const d = draped3dDressSkirt(p, waistY)!;
      const glb = await exportGarmentGlb(p, p.colourways[0]!);
      const gltf = await parseGlbInNode(glb);
      const meshes: THREE.Mesh[] = [];
      gltf.scene.traverse((o) => {
        if (o instanceof THREE.Mesh) meshes.push(o);
      });
      const pos = meshes[0]!.geometry.getAttribute('position');
      // The GLB's hem is the drape's: its lowest vertex the drape's lowest, moved to the chart's length below the
      // shoulder (the drape's heights scaled by 0.85–1.1), and not level round the body.
      const hemOf = (ys: number[]): { lowM: number; riseM: number } => {
        const low = Math.min(...ys);
        return { lowM: low, riseM: Math.max(...ys.filter((y) => y < low + 0.05)) - low };
      };
      const glbYs = Array.from({ length: pos.count }, (_, i) => pos.getY(i));
      const drapeYs = Array.from({ length: d.rows * d.cols }, (_, v) => d.pos[3 * v + 1]!);
      const glbHem = hemOf(glbYs);
      const drapeHem = hemOf(drapeYs);
      const down = (waistY - glbHem.lowM) / -drapeHem.lowM;
      expect(down).toBeGreaterThan(0.85);
      expect(down).toBeLessThan(1.1);
      // Not level: the drape's folds lift the hem round the body (≈ 2 cm on the slip).
      expect(drapeHem.riseM).toBeGreaterThan(0.002);
      expect(glbHem.riseM).toBeGreaterThan(0.002);
      if (p.pattern === 'floral') {
        const material = (gltf.parser.json as { materials: Array<{ pbrMetallicRoughness?: { baseColorTexture?: unknown } }> }).materials[0]!;
        expect(material.pbrMetallicRoughness?.baseColorTexture).toBeDefined();
      }
    }
  }, 120_000);
});
