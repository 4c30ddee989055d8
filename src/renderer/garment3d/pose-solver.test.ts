import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { B, BONE_COUNT, HUMANOID_BONES, T_POSE_JOINTS_M } from './humanoid';
import { PoseSolver } from './pose-solver';

type V3 = [number, number, number];

/** A body in model space (y up, +z towards the camera, wearer's left +x), as MediaPipe world landmarks (y down, z away). */
function worldLandmarks(body: Partial<Record<keyof typeof L, V3>>, rotate?: Quaternion): Float64Array {
  const out = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const v = new Vector3();
  for (const [name, p] of Object.entries(body)) {
    v.set(p[0], p[1], p[2]);
    if (rotate) v.applyQuaternion(rotate);
    const i = L[name as keyof typeof L];
    out[3 * i] = v.x;
    out[3 * i + 1] = -v.y;
    out[3 * i + 2] = -v.z;
  }
  return out;
}

/** The reference body's T-pose (src/shared/humanoid.ts) as landmarks: shoulders on the upper-arm joints, etc. */
const T_POSE: Partial<Record<keyof typeof L, V3>> = {
  leftEar: [0.07, 1.63, 0], rightEar: [-0.07, 1.63, 0], nose: [0, 1.63, 0.1],
  leftShoulder: [0.17, 1.44, 0], rightShoulder: [-0.17, 1.44, 0],
  leftElbow: [0.4, 1.44, 0], rightElbow: [-0.4, 1.44, 0],
  leftWrist: [0.6, 1.44, 0], rightWrist: [-0.6, 1.44, 0],
  leftIndex: [0.69, 1.44, 0.01], leftPinky: [0.69, 1.44, -0.01],
  rightIndex: [-0.69, 1.44, 0.01], rightPinky: [-0.69, 1.44, -0.01],
  leftHip: [0.12, 0.95, 0], rightHip: [-0.12, 0.95, 0],
  leftKnee: [0.12, 0.55, 0], rightKnee: [-0.12, 0.55, 0],
  leftAnkle: [0.12, 0.17, 0], rightAnkle: [-0.12, 0.17, 0],
};

const ARMS_DOWN: Partial<Record<keyof typeof L, V3>> = {
  ...T_POSE,
  leftElbow: [0.17, 1.21, 0], rightElbow: [-0.17, 1.21, 0],
  leftWrist: [0.17, 1.01, 0], rightWrist: [-0.17, 1.01, 0],
  leftIndex: [0.18, 0.93, 0], leftPinky: [0.16, 0.93, 0],
  rightIndex: [-0.18, 0.93, 0], rightPinky: [-0.16, 0.93, 0],
};

const local = (s: PoseSolver, bone: number): Quaternion => s.localRotation(bone, new Quaternion());
const angleDeg = (q: Quaternion): number => (q.angleTo(new Quaternion()) * 180) / Math.PI;
const joint = (s: PoseSolver, bone: number): Vector3 => new Vector3(s.jointsM[3 * bone], s.jointsM[3 * bone + 1], s.jointsM[3 * bone + 2]);

