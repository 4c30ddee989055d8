/**
 * A 3D garment's skirt moving with the simulated cloth (issue 14 point 3 in 3D): the garment's skirt
 * (sim-skirt-3d.ts) is stepped in the cloth worker (the same worker, solver and `HemCloth` as the 2D hem), and its
 * offsets — where the cloth is minus where the hips carry its rest shape, model metres — go to the GPU as a
 * columns × rows float texture. The fabric material's vertex shader (fabric-material.ts, {@link HEM_VERTEX_PARS})
 * moves each skirt vertex after skinning: it takes the hips bone's skinning only (the cloth, not the thigh bones,
 * decides where a skirt hangs; the legs push it as capsules) and adds the offset at its place on the grid. At the
 * pinned ring the offset is zero and the skinning blends back to the mesh's own over the first row, so the
 * skirt's seam with the bodice never tears. Its normal turns with the cloth too: the rotation that takes the rest
 * grid's surface normal to the displaced grid's at the vertex's place (central differences across the grid's
 * neighbours), so highlights and the light's fall-off move with the swing instead of staying where the skirt hung.
 */
import * as THREE from 'three';
import { ClothSimClient, clothMotionOn } from './sim-client';
import { Fronts3d } from './sim-fronts-3d';
import type { ClothPart3d } from './sim-part-3d';
import { Skirt3d } from './sim-skirt-3d';

/** The uniforms the vertex shader reads (shared by reference with the material). */
export interface HemUniforms {
  /** Offsets, model metres, RGBA float texel per grid point (x, y, z, unused), columns × rows. */
  clothHemOffsets: THREE.IUniform<THREE.DataTexture>;
  /** The hips bone's slot in the skeleton (its rows of the bone texture). */
  clothHipsSlot: THREE.IUniform<number>;
  /** Model-space vectors → the mesh's own frame. */
  clothMeshFromModel: THREE.IUniform<THREE.Matrix3>;
  /** The grid at rest, bind-frame metres, RGBA float texel per grid point, columns × rows (fixed). */
  clothHemRest: THREE.IUniform<THREE.DataTexture>;
  /** The hips' rotation in the model frame (its columns: where the bind frame's x, y, z axes point now). */
  clothHipsAxes: THREE.IUniform<THREE.Matrix3>;
  /** Columns per panel of an open grid of separate panels (a jacket's fronts); 0: a closed tube (a skirt). */
  clothHemPanel: THREE.IUniform<number>;
}

/**
 * Below this (metres², the cross product of two 2-cell chords) a grid cell has collapsed: its normal is undefined and
 * the vertex keeps its own. A 16 × 7 grid round a ≥ 70 cm hip has chords of ≥ 25 cm by ≥ 6 cm.
 */
const MIN_CELL_AREA_M2 = 1e-6;
/**
 * Least area ratio (the displacement Jacobian's determinant) of a displaced cell whose normals are turned: below it the
 * cloth is crushed or folded back on itself there, no turn of a surface — the vertex keeps its normal.
 */
const MIN_JACOBIAN_DET = 0.05;

/**
 * GLSL (vertex, after `#include <common>` and the skinning's pars): the grid's offset at a vertex's fractional
 * (column, row), bilinear, closed round the body; and the turn of the cloth's surface there ({@link hemNormalTurn}).
 */
