import { Matrix4, Quaternion, Vector3 } from 'three';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { B, BONE_COUNT, PARENT, T_POSE_JOINTS_M } from './humanoid';

/** Bones shorter than this (metres) or landmark spans this short give no direction: the bone keeps its parent's. */
const MIN_SPAN_M = 1e-4;
/** Share of the chest's twist against the hips that the spine takes (the rest is the chest's own). */
const SPINE_TWIST_SHARE = 0.5;
/**
 * How much the shoulder girdle (the clavicle bone, and the cloth over the shoulder's top skinned to it) rises with an
 * arm raised above the shoulder line, per radian the arm points above it: the scapulohumeral rhythm (Inman 1944:
 * of an arm's elevation, two parts are the shoulder joint's and one the shoulder blade's). With the arm at or below
 * the shoulder line the girdle stays on the chest: the acromion does not drop with a hanging arm.
 */
const CLAVICLE_LIFT_OF_ARM_ELEVATION = 1 / 3;

/**
 * Solves the humanoid skeleton's bone rotations from MediaPipe's 33 world landmarks, without allocating per call.
 *
 * Method: the hips and chest get full frames (left-right axis from the hip / shoulder landmarks, up from the hip
 * centre to the shoulder centre); the spine is halfway between them; each clavicle is the chest's, raised with an arm
 * lifted above the shoulder line (`CLAVICLE_LIFT_OF_ARM_ELEVATION`). Every limb bone then swings, from its
 * parent's solved orientation, the shortest way that points its bind direction along its landmark segment
 * (shoulder→elbow, elbow→wrist, wrist→knuckles, hip→knee, knee→ankle, shoulders→ears for the neck). A segment's
 * twist cannot be seen in landmarks, so limbs take their parent's twist (swing only).
 *
 * Spaces: MediaPipe world landmarks are metres, hip-centred, x towards the image's right, y down, z away from the
 * camera. The skeleton's model space is glTF's: y up, +z towards the camera, and — for someone facing the camera —
 * the wearer's left (the image's right) along +x. So model = (x, −y, −z) of MediaPipe: a proper rotation (180°
 * about x), nothing mirrored. The bind pose is assumed to be a T-pose facing +z with the wearer's left along +x.
 */
export class PoseSolver {
  /**
   * Rotation of each bone from its bind orientation to the solved one, in model space (index as HUMANOID_BONES).
   * A bone's posed world rotation is `globals[b] × bindWorld[b]`. Owned by the solver; overwritten by `solve`.
   */
  readonly globals: Quaternion[] = Array.from({ length: BONE_COUNT }, () => new Quaternion());
  /**
   * Posed joint positions, model space metres, interleaved x, y, z per bone: the bind joints posed by the solved
   * rotations (the hips stay at their bind position; the garment layer puts each joint on its landmark instead). Owned
   * by the solver; overwritten by `solve`.
   */
  readonly jointsM: Float64Array;
  private readonly restDir: Vector3[];
  private readonly lm: Vector3[] = Array.from({ length: POSE_LANDMARK_COUNT }, () => new Vector3());
  private readonly a = new Vector3();
  private readonly b = new Vector3();
  private readonly c = new Vector3();
  private readonly from = new Vector3();
  private readonly fx = new Vector3();
  private readonly fy = new Vector3();
  private readonly fz = new Vector3();
  private readonly basis = new Matrix4();
  private readonly swing = new Quaternion();
  private readonly hipsFrame = new Quaternion();
  private readonly chestFrame = new Quaternion();

