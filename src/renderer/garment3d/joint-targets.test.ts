import { describe, expect, it } from 'vitest';
import { POSE_LANDMARK_COUNT, PoseLandmark as L } from '../../shared/pose';
import { B, BONE_COUNT, T_POSE_JOINTS_M } from './humanoid';
import { jointTargetsM, pictureLandmarksM } from './joint-targets';

/** A person in the picture (camera pixels) and their world landmarks, whose directions disagree with the picture. */
function frame(): { imagePx: Float64Array; worldM: Float64Array } {
  const imagePx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  const worldM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  const put = (i: number, xPx: number, yPx: number, zM: number): void => {
    imagePx.set([xPx, yPx], 2 * i);
    // World x, y deliberately off (a steeper shoulder line, wider hips): only z may be read.
    worldM.set([(xPx - 200) / 300 + (i === L.leftShoulder ? 0.05 : 0), (yPx - 500) / 300 - (i === L.leftShoulder ? 0.08 : 0), zM], 3 * i);
  };
  put(L.leftEar, 220, 120, -0.2);
  put(L.rightEar, 160, 120, -0.2);
  put(L.leftShoulder, 290, 220, -0.1);
  put(L.rightShoulder, 100, 240, -0.14);
  put(L.leftElbow, 330, 320, 0);
  put(L.rightElbow, 80, 400, -0.2);
  put(L.leftWrist, 335, 420, -0.05);
  put(L.rightWrist, 130, 375, -0.35);
  // Hips 140 px apart (0.26 m at 530 px/m), wider than the skeleton's 0.24 m.
  put(L.leftHip, 272, 515, 0.02);
  put(L.rightHip, 132, 521, -0.02);
  put(L.leftKnee, 260, 710, 0.05);
  put(L.rightKnee, 155, 705, 0.05);
  put(L.leftAnkle, 235, 800, 0.4);
  put(L.rightAnkle, 170, 850, 0.3);
  return { imagePx, worldM };
}

const PX_PER_M = 530;

describe('pictureLandmarksM', () => {
  it('is the picture in metres from the hip centre, with the world depth', () => {
    const { imagePx, worldM } = frame();
    const out = new Float64Array(POSE_LANDMARK_COUNT * 3);
    expect(pictureLandmarksM(imagePx, worldM, PX_PER_M, out)).toBe(true);
    expect(out[3 * L.leftShoulder]).toBeCloseTo((290 - 202) / PX_PER_M, 12);
    expect(out[3 * L.leftShoulder + 1]).toBeCloseTo((220 - 518) / PX_PER_M, 12);
    expect(out[3 * L.leftShoulder + 2]).toBeCloseTo(-0.1, 12);
    expect(out[3 * L.rightWrist + 2]).toBeCloseTo(-0.35, 12);
  });

  it('refuses a scale that is not a positive number, leaving the output alone', () => {
    const { imagePx, worldM } = frame();
    const out = new Float64Array(POSE_LANDMARK_COUNT * 3).fill(7);
    for (const bad of [0, -3, NaN, Infinity]) expect(pictureLandmarksM(imagePx, worldM, bad, out)).toBe(false);
    expect(out.every((x) => x === 7)).toBe(true);
  });
});

