/**
 * Compression wrinkles that follow the pose (issue 14 point 3): where a joint bends, the cloth on the inside of the
 * bend is shortened and buckles into folds across the limb — inside a bent elbow, behind a bent knee, across the
 * groin when the hip flexes, over the shoulder when an arm is raised above the shoulder line. The game-cloth
 * "wrinkle map blended by joint angle": each joint's bend (from the solved skeleton, per frame, here) weights a
 * pattern of folds across the limb in the garment's shader (fabric-material.ts), on the cloth skinned to both bones
 * of the joint (where the skinning blends them) and on the side of the limb that faces into the bend.
 *
 * Cheap: a few uniforms per bone per frame and a handful of shader instructions; no extra pass.
 */
import * as THREE from 'three';
import { BENDING_LENGTH_M, BUCKLE_WAVELENGTH_OF_BENDING_LENGTH, type FabricKind } from '../../shared/fabric';
import { B, BONE_COUNT, HUMANOID_BONES } from './humanoid';

/**
 * Bend (radians from straight) a limb shows while held straight: BlazePose's landmarks put a straight arm or leg
 * 5–10° off straight from frame to frame; below this no cloth is compressed.
 */
export const STRAIGHT_LIMB_RAD = (10 * Math.PI) / 180;
/**
 * Bend at which the inner side's cloth has buckled fully: at a right angle the inner side of a limb of radius r has
 * shortened by ≈ r·π/2 (6–8 cm on an arm or leg), more than the ease a sleeve or trouser leg has there.
 */
export const FULL_BUCKLE_RAD = Math.PI / 2;
/** Steepest flank of a buckle (as a slope): the same relaxed fold the build-time fold maps draw (fold-map.ts). */
export const WRINKLE_SLOPE = 0.5;

/**
 * The joints whose bend compresses cloth: the bone whose head is the joint, and the bone the limb would point
 * along if unbent (its "parent" for the bend; the cloth at the joint is skinned to the two). A shoulder counts only
 * raised above its bind (T-pose) line: lowered, its underarm fold is the garment's own (the fold map's).
 */
const JOINTS: ReadonlyArray<{ bone: number; parent: number; raisedOnly?: boolean }> = [
  { bone: B.leftLowerArm, parent: B.leftUpperArm },
  { bone: B.rightLowerArm, parent: B.rightUpperArm },
  { bone: B.leftLowerLeg, parent: B.leftUpperLeg },
  { bone: B.rightLowerLeg, parent: B.rightUpperLeg },
  { bone: B.leftUpperLeg, parent: B.hips },
  { bone: B.rightUpperLeg, parent: B.hips },
  { bone: B.leftUpperArm, parent: B.chest, raisedOnly: true },
  { bone: B.rightUpperArm, parent: B.chest, raisedOnly: true },
];

/** The child bone that gives each joint's bone its direction. */
const CHILD: Readonly<Record<number, number>> = {
  [B.leftLowerArm]: B.leftHand,
  [B.rightLowerArm]: B.rightHand,
  [B.leftLowerLeg]: B.leftFoot,
  [B.rightLowerLeg]: B.rightFoot,
  [B.leftUpperLeg]: B.leftLowerLeg,
  [B.rightUpperLeg]: B.rightLowerLeg,
  [B.leftUpperArm]: B.leftLowerArm,
  [B.rightUpperArm]: B.rightLowerArm,
};

/**
 * How much a joint bent by `bendRad` (the angle between where the limb points and where it would point unbent)
 * has compressed the cloth inside it: 0 up to {@link STRAIGHT_LIMB_RAD}, rising smoothly to 1 at
 * {@link FULL_BUCKLE_RAD}.
 */
export function compressionWeight(bendRad: number): number {
  const t = Math.min(1, Math.max(0, (bendRad - STRAIGHT_LIMB_RAD) / (FULL_BUCKLE_RAD - STRAIGHT_LIMB_RAD)));
  return t * t * (3 - 2 * t);
}