export const HEM_VERTEX_PARS = /* glsl */ `
attribute vec3 clothHem;
uniform sampler2D clothHemOffsets;
uniform sampler2D clothHemRest;
uniform float clothHipsSlot;
uniform mat3 clothMeshFromModel;
uniform mat3 clothHipsAxes;
uniform float clothHemPanel;
// The first column of the panel column c lies on (0 on a closed tube): a panel's samples never reach the next one.
float clothHemPanelStart(float c) {
  return clothHemPanel > 0.0 ? floor(max(c, 0.0) / clothHemPanel) * clothHemPanel : 0.0;
}
vec3 clothHemSample(sampler2D grid, vec2 cr, float p0) {
  ivec2 size = textureSize(grid, 0);
  float r0 = min(floor(cr.y), float(size.y - 2));
  float wr = clamp(cr.y - r0, 0.0, 1.0);
  int ia;
  int ib;
  float wc;
  if (clothHemPanel > 0.0) {
    // An open panel: clamped to its own columns.
    float x = clamp(cr.x, p0, p0 + clothHemPanel - 1.0);
    float c0 = min(floor(x), p0 + clothHemPanel - 2.0);
    wc = x - c0;
    ia = int(c0);
    ib = ia + 1;
  } else {
    float c0 = floor(cr.x);
    wc = cr.x - c0;
    ia = int(mod(c0, float(size.x)));
    ib = int(mod(c0 + 1.0, float(size.x)));
  }
  int ir = int(r0);
  vec3 top = mix(texelFetch(grid, ivec2(ia, ir), 0).xyz, texelFetch(grid, ivec2(ib, ir), 0).xyz, wc);
  vec3 bottom = mix(texelFetch(grid, ivec2(ia, ir + 1), 0).xyz, texelFetch(grid, ivec2(ib, ir + 1), 0).xyz, wc);
  return mix(top, bottom, wr);
}
vec3 clothHemOffset(vec2 cr, float p0) {
  return clothHemSample(clothHemOffsets, cr, p0);
}
// A bind-frame direction turned as the cloth's offsets deform the surface at (column, row): by the inverse transpose
// of the deformation's Jacobian (how normals transform; a fold's walls turn as they are sheared, not only as the grid
// turns), the gradient from central differences one cell either side (one-sided at the pins and the hem). The offsets
// are model-space vectors; the hips' axes bring them back into the bind frame.
vec3 clothHemTurn(vec3 n, vec2 cr) {
  float p0 = clothHemPanelStart(cr.x);
  float lastRow = float(textureSize(clothHemRest, 0).y - 1);
  vec2 ca = vec2(cr.x - 1.0, cr.y);
  vec2 cb = vec2(cr.x + 1.0, cr.y);
  vec2 ra = vec2(cr.x, max(cr.y - 1.0, 0.0));
  vec2 rb = vec2(cr.x, min(cr.y + 1.0, lastRow));
  vec3 restC = clothHemSample(clothHemRest, cb, p0) - clothHemSample(clothHemRest, ca, p0);
  vec3 restR = clothHemSample(clothHemRest, rb, p0) - clothHemSample(clothHemRest, ra, p0);
  mat3 toBind = transpose(clothHipsAxes);
  vec3 dC = toBind * (clothHemOffset(cb, p0) - clothHemOffset(ca, p0));
  vec3 dR = toBind * (clothHemOffset(rb, p0) - clothHemOffset(ra, p0));
  vec3 nRest = cross(restC, restR);
  float nn = dot(nRest, nRest);
  if (sqrt(nn) < ${MIN_CELL_AREA_M2}) return n;
  vec3 gC = cross(restR, nRest) / nn;
  vec3 gR = cross(nRest, restC) / nn;
  mat3 J = mat3(1.0) + outerProduct(dC, gC) + outerProduct(dR, gR);
  vec3 c23 = cross(J[1], J[2]);
  if (dot(J[0], c23) < ${MIN_JACOBIAN_DET}) return n;
  vec3 m = c23 * n.x + cross(J[2], J[0]) * n.y + cross(J[0], J[1]) * n.z;
  return m * (length(n) / length(m));
}
`;

/**
 * GLSL (vertex, right after `#include <skinning_vertex>`): a skirt vertex skinned by the hips alone (blended in over
 * the first row below the pins) plus the cloth's offset. `skinVertex` is the skinning chunk's bind-space vertex.
 */
export const HEM_VERTEX_MAIN = /* glsl */ `
#ifdef USE_SKINNING
if (clothHem.z > 0.0) {
  // A closed skirt hangs round the legs (body-occlusion.ts: they shade only its inside); a jacket's open fronts do not.
  vClothSkirt = clothHemPanel > 0.0 ? 0.0 : 1.0;
  vec3 clothHipsOnly = (bindMatrixInverse * (getBoneMatrix(clothHipsSlot) * skinVertex)).xyz;
  transformed = mix(transformed, clothHipsOnly, clamp(clothHem.y, 0.0, 1.0)) + clothMeshFromModel * clothHemOffset(clothHem.xy, clothHemPanelStart(clothHem.x));
}
#endif
`;

