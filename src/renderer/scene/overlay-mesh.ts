import * as THREE from 'three';

/**
 * A layer drawn over the camera picture, in camera pixels, by its own shader: transparent, so the 2D garments, the
 * occluders and the cover of the shopper's own shorts all sort by render order in three's one transparent pass (a
 * soft edge blends over what is under it) — or in its opaque pass, before every 3D garment (`pass`); no depth (the
 * order alone decides); both sides (the world is mirrored); never culled (its positions change every frame); hidden
 * until its first update.
 */
export function overlayMesh(
  geometry: THREE.BufferGeometry,
  shader: { uniforms: Record<string, THREE.IUniform>; vertexShader: string; fragmentShader: string },
  renderOrder: number,
  pass: 'transparent' | 'opaque' = 'transparent',
): THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial> {
  const material = new THREE.ShaderMaterial({ ...shader, transparent: true, depthTest: false, depthWrite: false, side: THREE.DoubleSide });
  if (pass === 'opaque') {
    // three draws its opaque pass before the transparent one whatever the render order: a layer that must lie under
    // the 3D garments (opaque) joins that pass, still blending its soft edge over the camera picture.
    material.transparent = false;
    material.blending = THREE.CustomBlending;
    material.blendSrc = THREE.SrcAlphaFactor;
    material.blendDst = THREE.OneMinusSrcAlphaFactor;
  }
  const mesh = new THREE.Mesh(geometry, material);
  mesh.frustumCulled = false;
  mesh.renderOrder = renderOrder;
  mesh.visible = false;
  return mesh;
}
