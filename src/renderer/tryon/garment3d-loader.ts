import type * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { GarmentMeasurementsCm } from '../../shared/garment-measurements';
import { GarmentLoadError } from './garment-loader';

export interface LoadedGarment3d {
  /** Stable id of the garment (from its asset's sha256). */
  id: string;
  /** The glTF scene: skinned mesh(es) on the humanoid skeleton. Owned by the caller until given to `Fitting.wear3d`. */
  scene: THREE.Group;
  /**
   * The worn size's row of the garment's size chart: the cloth is drawn at these measurements. Null or absent:
   * drawn as the GLB was modelled (the demo GLBs are modelled at their size M).
   */
  measurementsCm?: GarmentMeasurementsCm | null;
}

/**
 * Loads a catalog variant's 3D garment (its `asset3d`, a GLB) by sha256 from the asset store, as the 2D loader
 * does for images; `measurementsCm` is the worn size's chart row (null: drawn as modelled).
 */
export async function loadCatalogGarment3d(
  ref: { sha256: string },
  assetBase: string,
  signal?: AbortSignal,
  measurementsCm: GarmentMeasurementsCm | null = null,
): Promise<LoadedGarment3d> {
  const url = new URL(ref.sha256, new URL(assetBase, location.href)).href;
  return { ...(await loadGarment3dUrl(url, `g3-${ref.sha256.slice(0, 12)}`, signal)), measurementsCm };
}

/** Loads a GLB from a URL (fetched here so the load can be aborted). */
export async function loadGarment3dUrl(url: string, id: string, signal?: AbortSignal): Promise<LoadedGarment3d> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new GarmentLoadError(`3D garment: HTTP ${res.status}`);
  const bytes = await res.arrayBuffer();
  try {
    const gltf = await new GLTFLoader().parseAsync(bytes, '');
    return { id, scene: gltf.scene };
  } catch (e) {
    throw new GarmentLoadError(`3D garment cannot be read: ${(e as Error).message}`);
  }
}

/**
 * Frees a loaded 3D garment that was never worn (a superseded load): its geometries, materials, their textures and
 * skeletons. A worn one is freed by its layer instead (`Garment3dLayer.dispose`).
 */
export function disposeLoadedGarment3d(garment: LoadedGarment3d): void {
  garment.scene.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (mesh.isMesh) {
      mesh.geometry.dispose();
      for (const material of Array.isArray(mesh.material) ? mesh.material : [mesh.material]) {
        for (const value of Object.values(material)) if ((value as THREE.Texture | null)?.isTexture) (value as THREE.Texture).dispose();
        material.dispose();
      }
    }
    if ((o as THREE.SkinnedMesh).isSkinnedMesh) (o as THREE.SkinnedMesh).skeleton.dispose();
  });
}