describe('PoseSolver', () => {
  it('T-pose landmarks leave every bone in its bind rotation and every joint where it was', () => {
    const s = new PoseSolver();
    expect(s.solve(worldLandmarks(T_POSE))).toBe(true);
    for (let b = 0; b < BONE_COUNT; b++) expect(angleDeg(local(s, b)), HUMANOID_BONES[b]).toBeLessThan(1e-4);
    for (let i = 0; i < s.jointsM.length; i++) expect(s.jointsM[i]).toBeCloseTo(T_POSE_JOINTS_M[i]!, 9);
  });

  it('arms down: each upper arm turns 90° about the viewing axis, the forearms stay straight', () => {
    const s = new PoseSolver();
    s.solve(worldLandmarks(ARMS_DOWN));
    const left = local(s, B.leftUpperArm);
    const right = local(s, B.rightUpperArm);
    expect(angleDeg(left)).toBeCloseTo(90, 4);
    expect(angleDeg(right)).toBeCloseTo(90, 4);
    // The wearer's left arm (+x) swings down: −90° about +z; the right one +90°.
    expect(new Vector3(1, 0, 0).applyQuaternion(left).distanceTo(new Vector3(0, -1, 0))).toBeLessThan(1e-9);
    expect(new Vector3(-1, 0, 0).applyQuaternion(right).distanceTo(new Vector3(0, -1, 0))).toBeLessThan(1e-9);
    expect(left.z).toBeLessThan(0);
    expect(right.z).toBeGreaterThan(0);
    expect(angleDeg(local(s, B.leftLowerArm))).toBeLessThan(1e-4);
    expect(angleDeg(local(s, B.rightLowerArm))).toBeLessThan(1e-4);
    // Forward kinematics: the hand hangs one arm's length (0.43 m) under the shoulder joint.
    expect(joint(s, B.leftHand).distanceTo(new Vector3(0.17, 1.44 - 0.43, 0))).toBeLessThan(1e-9);
    expect(joint(s, B.rightHand).distanceTo(new Vector3(-0.17, 1.44 - 0.43, 0))).toBeLessThan(1e-9);
    // The torso did not move.
    expect(angleDeg(local(s, B.chest))).toBeLessThan(1e-4);
  });

  it('a forearm raised towards the camera bends the elbow 90° and points the hand at the camera', () => {
    const s = new PoseSolver();
    s.solve(worldLandmarks({ ...ARMS_DOWN, leftWrist: [0.17, 1.21, 0.25], leftIndex: [0.17, 1.21, 0.35], leftPinky: [0.17, 1.21, 0.35] }));
    expect(angleDeg(local(s, B.leftLowerArm))).toBeCloseTo(90, 4);
    const elbow = joint(s, B.leftLowerArm);
    const hand = joint(s, B.leftHand);
    const dir = hand.clone().sub(elbow).normalize();
    expect(dir.distanceTo(new Vector3(0, 0, 1))).toBeLessThan(1e-9);
    expect(angleDeg(local(s, B.leftHand))).toBeLessThan(1e-4);
  });

  it('a person turned 40° to their left turns the hips 40° about the vertical; limbs stay in bind relative to them', () => {
    const turn = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), (40 * Math.PI) / 180);
    const s = new PoseSolver();
    s.solve(worldLandmarks(T_POSE, turn));
    expect(s.globals[B.hips]!.angleTo(turn)).toBeLessThan(1e-6);
    expect(s.globals[B.chest]!.angleTo(turn)).toBeLessThan(1e-6);
    for (const b of [B.spine, B.chest, B.leftUpperArm, B.leftLowerArm, B.rightUpperArm, B.leftUpperLeg, B.neck]) {
      expect(angleDeg(local(s, b)), HUMANOID_BONES[b]).toBeLessThan(1e-4);
    }
  });

  it('the shoulders turning against the hips twist the spine halfway', () => {
    const twist = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), (30 * Math.PI) / 180);
    const body = { ...T_POSE };
    for (const k of ['leftShoulder', 'rightShoulder'] as const) {
      const p = new Vector3(...body[k]!).applyQuaternion(twist);
      body[k] = [p.x, p.y, p.z];
    }
    const s = new PoseSolver();
    s.solve(worldLandmarks(body));
    expect(angleDeg(s.globals[B.hips]!)).toBeLessThan(1e-4);
    expect(angleDeg(s.globals[B.spine]!)).toBeCloseTo(15, 4);
    expect(angleDeg(s.globals[B.chest]!)).toBeCloseTo(30, 4);
  });

  it('a raised arm in the image (MediaPipe y smaller) raises the model arm (model y larger)', () => {
    const s = new PoseSolver();
    s.solve(worldLandmarks({ ...T_POSE, leftElbow: [0.17, 1.67, 0], leftWrist: [0.17, 1.87, 0] }));
    // Straight up from the shoulder joint (which the raised clavicle lifts with it: see the next test).
    expect(joint(s, B.leftLowerArm).y - joint(s, B.leftUpperArm).y).toBeCloseTo(0.23, 9);
    expect(joint(s, B.leftLowerArm).x - joint(s, B.leftUpperArm).x).toBeCloseTo(0, 9);
    expect(joint(s, B.leftHand).y - joint(s, B.leftLowerArm).y).toBeCloseTo(0.2, 9);
  });

  it('the clavicles stay on the chest with the arms hanging, and rise a third of an arm raised above the shoulder line', () => {
    const s = new PoseSolver();
    s.solve(worldLandmarks(ARMS_DOWN));
    expect(angleDeg(local(s, B.leftShoulder))).toBeLessThan(1e-4);
    expect(angleDeg(local(s, B.rightShoulder))).toBeLessThan(1e-4);
    // The left arm straight up (90° above the shoulder line), the right forwards and 45° up.
    s.solve(worldLandmarks({ ...T_POSE, leftElbow: [0.17, 1.67, 0], leftWrist: [0.17, 1.87, 0], rightElbow: [-0.17, 1.6, 0.16], rightWrist: [-0.17, 1.74, 0.3] }));
    expect(angleDeg(local(s, B.leftShoulder))).toBeCloseTo(30, 3);
    expect(angleDeg(local(s, B.rightShoulder))).toBeCloseTo(15, 3);
    // Each about the forward axis, its outer end (its child joint's side) up.
    const outerEnd = (bone: number, side: number): number => new Vector3(side, 0, 0).applyQuaternion(s.globals[bone]!).y;
    expect(outerEnd(B.leftShoulder, 1)).toBeCloseTo(Math.sin(Math.PI / 6), 6);
    expect(outerEnd(B.rightShoulder, -1)).toBeCloseTo(Math.sin(Math.PI / 12), 6);
  });

  it('degenerate landmarks (everything at one point) give finite rotations, and too few landmarks are refused', () => {
    const s = new PoseSolver();
    expect(s.solve(new Float64Array(POSE_LANDMARK_COUNT * 3))).toBe(true);
    for (const q of s.globals) expect([q.x, q.y, q.z, q.w].every(Number.isFinite)).toBe(true);
    expect(s.solve(new Float64Array(10))).toBe(false);
  });
});