describe('jointTargetsM', () => {
  const { imagePx, worldM } = frame();
  const picture = new Float64Array(POSE_LANDMARK_COUNT * 3);
  pictureLandmarksM(imagePx, worldM, PX_PER_M, picture);
  const targets = jointTargetsM(picture, T_POSE_JOINTS_M, new Float64Array(BONE_COUNT * 3));
  const hips = [T_POSE_JOINTS_M[3 * B.hips]!, T_POSE_JOINTS_M[3 * B.hips + 1]!];
  /** A target back in camera pixels, as the garment layer draws it (model y up → image y down). */
  const px = (bone: number): [number, number] => [202 + (targets[3 * bone]! - hips[0]!) * PX_PER_M, 518 - (targets[3 * bone + 1]! - hips[1]!) * PX_PER_M];

  it('puts every limb joint on its image landmark, whatever the world landmarks’ directions', () => {
    const on: Array<[number, number]> = [
      [B.leftUpperArm, L.leftShoulder], [B.rightUpperArm, L.rightShoulder], [B.leftLowerArm, L.leftElbow], [B.rightLowerArm, L.rightElbow],
      [B.leftHand, L.leftWrist], [B.rightHand, L.rightWrist], [B.leftUpperLeg, L.leftHip], [B.rightUpperLeg, L.rightHip],
      [B.leftLowerLeg, L.leftKnee], [B.rightLowerLeg, L.rightKnee], [B.leftFoot, L.leftAnkle], [B.rightFoot, L.rightAnkle],
    ];
    for (const [bone, landmark] of on) {
      const [x, y] = px(bone);
      expect(x).toBeCloseTo(imagePx[2 * landmark]!, 9);
      expect(y).toBeCloseTo(imagePx[2 * landmark + 1]!, 9);
    }
    // Depth: model z is towards the camera, world z away from it.
    expect(targets[3 * B.rightHand + 2]).toBeCloseTo(0.35, 12);
  });

  it('spreads hip joints narrower than the skeleton\'s to its breadth along the hip line; knees stay on theirs', () => {
    const narrow = Float64Array.from(imagePx);
    // Hips 100 px apart (0.19 m), narrower than the skeleton's 0.24 m; same centre (202, 518).
    narrow.set([252, 515], 2 * L.leftHip);
    narrow.set([152, 521], 2 * L.rightHip);
    const pic = new Float64Array(POSE_LANDMARK_COUNT * 3);
    pictureLandmarksM(narrow, worldM, PX_PER_M, pic);
    const t = jointTargetsM(pic, T_POSE_JOINTS_M, new Float64Array(BONE_COUNT * 3));
    const d = [0, 1, 2].map((k) => t[3 * B.leftUpperLeg + k]! - t[3 * B.rightUpperLeg + k]!);
    expect(Math.hypot(...d)).toBeCloseTo(0.24, 9);
    // Along the picture's hip line, model space: left − right = (100 px, 6 px up, −0.04 m of world depth).
    const line = [100 / PX_PER_M, 6 / PX_PER_M, -0.04];
    const n = Math.hypot(...line);
    for (const k of [0, 1, 2]) expect(d[k]! / 0.24).toBeCloseTo(line[k]! / n, 9);
    for (const k of [0, 1, 2]) expect((t[3 * B.leftUpperLeg + k]! + t[3 * B.rightUpperLeg + k]!) / 2).toBeCloseTo(T_POSE_JOINTS_M[3 * B.hips + k]!, 9);
    expect(t[3 * B.leftLowerLeg]).toBeCloseTo(targets[3 * B.leftLowerLeg]!, 12);
  });

  it('hangs the chest and spine from the neck along the torso at their bind distances (a top keeps its length)', () => {
    const neck = [0, 1, 2].map((k) => targets[3 * B.neck + k]!);
    const axis = [0, 1, 2].map((k) => neck[k]! - targets[3 * B.hips + k]!);
    const axisLength = Math.hypot(...axis);
    for (const [bone, bindBelowNeckM] of [[B.chest, 1.44 - 1.27], [B.spine, 1.44 - 1.1]] as const) {
      const d = [0, 1, 2].map((k) => targets[3 * bone + k]! - neck[k]!);
      expect(Math.hypot(...d)).toBeCloseTo(bindBelowNeckM, 9);
      // On the hip → neck line, below the neck.
      for (let k = 0; k < 3; k++) expect(d[k]! / Math.hypot(...d)).toBeCloseTo(-axis[k]! / axisLength, 9);
    }
  });

  it('puts each clavicle joint on the line from the neck to its shoulder, at its bind share of it', () => {
    for (const [clavicle, arm] of [[B.leftShoulder, B.leftUpperArm], [B.rightShoulder, B.rightUpperArm]] as const) {
      for (let k = 0; k < 3; k++) {
        const want = targets[3 * B.neck + k]! + (0.04 / 0.17) * (targets[3 * arm + k]! - targets[3 * B.neck + k]!);
        expect(targets[3 * clavicle + k]).toBeCloseTo(want, 9);
      }
    }
  });
});
