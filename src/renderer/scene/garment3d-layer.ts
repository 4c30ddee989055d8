import * as THREE from 'three';
import { B, BONE_COUNT, HUMANOID_BONES, PARENT } from '../garment3d/humanoid';
import { bodyScale, fitWeakPerspective, type WeakPerspective } from '../garment3d/placement';
import { PoseSolver } from '../garment3d/pose-solver';
import { PoseLandmark as L } from '../../shared/pose';
import type { PersonMaskTexture } from './person-mask-texture';

export class Garment3dError extends Error {
  override name = 'Garment3dError';
}

/** As the 2D garment's shading (garment-layer.ts): how much of the store's light on the shopper the cloth takes. */
const SHADING_STRENGTH = 0.45;
const SHADING_BLUR_PX = 10;
/** Render order of the 3D garment: after the background, with its own depth test. */
const ORDER = 10;

const vertexShader = /* glsl */ `
  #include <common>
  #include <skinning_pars_vertex>
  uniform mat4 frameFromScene;
  varying vec3 vViewNormal;
  varying vec2 vFramePx;
  void main() {
    #include <beginnormal_vertex>
    #include <skinbase_vertex>
    #include <skinnormal_vertex>
    #include <defaultnormal_vertex>
    #include <begin_vertex>
    #include <skinning_vertex>
    #include <project_vertex>
    vViewNormal = transformedNormal;
    vFramePx = (frameFromScene * modelMatrix * vec4(transformed, 1.0)).xy;
  }
`;

// Lambert-ish light from the front and above, times the video's local luminance (as the 2D garments). Where we
// look at the garment's inside (its back wall through the neck, the hem, a sleeve end) and the person mask says
// "person", the shopper's body is in front of that cloth: discard, and the camera picture shows through.
const fragmentShader = /* glsl */ `
  uniform vec3 color;
  uniform sampler2D videoMap;
  uniform sampler2D maskMap;
  uniform vec2 frameSizePx;
  uniform float normalSign;
  uniform float strength;
  uniform float blurPx;
  varying vec3 vViewNormal;
  varying vec2 vFramePx;
  float luma(vec2 px) {
    vec2 uv = vec2(px.x / frameSizePx.x, 1.0 - px.y / frameSizePx.y);
    return dot(texture2D(videoMap, uv).rgb, vec3(0.2126, 0.7152, 0.0722));
  }
  void main() {
    vec3 n = normalize(vViewNormal) * normalSign;
    bool inner = n.z < 0.0;
    if (inner && texture2D(maskMap, vFramePx / frameSizePx).r > 0.5) discard;
    if (inner) n = -n;
    float diffuse = 0.5 + 0.5 * max(dot(n, normalize(vec3(0.25, 0.55, 0.8))), 0.0);
    float l = luma(vFramePx) + luma(vFramePx + vec2(blurPx, 0.0)) + luma(vFramePx - vec2(blurPx, 0.0))
      + luma(vFramePx + vec2(0.0, blurPx)) + luma(vFramePx - vec2(0.0, blurPx));
    float shade = clamp(l / 5.0 / 0.45, 0.55, 1.35);
    gl_FragColor = vec4(color * diffuse * mix(1.0, shade, strength), 1.0);
    #include <colorspace_fragment>
  }
`;

/**
 * One worn 3D garment (a skinned glTF on the humanoid skeleton) in the mirror's world (camera pixels, y down).
 *
 * Each frame: bone rotations are solved from the world landmarks ({@link PoseSolver}); a weak-perspective fit of
 * world to image landmarks gives pixels per metre, and the garment is scaled by that times the person's size over
 * the skeleton's, then moved so its shoulder joints' centre lands on the tracked shoulders' centre. The model's
 * (x, y up, z to camera) map to world (x, y down, z to viewer): scale (s, −s, s).
 *
 * The person mask occludes the garment's inside (see the fragment shader). Owns the glTF scene it is given (its
 * geometries, the materials it replaces and their textures) and its own material; borrows video and mask.
 */
export class Garment3dLayer {
  /** Add to the mirror's world. */
  readonly object = new THREE.Group();
  private readonly bones: THREE.Bone[];
  private readonly bindWorldQ: THREE.Quaternion[];
  private readonly hipsParentQ = new THREE.Quaternion();
  private readonly posedQ: THREE.Quaternion[] = Array.from({ length: BONE_COUNT }, () => new THREE.Quaternion());
  private readonly solver: PoseSolver;
  private readonly modelShoulderM: number;
  private readonly modelTorsoM: number;
  private readonly material: THREE.ShaderMaterial;
  private readonly view: WeakPerspective = { pxPerM: 1, cxPx: 0, cyPx: 0 };
  private readonly q = new THREE.Quaternion();
  private readonly v = new THREE.Vector3();
  private readonly frameFromScene = new THREE.Matrix4();
  /** Camera pixels per model metre of the last fit. */
  scalePxPerM = 0;
  /** The garment has cloth on the forearms (long sleeves): the shopper's forearms are not redrawn over it. */
  readonly coversForearms: boolean;

