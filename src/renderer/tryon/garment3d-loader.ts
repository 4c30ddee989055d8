import type * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { GarmentLoadError } from './garment-loader';

export interface LoadedGarment3d {
  /** Stable id of the garment (from its asset's sha256). */
  id: string;
  /** The glTF scene: skinned mesh(es) on the humanoid skeleton. Owned by the caller until given to `Fitting.wear3d`. */
  scene: THREE.Group;
}

/**
 * Loads a catalog variant's 3D garment (its `asset3d`, a GLB) by sha256 from the asset store, as the 2D loader
 * does for images.
 */
export async function loadCatalogGarment3d(ref: { sha256: string }, assetBase: string, signal?: AbortSignal): Promise<LoadedGarment3d> {
  const url = new URL(ref.sha256, new URL(assetBase, location.href)).href;
  return loadGarment3dUrl(url, `g3-${ref.sha256.slice(0, 12)}`, signal);
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
