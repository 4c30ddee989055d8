import * as THREE from 'three';

/**
 * A layer drawn over the camera picture, in camera pixels, by its own shader: transparent, so the 2D garments, the
 * occluders and the cover of the shopper's own shorts all sort by render order in three's one transparent pass (a
 * soft edge blends over what is under it); no depth (the order alone decides); both sides (the world is mirrored);
 * never culled (its positions change every frame); hidden until its first update.
 */
export function overlayMesh(geometry: THREE.BufferGeometry, shader: { uniforms: Record<string, THREE.IUniform>; vertexShader: string; fragmentShader: string }, renderOrder: number): THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial> {
  const material = new THREE.ShaderMaterial({ ...shader, transparent: true, depthTest: false, depthWrite: false, side: THREE.DoubleSide });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.frustumCulled = false;
  mesh.renderOrder = renderOrder;
  mesh.visible = false;
  return mesh;
}