  constructor(
    readonly id: string,
    private readonly gltfScene: THREE.Object3D,
    videoTexture: THREE.Texture,
    mask: PersonMaskTexture,
  ) {
    this.object.add(gltfScene);
    this.object.updateMatrixWorld(true);
    const bones: THREE.Bone[] = [];
    for (const name of HUMANOID_BONES) {
      const found = gltfScene.getObjectByName(name) as THREE.Bone | undefined;
      if (!found?.isBone) throw new Garment3dError(`3D garment ${id} has no bone "${name}"`);
      bones.push(found);
    }
    this.bones = bones;
    const bindJointsM = new Float64Array(BONE_COUNT * 3);
    this.bindWorldQ = bones.map((bone, i) => {
      bone.getWorldPosition(this.v).toArray(bindJointsM, 3 * i);
      return bone.getWorldQuaternion(new THREE.Quaternion());
    });
    bones[B.hips]!.parent?.getWorldQuaternion(this.hipsParentQ);
    this.solver = new PoseSolver(bindJointsM);
    const at = (b: number): THREE.Vector3 => new THREE.Vector3().fromArray(bindJointsM, 3 * b);
    this.modelShoulderM = at(B.leftUpperArm).distanceTo(at(B.rightUpperArm));
    this.modelTorsoM = at(B.leftUpperArm).add(at(B.rightUpperArm)).multiplyScalar(0.5).distanceTo(at(B.hips));
    if (!(this.modelShoulderM > 0.05 && this.modelTorsoM > 0.05)) throw new Garment3dError(`3D garment ${id}: its skeleton is not a T-posed humanoid`);

    const meshes: THREE.SkinnedMesh[] = [];
    gltfScene.traverse((o) => {
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) meshes.push(o as THREE.SkinnedMesh);
    });
    if (meshes.length === 0) throw new Garment3dError(`3D garment ${id} has no skinned mesh`);
    this.coversForearms = meshes.some((m) => skinnedTo(m, [bones[B.leftLowerArm]!, bones[B.rightLowerArm]!]));
    const first = meshes[0]!.material as THREE.MeshStandardMaterial;
    this.material = new THREE.ShaderMaterial({
      uniforms: {
        color: { value: (first.color ?? new THREE.Color(0.6, 0.6, 0.6)).clone() },
        videoMap: { value: videoTexture },
        maskMap: mask.uniform,
        frameSizePx: { value: new THREE.Vector2(1, 1) },
        frameFromScene: { value: this.frameFromScene },
        normalSign: { value: outwardNormalSign(meshes) },
        strength: { value: SHADING_STRENGTH },
        blurPx: { value: SHADING_BLUR_PX },
      },
      vertexShader,
      fragmentShader,
      side: THREE.DoubleSide,
      depthTest: true,
      depthWrite: true,
    });
    for (const mesh of meshes) {
      disposeMaterial(mesh.material);
      mesh.material = this.material;
      mesh.frustumCulled = false;
      mesh.renderOrder = ORDER;
    }
    this.object.visible = false;
  }

  /**
   * Poses and places the garment; hides it when `imagePx` or `worldM` is null (nobody, or an engine without
   * world landmarks).
   * @param imagePx landmarks in camera pixels, interleaved x, y for 33 landmarks (borrowed).
   * @param worldM world landmarks, metres, interleaved x, y, z (borrowed).
   */
  update(imagePx: ArrayLike<number> | null, worldM: ArrayLike<number> | null, frameWidthPx: number, frameHeightPx: number): void {
    if (!imagePx || !worldM || !this.solver.solve(worldM) || !fitWeakPerspective(imagePx, worldM, this.view)) {
      this.object.visible = false;
      return;
    }
    const g = this.solver.globals;
    for (let b = 0; b < BONE_COUNT; b++) {
      const posed = this.posedQ[b]!.multiplyQuaternions(g[b]!, this.bindWorldQ[b]!);
      const p = PARENT[b]!;
      const parent = p >= 0 ? this.posedQ[p]! : this.hipsParentQ;
      this.bones[b]!.quaternion.copy(this.q.copy(parent).invert().multiply(posed));
    }
    const s = this.view.pxPerM * bodyScale(worldM, this.modelShoulderM, this.modelTorsoM);
    this.scalePxPerM = s;
    const j = this.solver.jointsM;
    const mx = (j[3 * B.leftUpperArm]! + j[3 * B.rightUpperArm]!) / 2;
    const my = (j[3 * B.leftUpperArm + 1]! + j[3 * B.rightUpperArm + 1]!) / 2;
    const mz = (j[3 * B.leftUpperArm + 2]! + j[3 * B.rightUpperArm + 2]!) / 2;
    const tx = (imagePx[2 * L.leftShoulder]! + imagePx[2 * L.rightShoulder]!) / 2;
    const ty = (imagePx[2 * L.leftShoulder + 1]! + imagePx[2 * L.rightShoulder + 1]!) / 2;
    this.object.scale.set(s, -s, s);
    this.object.position.set(tx - s * mx, ty + s * my, -s * mz);
    const u = this.material.uniforms;
    (u.frameSizePx!.value as THREE.Vector2).set(frameWidthPx, frameHeightPx);
    const world = this.object.parent;
    if (world) this.frameFromScene.copy(world.matrixWorld).invert();
    this.object.visible = true;
  }

  /**
   * Where the skinned skeleton's shoulder joints (upper-arm bones) are drawn, in camera pixels: x, y of the
   * wearer's left then right into `out` (length ≥ 4). Reads the bones' world matrices as three.js will render them.
   * @returns false when the garment is hidden or not in a scene.
   */
  shoulderJointsPx(out: Float64Array): boolean {
    const world = this.object.parent;
    if (!this.object.visible || !world) return false;
    world.updateMatrixWorld(true);
    this.frameFromScene.copy(world.matrixWorld).invert();
    for (let k = 0; k < 2; k++) {
      this.bones[k === 0 ? B.leftUpperArm : B.rightUpperArm]!.getWorldPosition(this.v).applyMatrix4(this.frameFromScene);
      out[2 * k] = this.v.x;
      out[2 * k + 1] = this.v.y;
    }
    return true;
  }

  dispose(): void {
    this.object.remove(this.gltfScene);
    this.gltfScene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (mesh.isMesh) {
        mesh.geometry.dispose();
        if (mesh.material !== this.material) disposeMaterial(mesh.material);
      }
      if ((o as THREE.SkinnedMesh).isSkinnedMesh) (o as THREE.SkinnedMesh).skeleton.dispose();
    });
    this.material.dispose();
  }
}