export interface WrinkleUniforms {
  wrinkleBend: { value: number[] };
  wrinkleParent: { value: number[] };
  wrinkleInner: { value: THREE.Vector3[] };
  wrinkleAxis: { value: THREE.Vector3[] };
  wrinkleBindAxis: { value: THREE.Vector3[] };
  wrinkleBindHead: { value: number[] };
  wrinkleWavelengthM: { value: number };
}

/** Per-frame bends of one garment's joints, as its shader's uniforms (indexed by the mesh's skin slots). */
export class CompressionWrinkles {
  readonly uniforms: WrinkleUniforms;
  /** Skin slots in the shader's arrays (the mesh skeleton's bone count). */
  readonly slots: number;
  private readonly slotOf: number[];
  private readonly bindDir: THREE.Vector3[];
  private readonly meshFromModel: THREE.Matrix3;
  private readonly unbent = new THREE.Vector3();
  private readonly bent = new THREE.Vector3();
  private readonly up = new THREE.Vector3();

  /**
   * @param slotBones the humanoid bone index of each skin slot of the mesh (-1: not a humanoid bone).
   * @param bindJointsM the skeleton's bind joints (model space, metres, per humanoid bone).
   * @param meshFromModel directions from model space into the mesh's own (bind) frame.
   */
  constructor(slotBones: readonly number[], bindJointsM: Float64Array, meshFromModel: THREE.Matrix3, fabric: FabricKind) {
    this.slots = slotBones.length;
    this.meshFromModel = meshFromModel;
    this.slotOf = Array.from({ length: BONE_COUNT }, (_, b) => slotBones.indexOf(b));
    const joint = (b: number): THREE.Vector3 => new THREE.Vector3(bindJointsM[3 * b], bindJointsM[3 * b + 1], bindJointsM[3 * b + 2]);
    this.bindDir = Array.from({ length: BONE_COUNT }, (_, b) => (CHILD[b] !== undefined ? joint(CHILD[b]!).sub(joint(b)).normalize() : new THREE.Vector3()));
    const n = this.slots;
    const vecs = (): THREE.Vector3[] => Array.from({ length: n }, () => new THREE.Vector3());
    this.uniforms = {
      wrinkleBend: { value: new Array<number>(n).fill(0) },
      wrinkleParent: { value: new Array<number>(n).fill(-1) },
      wrinkleInner: { value: vecs() },
      wrinkleAxis: { value: vecs() },
      wrinkleBindAxis: { value: vecs() },
      wrinkleBindHead: { value: new Array<number>(n).fill(0) },
      wrinkleWavelengthM: { value: BENDING_LENGTH_M[fabric] * BUCKLE_WAVELENGTH_OF_BENDING_LENGTH },
    };
    for (const j of JOINTS) {
      const s = this.slotOf[j.bone]!;
      const p = this.slotOf[j.parent]!;
      if (s < 0 || p < 0) continue;
      this.uniforms.wrinkleParent.value[s] = p;
      const axis = this.uniforms.wrinkleBindAxis.value[s]!.copy(this.bindDir[j.bone]!).applyMatrix3(meshFromModel).normalize();
      this.uniforms.wrinkleBindHead.value[s] = joint(j.bone).applyMatrix3(meshFromModel).dot(axis);
    }
  }

  /**
   * The joints' bends from the solver's rotations (model space, relative to the bind pose: a bone's posed
   * direction is `globals[b]` applied to its bind direction).
   */
  update(globals: readonly THREE.Quaternion[]): void {
    const u = this.uniforms;
    for (const j of JOINTS) {
      const s = this.slotOf[j.bone]!;
      if (s < 0 || u.wrinkleParent.value[s]! < 0) continue;
      const d = this.bindDir[j.bone]!;
      this.bent.copy(d).applyQuaternion(globals[j.bone]!);
      this.unbent.copy(d).applyQuaternion(globals[j.parent]!);
      let w = compressionWeight(this.bent.angleTo(this.unbent));
      const inner = u.wrinkleInner.value[s]!.copy(this.bent).sub(this.unbent);
      if (j.raisedOnly) {
        // Only an arm raised above the shoulder line (towards the chest's up) folds the cloth over the shoulder.
        this.up.set(0, 1, 0).applyQuaternion(globals[B.chest]!);
        if (inner.dot(this.up) <= 0) w = 0;
      }
      u.wrinkleBend.value[s] = w;
      inner.applyMatrix3(this.meshFromModel).normalize();
      u.wrinkleAxis.value[s]!.copy(this.bent).add(this.unbent).applyMatrix3(this.meshFromModel).normalize();
    }
  }
}

