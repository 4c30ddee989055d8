import fs from 'node:fs';
import path from 'node:path';
import * as THREE from 'three';
import { parseGlbInNode } from '../helpers/gltf-node';
import { PRODUCTS, type ProductSpec } from '../../src/core/demo/catalog';
import { exportGarmentGlb } from '../../src/core/demo/model3d';
import { Garment3dLayer } from '../../src/renderer/scene/garment3d-layer';
import { PersonMaskTexture } from '../../src/renderer/scene/person-mask-texture';
import type { GarmentMeasurementsCm } from '../../src/shared/garment-measurements';
import { POSE_LANDMARK_COUNT } from '../../src/shared/pose';

/**
 * Test seam for 3D garments without a GPU: the mirror's own {@link Garment3dLayer} posed and placed on a real
 * landmark track, its skinned vertices read back in camera pixels exactly as three.js's skinning shader places
 * them (bone matrices × inverse bind matrices, then the mesh's world matrix), and rasterised into a coverage mask.
 */

/** One frame of `tests/fixtures/mirror-run/landmarks.json`. */
export interface TrackFrame {
  frame: number;
  /** Normalised x, y and visibility per landmark. */
  landmarks: Array<[number, number, number]>;
  /** Metres x, y, z per landmark (MediaPipe world landmarks). */
  worldLandmarks: Array<[number, number, number]>;
}
export interface Track {
  widthPx: number;
  heightPx: number;
  frames: TrackFrame[];
}

export function mirrorRunTrack(): Track {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/mirror-run/landmarks.json'), 'utf8')) as Track;
}

/** Camera pixels (x, y interleaved) and world metres (x, y, z interleaved) of one frame. */
export function frameArrays(track: Track, f: TrackFrame): { imagePx: Float64Array; worldM: Float64Array } {
  const imagePx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const worldM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  f.landmarks.forEach(([x, y], i) => {
    imagePx[2 * i] = x * track.widthPx;
    imagePx[2 * i + 1] = y * track.heightPx;
  });
  f.worldLandmarks.forEach(([x, y, z], i) => worldM.set([x, y, z], 3 * i));
  return { imagePx, worldM };
}

export const DEMO_3D: readonly ProductSpec[] = PRODUCTS.filter((p) => p.has3d);

/** Loads a GLB as the renderer does (GLTFLoader), into a fresh layer in a fresh world group. */
export async function wearGlb(id: string, glb: Uint8Array, sizeCm: GarmentMeasurementsCm | null = null): Promise<{ layer: Garment3dLayer; world: THREE.Group; scene: THREE.Group }> {
  const gltf = await parseGlbInNode(glb);
  const world = new THREE.Group();
  const layer = new Garment3dLayer(id, gltf.scene, new THREE.Texture(), new PersonMaskTexture(), sizeCm);
  world.add(layer.object);
  return { layer, world, scene: gltf.scene };
}

export async function wearDemo(p: ProductSpec): Promise<{ layer: Garment3dLayer; world: THREE.Group; scene: THREE.Group }> {
  return wearGlb(p.id, await exportGarmentGlb(p, p.colourways[0]!));
}

/**
 * The garment's cloth (not the depth-only arm stand-ins, nor the lower sleeves' second pass: the same cloth again,
 * without depth writes): the skinned meshes drawn with the layer's material.
 */
export function clothMeshes(scene: THREE.Object3D): THREE.SkinnedMesh[] {
  const out: THREE.SkinnedMesh[] = [];
  scene.traverse((o) => {
    const m = o as THREE.SkinnedMesh;
    const material = m.material as THREE.Material;
    if (m.isSkinnedMesh && material.colorWrite !== false && material.depthWrite !== false) out.push(m);
  });
  return out;
}

/** Skinned vertex positions in camera pixels (x, y) and model depth, per cloth mesh, after `layer.update`. */
export function skinnedVerticesPx(world: THREE.Group, scene: THREE.Object3D): Array<{ mesh: THREE.SkinnedMesh; px: Float64Array }> {
  world.updateMatrixWorld(true);
  return clothMeshes(scene).map((mesh) => {
    mesh.skeleton.update();
    const pos = mesh.geometry.getAttribute('position');
    const px = new Float64Array(pos.count * 3);
    const v = new THREE.Vector3();
    for (let i = 0; i < pos.count; i++) {
      mesh.getVertexPosition(i, v).applyMatrix4(mesh.matrixWorld);
      px[3 * i] = v.x;
      px[3 * i + 1] = v.y;
      px[3 * i + 2] = v.z;
    }
    return { mesh, px };
  });
}

/** Coverage of the posed cloth, one byte per camera pixel (1 = cloth), by rasterising every triangle. */
export function coverageMask(world: THREE.Group, scene: THREE.Object3D, widthPx: number, heightPx: number): Uint8Array {
  const mask = new Uint8Array(widthPx * heightPx);
  for (const { mesh, px } of skinnedVerticesPx(world, scene)) {
    const index = mesh.geometry.getIndex()!;
    for (let t = 0; t < index.count; t += 3) {
      const a = index.getX(t), b = index.getX(t + 1), c = index.getX(t + 2);
      fillTriangle(mask, widthPx, heightPx, px[3 * a]!, px[3 * a + 1]!, px[3 * b]!, px[3 * b + 1]!, px[3 * c]!, px[3 * c + 1]!);
    }
  }
  return mask;
}

function fillTriangle(mask: Uint8Array, w: number, h: number, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): void {
  const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  if (Math.abs(area) < 1e-9) return;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx))), x1 = Math.min(w - 1, Math.ceil(Math.max(ax, bx, cx)));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy))), y1 = Math.min(h - 1, Math.ceil(Math.max(ay, by, cy)));
  // Edge functions with a half-pixel tolerance so shared edges leave no cracks.
  const eps = 0.5 * Math.max(Math.hypot(bx - ax, by - ay), Math.hypot(cx - bx, cy - by), Math.hypot(ax - cx, ay - cy));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5, py = y + 0.5;
      const w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area;
      const w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area;
      const w2 = 1 - w0 - w1;
      const tol = eps / Math.abs(area);
      if (w0 >= -tol && w1 >= -tol && w2 >= -tol) mask[y * w + x] = 1;
    }
  }
}