  /**
   * @param bindJointsM bind-pose joint positions of the skeleton being posed, model space metres, interleaved
   *   x, y, z per bone (copied). @default the demo skeleton's T-pose
   */
  constructor(private readonly bindJointsM: Float64Array = T_POSE_JOINTS_M) {
    if (bindJointsM.length !== BONE_COUNT * 3) throw new RangeError(`bind joints need ${BONE_COUNT * 3} numbers`);
    this.bindJointsM = Float64Array.from(bindJointsM);
    this.jointsM = Float64Array.from(bindJointsM);
    const joint = (i: number, out: Vector3): Vector3 => out.set(bindJointsM[3 * i]!, bindJointsM[3 * i + 1]!, bindJointsM[3 * i + 2]!);
    const dir = (from: number, to: number): Vector3 => {
      const v = joint(to, new Vector3()).sub(joint(from, new Vector3()));
      return v.lengthSq() > MIN_SPAN_M * MIN_SPAN_M ? v.normalize() : v.set(0, 1, 0);
    };
    // The direction each bone points in the bind pose: towards its child joint (hands and feet, which have none,
    // continue their parent's line).
    this.restDir = Array.from({ length: BONE_COUNT }, () => new Vector3(0, 1, 0));
    const child: Array<[number, number, number]> = [
      [B.spine, B.spine, B.chest],
      [B.neck, B.neck, B.head],
      [B.leftUpperArm, B.leftUpperArm, B.leftLowerArm],
      [B.leftLowerArm, B.leftLowerArm, B.leftHand],
      [B.leftHand, B.leftLowerArm, B.leftHand],
      [B.rightUpperArm, B.rightUpperArm, B.rightLowerArm],
      [B.rightLowerArm, B.rightLowerArm, B.rightHand],
      [B.rightHand, B.rightLowerArm, B.rightHand],
      [B.leftUpperLeg, B.leftUpperLeg, B.leftLowerLeg],
      [B.leftLowerLeg, B.leftLowerLeg, B.leftFoot],
      [B.rightUpperLeg, B.rightUpperLeg, B.rightLowerLeg],
      [B.rightLowerLeg, B.rightLowerLeg, B.rightFoot],
    ];
    for (const [bone, from, to] of child) this.restDir[bone] = dir(from, to);
  }

  /**
   * Solves the pose.
   * @param worldM landmarks in metres, MediaPipe's axes, interleaved x, y, z for the 33 landmarks (borrowed, read
   *   only): world landmarks, or the picture's landmarks in metres with their world depth (`pictureLandmarksM`).
   * @returns false (and the previous pose kept) when there are fewer than 33 landmarks.
   */
  solve(worldM: ArrayLike<number>): boolean {
    if (worldM.length < POSE_LANDMARK_COUNT * 3) return false;
    const lm = this.lm;
    for (let i = 0; i < POSE_LANDMARK_COUNT; i++) lm[i]!.set(worldM[3 * i]!, -worldM[3 * i + 1]!, -worldM[3 * i + 2]!);
    const g = this.globals;
    const hipMid = this.c.copy(lm[L.leftHip]!).add(lm[L.rightHip]!).multiplyScalar(0.5);
    const up = this.b.copy(lm[L.leftShoulder]!).add(lm[L.rightShoulder]!).multiplyScalar(0.5).sub(hipMid);
    this.frame(this.a.copy(lm[L.leftHip]!).sub(lm[L.rightHip]!), up, this.hipsFrame);
    this.frame(this.a.copy(lm[L.leftShoulder]!).sub(lm[L.rightShoulder]!), up, this.chestFrame);
    g[B.hips]!.copy(this.hipsFrame);
    g[B.spine]!.slerpQuaternions(this.hipsFrame, this.chestFrame, SPINE_TWIST_SHARE);
    g[B.chest]!.copy(this.chestFrame);
    this.clavicle(B.leftShoulder, L.leftShoulder, L.leftElbow, 1);
    this.clavicle(B.rightShoulder, L.rightShoulder, L.rightElbow, -1);

    // Neck: from the shoulder centre towards the ears' centre; the head follows the neck.
    const shoulderMid = this.b.copy(lm[L.leftShoulder]!).add(lm[L.rightShoulder]!).multiplyScalar(0.5);
    const earMid = this.a.copy(lm[L.leftEar]!).add(lm[L.rightEar]!).multiplyScalar(0.5);
    this.limb(B.neck, earMid.sub(shoulderMid));
    g[B.head]!.copy(g[B.neck]!);

    this.segment(B.leftUpperArm, L.leftShoulder, L.leftElbow);
    this.segment(B.leftLowerArm, L.leftElbow, L.leftWrist);
    this.hand(B.leftHand, L.leftWrist, L.leftIndex, L.leftPinky);
    this.segment(B.rightUpperArm, L.rightShoulder, L.rightElbow);
    this.segment(B.rightLowerArm, L.rightElbow, L.rightWrist);
    this.hand(B.rightHand, L.rightWrist, L.rightIndex, L.rightPinky);
    this.segment(B.leftUpperLeg, L.leftHip, L.leftKnee);
    this.segment(B.leftLowerLeg, L.leftKnee, L.leftAnkle);
    g[B.leftFoot]!.copy(g[B.leftLowerLeg]!);
    this.segment(B.rightUpperLeg, L.rightHip, L.rightKnee);
    this.segment(B.rightLowerLeg, L.rightKnee, L.rightAnkle);
    g[B.rightFoot]!.copy(g[B.rightLowerLeg]!);
    this.forwardKinematics();
    return true;
  }