/** Does any vertex of `mesh` take a real share (> 10 %) of its motion from one of `bones`? */
function skinnedTo(mesh: THREE.SkinnedMesh, bones: readonly THREE.Bone[]): boolean {
  const slots = new Set(bones.map((b) => mesh.skeleton.bones.indexOf(b)).filter((i) => i >= 0));
  const index = mesh.geometry.getAttribute('skinIndex');
  const weight = mesh.geometry.getAttribute('skinWeight');
  if (!index || !weight || slots.size === 0) return false;
  for (let i = 0; i < index.count; i++) {
    for (let k = 0; k < 4; k++) if (slots.has(index.getComponent(i, k)) && weight.getComponent(i, k) > 0.1) return true;
  }
  return false;
}

function disposeMaterial(m: THREE.Material | THREE.Material[]): void {
  for (const material of Array.isArray(m) ? m : [m]) {
    for (const value of Object.values(material)) if ((value as THREE.Texture | null)?.isTexture) (value as THREE.Texture).dispose();
    material.dispose();
  }
}

/**
 * +1 when the meshes' normals point out of the cloth (away from the body's axis), −1 when a tool wrote them
 * inwards: measured once on the bind pose against each vertex's offset from the vertical axis through the
 * meshes' centre.
 */
function outwardNormalSign(meshes: readonly THREE.SkinnedMesh[]): number {
  const box = new THREE.Box3();
  for (const m of meshes) box.expandByObject(m);
  const centre = box.getCenter(new THREE.Vector3());
  let sum = 0;
  for (const m of meshes) {
    const pos = m.geometry.getAttribute('position');
    const nor = m.geometry.getAttribute('normal');
    if (!pos || !nor) continue;
    for (let i = 0; i < pos.count; i++) sum += (pos.getX(i) - centre.x) * nor.getX(i) + (pos.getZ(i) - centre.z) * nor.getZ(i);
  }
  return sum >= 0 ? 1 : -1;
}