/**
 * GLSL (vertex, right after `#include <skinnormal_vertex>`): the skirt's normal turned as the simulated cloth turned
 * its surface there (so light and fold shading follow the swing), then by the hips alone, as its position is (the
 * sides' thigh skinning would light them as if they followed the legs).
 */
export const HEM_NORMAL_MAIN = /* glsl */ `
#ifdef USE_SKINNING
if (clothHem.z > 0.0) {
  vec3 clothBindNormal = clothHemTurn((bindMatrix * vec4(normal, 0.0)).xyz, clothHem.xy);
  vec3 clothHipsNormal = (bindMatrixInverse * getBoneMatrix(clothHipsSlot) * vec4(clothBindNormal, 0.0)).xyz;
  objectNormal = mix(objectNormal, clothHipsNormal, clamp(clothHem.y, 0.0, 1.0));
}
#endif
`;

/** {@link HEM_VERTEX_PARS}' `clothHemSample`: a grid's bilinear value at fractional (column, row), into `out`. */
function sampleGrid(grid: ArrayLike<number>, columns: number, rows: number, c: number, r: number, out: number[], panel = 0, p0 = 0): number[] {
  const r0 = Math.min(Math.floor(r), rows - 2);
  const wr = Math.min(1, Math.max(0, r - r0));
  let ia: number;
  let ib: number;
  let wc: number;
  if (panel > 0) {
    const x = Math.min(p0 + panel - 1, Math.max(p0, c));
    const c0 = Math.min(Math.floor(x), p0 + panel - 2);
    wc = x - c0;
    ia = c0;
    ib = c0 + 1;
  } else {
    const c0 = Math.floor(c);
    wc = c - c0;
    ia = ((c0 % columns) + columns) % columns;
    ib = (((c0 + 1) % columns) + columns) % columns;
  }
  for (let k = 0; k < 3; k++) {
    const top = grid[3 * (r0 * columns + ia) + k]! * (1 - wc) + grid[3 * (r0 * columns + ib) + k]! * wc;
    const bottom = grid[3 * ((r0 + 1) * columns + ia) + k]! * (1 - wc) + grid[3 * ((r0 + 1) * columns + ib) + k]! * wc;
    out[k] = top * (1 - wr) + bottom * wr;
  }
  return out;
}

const at = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
const off = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
const cross = (a: readonly number[], b: readonly number[]): number[] => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];

/**
 * {@link HEM_VERTEX_PARS}' `clothHemTurn` in TypeScript (the checks run it in Node): the bind-frame direction `n`
 * turned as the offsets deform the grid's surface at fractional (column `c`, row `r`) — by the inverse transpose of
 * the deformation's Jacobian — into `out` (its length `n`'s).
 * @param restM the grid at rest, bind-frame metres, rows of `columns` (x, y, z).
 * @param offsetsM the cloth's offsets, model-space metres, same layout.
 * @param axes the hips' axes in the model frame (x, y, z axis vectors, each 3 numbers).
 * @param panel columns per panel of an open grid of panels (0: a closed tube).
 */