  /**
   * A bone's rotation relative to its parent, for a skeleton whose bind rotations are all identity (as the demo
   * GLBs'): `inverse(globals[parent]) × globals[bone]`. Writes into and returns `out`.
   */
  localRotation(bone: number, out: Quaternion): Quaternion {
    const p = PARENT[bone]!;
    out.copy(this.globals[bone]!);
    if (p >= 0) out.premultiply(this.swing.copy(this.globals[p]!).invert());
    return out;
  }

  /** Orthonormal frame from a left-right axis and an up direction (model space, any length; read only) → `out`. */
  private frame(left: Vector3, up: Vector3, out: Quaternion): void {
    if (left.lengthSq() < MIN_SPAN_M * MIN_SPAN_M || up.lengthSq() < MIN_SPAN_M * MIN_SPAN_M) return;
    const x = this.fx.copy(left).normalize();
    const z = this.fz.crossVectors(x, up);
    if (z.lengthSq() < 1e-12) return;
    z.normalize();
    const y = this.fy.crossVectors(z, x);
    this.basis.makeBasis(x, y, z);
    out.setFromRotationMatrix(this.basis);
  }

  /**
   * The clavicle on `side` (+1 the wearer's left, along the chest's +x): the chest's orientation, its outer end raised
   * about the chest's forward axis by {@link CLAVICLE_LIFT_OF_ARM_ELEVATION} of the upper arm's elevation above the
   * chest's horizontal plane (shoulder → elbow landmarks; forwards or sideways alike).
   */
  private clavicle(bone: number, shoulder: number, elbow: number, side: 1 | -1): void {
    const out = this.globals[bone]!.copy(this.chestFrame);
    const arm = this.a.copy(this.lm[elbow]!).sub(this.lm[shoulder]!);
    if (arm.lengthSq() < MIN_SPAN_M * MIN_SPAN_M) return;
    const up = this.from.set(0, 1, 0).applyQuaternion(this.chestFrame);
    const elevation = Math.asin(Math.min(1, Math.max(-1, arm.normalize().dot(up))));
    if (!(elevation > 0)) return;
    const forward = this.from.set(0, 0, 1).applyQuaternion(this.chestFrame);
    out.premultiply(this.swing.setFromAxisAngle(forward, side * CLAVICLE_LIFT_OF_ARM_ELEVATION * elevation));
  }

  private segment(bone: number, fromLandmark: number, toLandmark: number): void {
    this.limb(bone, this.a.copy(this.lm[toLandmark]!).sub(this.lm[fromLandmark]!));
  }

  private hand(bone: number, wrist: number, index: number, pinky: number): void {
    const knuckles = this.a.copy(this.lm[index]!).add(this.lm[pinky]!).multiplyScalar(0.5);
    this.limb(bone, knuckles.sub(this.lm[wrist]!));
  }

  /** The bone's parent orientation, then the shortest swing that points the bone along `target` (model space). */
  private limb(bone: number, target: Vector3): void {
    const parent = this.globals[PARENT[bone]!]!;
    const out = this.globals[bone]!.copy(parent);
    if (target.lengthSq() < MIN_SPAN_M * MIN_SPAN_M) return;
    const from = this.from.copy(this.restDir[bone]!).applyQuaternion(parent);
    this.swing.setFromUnitVectors(from, target.normalize());
    out.premultiply(this.swing);
  }

  private forwardKinematics(): void {
    const bind = this.bindJointsM;
    const out = this.jointsM;
    out[0] = bind[0]!;
    out[1] = bind[1]!;
    out[2] = bind[2]!;
    for (let bone = 1; bone < BONE_COUNT; bone++) {
      const p = PARENT[bone]!;
      const o = this.a.set(bind[3 * bone]! - bind[3 * p]!, bind[3 * bone + 1]! - bind[3 * p + 1]!, bind[3 * bone + 2]! - bind[3 * p + 2]!);
      o.applyQuaternion(this.globals[p]!);
      out[3 * bone] = out[3 * p]! + o.x;
      out[3 * bone + 1] = out[3 * p + 1]! + o.y;
      out[3 * bone + 2] = out[3 * p + 2]! + o.z;
    }
  }
}
