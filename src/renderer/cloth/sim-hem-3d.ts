/**
 * A 3D garment's skirt moving with the simulated cloth (issue 14 point 3 in 3D): the garment's skirt
 * (sim-skirt-3d.ts) is stepped in the cloth worker (the same worker, solver and `HemCloth` as the 2D hem), and its
 * offsets — where the cloth is minus where the hips carry its rest shape, model metres — go to the GPU as a
 * columns × rows float texture. The fabric material's vertex shader (fabric-material.ts, {@link HEM_VERTEX_PARS})
 * moves each skirt vertex after skinning: it takes the hips bone's skinning only (the cloth, not the thigh bones,
 * decides where a skirt hangs; the legs push it as capsules) and adds the offset at its place on the grid. At the
 * pinned ring the offset is zero and the skinning blends back to the mesh's own over the first row, so the
 * skirt's seam with the bodice never tears.
 */
import * as THREE from 'three';
import { ClothSimClient, clothMotionOn } from './sim-client';
import { Skirt3d } from './sim-skirt-3d';

/** The uniforms the vertex shader reads (shared by reference with the material). */
export interface HemUniforms {
  /** Offsets, model metres, RGBA float texel per grid point (x, y, z, unused), columns × rows. */
  clothHemOffsets: THREE.IUniform<THREE.DataTexture>;
  /** The hips bone's slot in the skeleton (its rows of the bone texture). */
  clothHipsSlot: THREE.IUniform<number>;
  /** Model-space vectors → the mesh's own frame. */
  clothMeshFromModel: THREE.IUniform<THREE.Matrix3>;
}

/**
 * GLSL (vertex, after `#include <common>` and the skinning's pars): the grid's offset at a vertex's fractional
 * (column, row), bilinear, closed round the body.
 */
export const HEM_VERTEX_PARS = /* glsl */ `
attribute vec3 clothHem;
uniform sampler2D clothHemOffsets;
uniform float clothHipsSlot;
uniform mat3 clothMeshFromModel;
vec3 clothHemOffset(vec2 cr) {
  ivec2 size = textureSize(clothHemOffsets, 0);
  float c0 = floor(cr.x);
  float wc = cr.x - c0;
  float r0 = min(floor(cr.y), float(size.y - 2));
  float wr = clamp(cr.y - r0, 0.0, 1.0);
  int ia = int(mod(c0, float(size.x)));
  int ib = int(mod(c0 + 1.0, float(size.x)));
  int ir = int(r0);
  vec3 top = mix(texelFetch(clothHemOffsets, ivec2(ia, ir), 0).xyz, texelFetch(clothHemOffsets, ivec2(ib, ir), 0).xyz, wc);
  vec3 bottom = mix(texelFetch(clothHemOffsets, ivec2(ia, ir + 1), 0).xyz, texelFetch(clothHemOffsets, ivec2(ib, ir + 1), 0).xyz, wc);
  return mix(top, bottom, wr);
}
`;

/**
 * GLSL (vertex, right after `#include <skinning_vertex>`): a skirt vertex skinned by the hips alone (blended in over
 * the first row below the pins) plus the cloth's offset. `skinVertex` is the skinning chunk's bind-space vertex.
 */
export const HEM_VERTEX_MAIN = /* glsl */ `
#ifdef USE_SKINNING
if (clothHem.z > 0.0) {
  vec3 clothHipsOnly = (bindMatrixInverse * (getBoneMatrix(clothHipsSlot) * skinVertex)).xyz;
  transformed = mix(transformed, clothHipsOnly, clamp(clothHem.y, 0.0, 1.0)) + clothMeshFromModel * clothHemOffset(clothHem.xy);
}
#endif
`;

/**
 * GLSL (vertex, right after `#include <skinnormal_vertex>`): the skirt's normal turned by the hips alone too, as its
 * position is (the sides' thigh skinning would light them as if they followed the legs).
 */
export const HEM_NORMAL_MAIN = /* glsl */ `
#ifdef USE_SKINNING
if (clothHem.z > 0.0) {
  vec3 clothHipsNormal = (bindMatrixInverse * getBoneMatrix(clothHipsSlot) * bindMatrix * vec4(normal, 0.0)).xyz;
  objectNormal = mix(objectNormal, clothHipsNormal, clamp(clothHem.y, 0.0, 1.0));
}
#endif
`;

export class HemMotion3d {
  readonly uniforms: HemUniforms;
  private readonly client = new ClothSimClient();
  private readonly texels: Float32Array;
  private answered = 0;

  /**
   * A skirt's motion for the garment's meshes when it has a skirt and cloth motion is on; otherwise null. Sets the
   * `clothHem` attribute on every mesh (zero on all but the skirt's vertices: the meshes share one material).
   */
  static create(meshes: readonly THREE.SkinnedMesh[]): HemMotion3d | null {
    if (!clothMotionOn()) return null;
    const skirt = Skirt3d.find(meshes);
    if (!skirt) return null;
    for (const mesh of meshes) {
      const count = mesh.geometry.getAttribute('position')?.count ?? 0;
      mesh.geometry.setAttribute('clothHem', new THREE.BufferAttribute(mesh === skirt.mesh ? skirt.vertexGrid : new Float32Array(3 * count), 3));
    }
    return new HemMotion3d(skirt);
  }

  private constructor(readonly skirt: Skirt3d) {
    const { columns, rows } = skirt.spec;
    this.texels = new Float32Array(columns * rows * 4);
    const texture = new THREE.DataTexture(this.texels, columns, rows, THREE.RGBAFormat, THREE.FloatType);
    texture.magFilter = texture.minFilter = THREE.NearestFilter;
    texture.generateMipmaps = false;
    texture.needsUpdate = true;
    this.uniforms = {
      clothHemOffsets: { value: texture },
      clothHipsSlot: { value: skirt.hipsSlot },
      clothMeshFromModel: { value: skirt.meshFromModel },
    };
    this.client.start(skirt.spec);
  }

  /** The worker's CPU time for its last step, ms (0 before the first). */
  get lastStepMs(): number {
    return this.client.lastStepMs;
  }

  /**
   * After the layer has posed and placed the garment: sends the body to the cloth and uploads the newest offsets.
   * @param object the layer's object (model space, scaled (s, −s, s), at `object.position`).
   * @param nowMs the pose's time, ms.
   */
  update(object: THREE.Object3D, scalePxPerM: number, nowMs: number): void {
    if (!(scalePxPerM > 0)) return;
    const { skirt } = this;
    skirt.update(object, object.position, scalePxPerM);
    this.client.step(nowMs / 1000, skirt.pinsM, skirt.capsulesM, skirt.axes);
    const off = this.client.offsetsM;
    if (!off || this.client.answered === this.answered) return;
    this.answered = this.client.answered;
    for (let i = 0; i < off.length / 3; i++) {
      this.texels[4 * i] = off[3 * i]!;
      this.texels[4 * i + 1] = off[3 * i + 1]!;
      this.texels[4 * i + 2] = off[3 * i + 2]!;
    }
    this.uniforms.clothHemOffsets.value.needsUpdate = true;
  }

  dispose(): void {
    this.client.dispose();
    this.uniforms.clothHemOffsets.value.dispose();
  }
}
