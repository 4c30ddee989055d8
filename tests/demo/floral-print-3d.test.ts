/**
 * The 3D floral tea dress's print lies on its bodice as cloth cut flat would carry it (model3d.ts, Grain's
 * `alongCloth`): down the grain, 1 cm of print per cm of cloth, over the yoke too. Measured from the GLB's bytes: on
 * every triangle of the bodice (the first tube the builder makes, from the waist seam up to the neckline) the
 * gradient of the print's down-the-grain coordinate over the surface. By height, the nearly level yoke took 3.5 to
 * 28 cm of cloth per cm of print (|grad| 0.29 down to 0.036), turning back on itself in front: a row of flowers
 * smeared into a line across the shoulder. Since the bodice is hung at build time (as the tops are) a few triangles
 * where the drape folds the cloth against the pinned neckline are squeezed (4 of 2,208, up to 4.7 cm of print per cm
 * at the corners of the front neckline): a hundredth of them may run faster than 2, none slower than 0.7.
 */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../src/core/demo/catalog';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { parseGlbInNode } from '../helpers/gltf-node';

describe('the 3D floral tea dress’s print on its bodice', () => {
  it('runs down the grain at 1 cm of print per cm of cloth, over the yoke too', async () => {
    const p = PRODUCTS.find((q) => q.id === 'dress-floral');
    if (!p) throw new Error('no demo product dress-floral');
    const gltf = await parseGlbInNode(await exportGarmentGlb(p, p.colourways[0]!));
    let mesh: THREE.SkinnedMesh | undefined;
    gltf.scene.traverse((o) => {
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) mesh = o as THREE.SkinnedMesh;
    });
    if (!mesh) throw new Error('the GLB has no skinned mesh');
    const pos = mesh.geometry.getAttribute('position');
    const uv = mesh.geometry.getAttribute('uv');
    const index = mesh.geometry.getIndex()!;
    // The bodice's rings rise from the waist seam to the neckline; the next tube (the skirt) starts back down.
    let bodice = 1;
    while (bodice < pos.count && pos.getY(bodice) >= pos.getY(bodice - 1) - 0.05) bodice++;
    const a = new THREE.Vector3();
    const e1 = new THREE.Vector3();
    const e2 = new THREE.Vector3();
    const n = new THREE.Vector3();
    const ex = new THREE.Vector3();
    const ey = new THREE.Vector3();
    let low = Infinity;
    let high = 0;
    let fast = 0;
    let triangles = 0;
    let yoke = 0;
    for (let t = 0; t < index.count; t += 3) {
      const [i, j, k] = [index.getX(t), index.getX(t + 1), index.getX(t + 2)];
      if (Math.max(i, j, k) >= bodice) continue;
      // Centimetres of cloth.
      a.fromBufferAttribute(pos, i).multiplyScalar(100);
      e1.fromBufferAttribute(pos, j).multiplyScalar(100).sub(a);
      e2.fromBufferAttribute(pos, k).multiplyScalar(100).sub(a);
      n.crossVectors(e1, e2);
      if (n.length() < 1e-6) continue;
      // The gradient of the print's v over the triangle's plane, from its two edges.
      ex.copy(e1).normalize();
      ey.crossVectors(n, ex).normalize();
      const [x1, y1, x2, y2] = [e1.dot(ex), e1.dot(ey), e2.dot(ex), e2.dot(ey)];
      const [dv1, dv2] = [uv.getY(j) - uv.getY(i), uv.getY(k) - uv.getY(i)];
      const det = x1 * y2 - x2 * y1;
      const grad = Math.hypot((dv1 * y2 - dv2 * y1) / det, (x1 * dv2 - x2 * dv1) / det);
      low = Math.min(low, grad);
      high = Math.max(high, grad);
      if (grad >= 2) fast++;
      triangles++;
      if (a.y > 140) yoke++;
    }
    console.log(`floral bodice: ${triangles} triangles (${yoke} above 1.40 m: the yoke, the armholes), |grad v| ${low.toFixed(2)}–${high.toFixed(2)} cm of print per cm of cloth, ${fast} at 2 or more`);
    expect(yoke).toBeGreaterThan(100);
    expect(low).toBeGreaterThan(0.7);
    expect(fast).toBeLessThanOrEqual(triangles / 100);
    expect(high).toBeLessThan(6);
  }, 60_000);
});