export function hemNormalTurn(
  restM: ArrayLike<number>,
  offsetsM: ArrayLike<number>,
  columns: number,
  rows: number,
  axes: ArrayLike<number>,
  c: number,
  r: number,
  n: readonly number[],
  out: number[],
  panel = 0,
): number[] {
  const p0 = panel > 0 ? Math.floor(Math.max(c, 0) / panel) * panel : 0;
  const places: Array<[number, number]> = [[c - 1, r], [c + 1, r], [c, Math.max(r - 1, 0)], [c, Math.min(r + 1, rows - 1)]];
  places.forEach(([pc, pr], k) => {
    sampleGrid(restM, columns, rows, pc, pr, at[k]!, panel, p0);
    sampleGrid(offsetsM, columns, rows, pc, pr, off[k]!, panel, p0);
  });
  // Model-space offset differences back into the bind frame: the transpose of the axes' matrix.
  const toBind = (d: readonly number[]): number[] => [0, 1, 2].map((i) => axes[3 * i]! * d[0]! + axes[3 * i + 1]! * d[1]! + axes[3 * i + 2]! * d[2]!);
  const restC = [0, 1, 2].map((k) => at[1]![k]! - at[0]![k]!);
  const restR = [0, 1, 2].map((k) => at[3]![k]! - at[2]![k]!);
  const dC = toBind([0, 1, 2].map((k) => off[1]![k]! - off[0]![k]!));
  const dR = toBind([0, 1, 2].map((k) => off[3]![k]! - off[2]![k]!));
  // The displacement's gradient on the rest surface: J = I + dC ⊗ gC + dR ⊗ gR, with gC, gR the duals of the stencil's
  // rest tangents in their plane (nothing changes along the rest normal); a normal goes by J⁻ᵀ (cofactors of J).
  const nRest = cross(restC, restR);
  const nn = nRest[0]! ** 2 + nRest[1]! ** 2 + nRest[2]! ** 2;
  out[0] = n[0]!;
  out[1] = n[1]!;
  out[2] = n[2]!;
  if (Math.sqrt(nn) < MIN_CELL_AREA_M2) return out;
  const gC = cross(restR, nRest).map((x) => x / nn);
  const gR = cross(nRest, restC).map((x) => x / nn);
  const col = (k: number): number[] => [0, 1, 2].map((i) => (i === k ? 1 : 0) + dC[i]! * gC[k]! + dR[i]! * gR[k]!);
  const [j1, j2, j3] = [col(0), col(1), col(2)];
  const c23 = cross(j2, j3);
  const det = j1[0]! * c23[0]! + j1[1]! * c23[1]! + j1[2]! * c23[2]!;
  // A cell folded over (or crushed) by the offsets: no turn to follow.
  if (det < MIN_JACOBIAN_DET) return out;
  const c31 = cross(j3, j1);
  const c12 = cross(j1, j2);
  const m = [0, 1, 2].map((i) => c23[i]! * n[0]! + c31[i]! * n[1]! + c12[i]! * n[2]!);
  const scale = Math.hypot(n[0]!, n[1]!, n[2]!) / Math.hypot(m[0]!, m[1]!, m[2]!);
  for (let k = 0; k < 3; k++) out[k] = m[k]! * scale;
  return out;
}

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
    // An open jacket's fronts first: a long one's hem also hangs free of the lower legs, as a skirt's does.
    const skirt: ClothPart3d | null = Fronts3d.find(meshes) ?? Skirt3d.find(meshes);
    if (!skirt) return null;
    for (const mesh of meshes) {
      const count = mesh.geometry.getAttribute('position')?.count ?? 0;
      mesh.geometry.setAttribute('clothHem', new THREE.BufferAttribute(mesh === skirt.mesh ? skirt.vertexGrid : new Float32Array(3 * count), 3));
    }
    return new HemMotion3d(skirt);
  }

  private constructor(readonly skirt: ClothPart3d) {
    const { columns, rows } = skirt.spec;
    this.texels = new Float32Array(columns * rows * 4);
    const restTexels = new Float32Array(columns * rows * 4);
    for (let i = 0; i < columns * rows; i++) restTexels.set(skirt.spec.restM.subarray(3 * i, 3 * i + 3), 4 * i);
    this.uniforms = {
      clothHemOffsets: { value: gridTexture(this.texels, columns, rows) },
      clothHipsSlot: { value: skirt.hipsSlot },
      clothMeshFromModel: { value: skirt.meshFromModel },
      clothHemRest: { value: gridTexture(restTexels, columns, rows) },
      clothHipsAxes: { value: new THREE.Matrix3() },
      clothHemPanel: { value: skirt.spec.panelColumns ?? 0 },
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
    this.uniforms.clothHipsAxes.value.fromArray(skirt.axes);
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
    this.uniforms.clothHemRest.value.dispose();
  }
}

/** A columns × rows float RGBA texture over `texels` (borrowed: the caller writes them and sets needsUpdate). */
function gridTexture(texels: Float32Array, columns: number, rows: number): THREE.DataTexture {
  const texture = new THREE.DataTexture(texels, columns, rows, THREE.RGBAFormat, THREE.FloatType);
  texture.magFilter = texture.minFilter = THREE.NearestFilter;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}