/** Vertex shader declarations (the slot count as a define: GLSL arrays need a constant size). */
export function wrinkleVertexPars(slots: number): string {
  return `
#define WRINKLE_SLOTS ${slots}
uniform float wrinkleBend[WRINKLE_SLOTS];
uniform float wrinkleParent[WRINKLE_SLOTS];
uniform vec3 wrinkleInner[WRINKLE_SLOTS];
uniform vec3 wrinkleAxis[WRINKLE_SLOTS];
uniform vec3 wrinkleBindAxis[WRINKLE_SLOTS];
uniform float wrinkleBindHead[WRINKLE_SLOTS];
varying float vWrinkleAmp;
varying float vWrinkleAlongM;
varying vec3 vWrinkleAxisView;`;
}

/**
 * After skinning (objectNormal skinned; position the bind pose's): the strongest joint compression this vertex
 * takes part in — its weight to a joint's bone times its weight to the joint's parent (1 where the skinning blends
 * them half and half, 0 where one alone moves it), times the bend, times how much the surface faces into the bend —
 * with where it lies along that limb (for the folds' phase) and the limb's axis (the folds' slope runs along it).
 */
export const WRINKLE_VERTEX_MAIN = `
#ifdef USE_SKINNING
{
  float bestW = 0.0;
  float alongM = 0.0;
  vec3 axisW = vec3(0.0);
  vec3 nW = normalize(objectNormal);
  for (int k = 0; k < 4; k++) {
    int b = int(skinIndex[k] + 0.5);
    if (b >= WRINKLE_SLOTS) continue;
    int p = int(wrinkleParent[b] + 0.5);
    if (wrinkleParent[b] < 0.0 || wrinkleBend[b] <= 0.0) continue;
    float wp = 0.0;
    for (int j = 0; j < 4; j++) if (int(skinIndex[j] + 0.5) == p) wp += skinWeight[j];
    float nearJoint = sqrt(clamp(4.0 * skinWeight[k] * wp, 0.0, 1.0));
    float m = wrinkleBend[b] * nearJoint * max(dot(nW, wrinkleInner[b]), 0.0);
    if (m > bestW) {
      bestW = m;
      alongM = dot(position, wrinkleBindAxis[b]) - wrinkleBindHead[b];
      axisW = wrinkleAxis[b];
    }
  }
  vWrinkleAmp = bestW;
  vWrinkleAlongM = alongM;
  vec3 axisView = mat3(modelViewMatrix) * axisW;
  vWrinkleAxisView = dot(axisView, axisView) > 0.0 ? normalize(axisView) : vec3(0.0);
}
#else
vWrinkleAmp = 0.0;
vWrinkleAlongM = 0.0;
vWrinkleAxisView = vec3(0.0);
#endif
`;

export const WRINKLE_FRAGMENT_PARS = `
uniform float wrinkleWavelengthM;
varying float vWrinkleAmp;
varying float vWrinkleAlongM;
varying vec3 vWrinkleAxisView;`;

/**
 * After the normal maps: folds across the limb (ridges round it, one every buckle wavelength along it), their
 * flanks tilting the normal along the limb's axis, as strong as the joint's compression.
 */
export const WRINKLE_NORMAL_MAIN = `
if (vWrinkleAmp > 0.001) {
  float wrinkleSlope = ${WRINKLE_SLOPE.toFixed(3)} * vWrinkleAmp * sin(6.2831853 * vWrinkleAlongM / wrinkleWavelengthM);
  normal = normalize(normal + vWrinkleAxisView * wrinkleSlope);
}`;

/** The humanoid index of each skin slot of a mesh (-1 for a bone that is not one of ours). */
export function slotBonesOf(mesh: THREE.SkinnedMesh): number[] {
  return mesh.skeleton.bones.map((b) => HUMANOID_BONES.indexOf(b.name as (typeof HUMANOID_BONES)[number]));
}
