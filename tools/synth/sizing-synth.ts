import { gaussian, prng } from '../../src/shared/math/prng';

export { gaussian, prng };
import { POSE_LANDMARK_COUNT, PoseLandmark, type NormalizedLandmark, type WorldLandmark } from '../../src/shared/pose';

/**
 * Synthetic people for tests, e2e tracks and the debug hooks: a stick body of known dimensions posed in front of
 * a pinhole camera, giving the world landmarks (metres, hip-centred, y down, as MediaPipe) and the image landmarks
 * (normalised to a 16:9 frame) BlazePose would report for it. Deterministic for a given seed.
 *
 * Segment heights are fractions of stature from Drillis & Contini's body-segment proportions (the "0.818 H
 * shoulder, 0.530 H hip" table), which is how the estimator in `sizing.ts` is NOT built: it measures landmark
 * distances, so these fractions only decide where the joints are.
 */

/** The true dimensions of a synthetic body, in centimetres. */
export interface SynthBodyDims {
  heightCm: number;
  /** Biacromial breadth (shoulder width as a size chart means it). */
  shoulderCm: number;
  chestCm: number;
  waistCm: number;
  hipCm: number;
  inseamCm: number;
}

/** Where one hand is: the wrist's offset from its shoulder in metres (world axes: x image-right, y down, z away). */
export interface ArmPose {
  dxM: number;
  dyM: number;
  dzM: number;
}

export interface SynthPose {
  /** Distance from the camera to the body's plane, metres. @default 2 */
  distanceM?: number;
  /** Sideways offset of the hip centre from the optical axis, metres (+ = image right). @default 0 */
  offsetXM?: number;
  /** Rotation about the vertical axis, radians; π = back to the camera. @default 0 */
  yawRad?: number;
  /** The wearer's left / right wrist, relative to that shoulder; omitted = hanging by the side. */
  leftArm?: ArmPose;
  rightArm?: ArmPose;
  /** Gaussian noise on every landmark, metres. @default 0 */
  noiseM?: number;
  /** Seed of the noise. @default 1 */
  seed?: number;
}

export interface SynthFrame {
  landmarks: NormalizedLandmark[];
  worldLandmarks: WorldLandmark[];
}

/** Frame size the image landmarks are normalised to; a 1280×720 camera with a 60° horizontal field of view. */
export const SYNTH_FRAME = { widthPx: 1280, heightPx: 720, focalPx: 1108, cameraHeightM: 1.4 } as const;

// Joint heights as fractions of stature (Drillis & Contini 1966, as tabulated in Winter, "Biomechanics and Motor
// Control of Human Movement", fig. 4.1).
const NOSE_OF_H = 0.915;
const EYE_OF_H = 0.936;
const EAR_OF_H = 0.925;
const MOUTH_OF_H = 0.9;
const SHOULDER_OF_H = 0.818;
const HIP_OF_H = 0.53;
const KNEE_OF_H = 0.285;
const ANKLE_OF_H = 0.039;
const UPPER_ARM_OF_H = 0.186;
const FOREARM_OF_H = 0.146;
/** The shoulder landmark sits on the joint, inside the acromion: this much of the biacromial breadth each side. */
const SHOULDER_JOINT_INSET_CM = 2.5;
/** BlazePose's hip landmarks sit near the greater trochanters: their spacing is this share of the hip's width. */
const HIP_LANDMARK_OF_WIDTH = 0.72;
/** Hip width ≈ circumference / this (an ellipse of depth ≈ 0.75 × width). */
const HIP_CIRC_OF_WIDTH = 2.8;

/** A plausible adult body around a stature, with individual variation (for size-advice tests). */
export function randomBody(rand: () => number): SynthBodyDims {
  const heightCm = 150 + rand() * 45;
  const build = gaussian(rand) * 0.08;
  const shoulderCm = heightCm * 0.245 * (1 + build * 0.6 + gaussian(rand) * 0.03);
  const chestCm = heightCm * 0.54 * (1 + build + gaussian(rand) * 0.03);
  const hipCm = heightCm * 0.56 * (1 + build * 0.8 + gaussian(rand) * 0.03);
  const waistCm = heightCm * 0.45 * (1 + build * 1.3 + gaussian(rand) * 0.04);
  const inseamCm = heightCm * 0.45 * (1 + gaussian(rand) * 0.02);
  return { heightCm, shoulderCm, chestCm, waistCm, hipCm, inseamCm };
}

/** World landmarks (metres, hip-centred, y down) of `body` facing the camera, before yaw and noise. */
function restLandmarks(body: SynthBodyDims, pose: SynthPose): Array<[number, number, number]> {
  const h = body.heightCm / 100;
  const hipY = HIP_OF_H * h;
  const up = (ofH: number): number => hipY - ofH * h; // height above floor → world y (down, hip-centred)
  const shoulderHalf = (body.shoulderCm / 2 - SHOULDER_JOINT_INSET_CM) / 100;
  const hipHalf = ((body.hipCm / HIP_CIRC_OF_WIDTH) * HIP_LANDMARK_OF_WIDTH) / 200;
  // Legs follow stature (the inseam is the truth a test compares with, not an input to the joints).
  const ankleY = up(ANKLE_OF_H);
  const kneeY = up(KNEE_OF_H);
  const out: Array<[number, number, number]> = Array.from({ length: POSE_LANDMARK_COUNT }, () => [0, 0, 0]);
  const set = (i: number, x: number, y: number, z: number): void => {
    out[i] = [x, y, z];
  };
  // Wearer's left = image right (+x) when facing the camera.
  set(PoseLandmark.nose, 0, up(NOSE_OF_H), -0.1);
  set(PoseLandmark.leftEyeInner, 0.015, up(EYE_OF_H), -0.08);
  set(PoseLandmark.leftEye, 0.03, up(EYE_OF_H), -0.08);
  set(PoseLandmark.leftEyeOuter, 0.045, up(EYE_OF_H), -0.07);
  set(PoseLandmark.rightEyeInner, -0.015, up(EYE_OF_H), -0.08);
  set(PoseLandmark.rightEye, -0.03, up(EYE_OF_H), -0.08);
  set(PoseLandmark.rightEyeOuter, -0.045, up(EYE_OF_H), -0.07);
  set(PoseLandmark.leftEar, 0.075, up(EAR_OF_H), 0);
  set(PoseLandmark.rightEar, -0.075, up(EAR_OF_H), 0);
  set(PoseLandmark.mouthLeft, 0.025, up(MOUTH_OF_H), -0.09);
  set(PoseLandmark.mouthRight, -0.025, up(MOUTH_OF_H), -0.09);
  const shoulderY = up(SHOULDER_OF_H);
  set(PoseLandmark.leftShoulder, shoulderHalf, shoulderY, 0);
  set(PoseLandmark.rightShoulder, -shoulderHalf, shoulderY, 0);
  set(PoseLandmark.leftHip, hipHalf, 0, 0);
  set(PoseLandmark.rightHip, -hipHalf, 0, 0);
  set(PoseLandmark.leftKnee, hipHalf * 0.9, kneeY, 0);
  set(PoseLandmark.rightKnee, -hipHalf * 0.9, kneeY, 0);
  set(PoseLandmark.leftAnkle, hipHalf * 0.85, ankleY, 0.02);
  set(PoseLandmark.rightAnkle, -hipHalf * 0.85, ankleY, 0.02);
  set(PoseLandmark.leftHeel, hipHalf * 0.85, ankleY + 0.04, 0.06);
  set(PoseLandmark.rightHeel, -hipHalf * 0.85, ankleY + 0.04, 0.06);
  set(PoseLandmark.leftFootIndex, hipHalf * 0.9, ankleY + 0.06, -0.14);
  set(PoseLandmark.rightFootIndex, -hipHalf * 0.9, ankleY + 0.06, -0.14);
  const upperM = UPPER_ARM_OF_H * h;
  const foreM = FOREARM_OF_H * h;
  const arm = (side: 1 | -1, shoulder: number, elbow: number, wrist: number, pinky: number, index: number, thumb: number, p?: ArmPose): void => {
    const sx = side * shoulderHalf;
    // Hanging: straight down, slightly out. Posed: the wrist where asked, the elbow bent outwards between.
    const w = p ?? { dxM: side * 0.06, dyM: upperM + foreM, dzM: 0 };
    const len = Math.hypot(w.dxM, w.dyM, w.dzM) || 1;
    const reach = Math.min(len, (upperM + foreM) * 0.999);
    const ux = w.dxM / len;
    const uy = w.dyM / len;
    const uz = w.dzM / len;
    const wx = sx + ux * reach;
    const wy = shoulderY + uy * reach;
    const wz = uz * reach;
    // Elbow: on the circle of solutions, pushed out sideways and down (a natural bend).
    const along = (upperM * upperM - foreM * foreM + reach * reach) / (2 * reach);
    const bend = Math.sqrt(Math.max(0, upperM * upperM - along * along));
    // The bend direction: "down and a little outwards" (elbows drop under gravity), less its component along
    // the shoulder→wrist line.
    const ox = side * 0.5;
    const oy = 1;
    const dot = ox * ux + oy * uy;
    let bx = ox - dot * ux;
    let by = oy - dot * uy;
    let bz = -dot * uz;
    const bl = Math.hypot(bx, by, bz) || 1;
    bx /= bl;
    by /= bl;
    bz /= bl;
    set(elbow, sx + ux * along + bx * bend, shoulderY + uy * along + by * bend, uz * along + bz * bend);
    set(wrist, wx, wy, wz);
    set(index, wx + ux * 0.08, wy + uy * 0.08, wz + uz * 0.08);
    set(pinky, wx + ux * 0.07 + side * 0.015, wy + uy * 0.07, wz + uz * 0.07);
    set(thumb, wx + ux * 0.04 - side * 0.02, wy + uy * 0.04, wz + uz * 0.04 - 0.02);
    set(shoulder, sx, shoulderY, 0);
  };
  arm(1, PoseLandmark.leftShoulder, PoseLandmark.leftElbow, PoseLandmark.leftWrist, PoseLandmark.leftPinky, PoseLandmark.leftIndex, PoseLandmark.leftThumb, pose.leftArm);
  arm(-1, PoseLandmark.rightShoulder, PoseLandmark.rightElbow, PoseLandmark.rightWrist, PoseLandmark.rightPinky, PoseLandmark.rightIndex, PoseLandmark.rightThumb, pose.rightArm);
  return out;
}

/** Landmarks of `body` in `pose`, as the engine would report them. Allocates; for tests and tooling. */
export function synthFrame(body: SynthBodyDims, pose: SynthPose = {}): SynthFrame {
  const rest = restLandmarks(body, pose);
  const rand = prng(pose.seed ?? 1);
  const noise = pose.noiseM ?? 0;
  const yaw = pose.yawRad ?? 0;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const world: WorldLandmark[] = rest.map(([x, y, z]) => ({
    x: x * c + z * s + (noise ? gaussian(rand) * noise : 0),
    y: y + (noise ? gaussian(rand) * noise : 0),
    z: -x * s + z * c + (noise ? gaussian(rand) * noise : 0),
  }));
  const { widthPx, heightPx, focalPx, cameraHeightM } = SYNTH_FRAME;
  const distanceM = pose.distanceM ?? 2;
  const hipHeightM = (HIP_OF_H * body.heightCm) / 100;
  const landmarks: NormalizedLandmark[] = world.map((p, i) => {
    const depth = distanceM + p.z;
    const xPx = widthPx / 2 + (focalPx * (p.x + (pose.offsetXM ?? 0))) / depth;
    // Camera looks horizontally from cameraHeightM; world y is down from the hip centre.
    const yPx = heightPx / 2 + (focalPx * (cameraHeightM - hipHeightM + p.y)) / depth;
    // Turned away, the face and the front of the hands are hidden.
    const faceHidden = i <= PoseLandmark.mouthRight && Math.cos(yaw) < 0;
    const visibility = faceHidden ? 0.2 : 0.98;
    return { x: xPx / widthPx, y: yPx / heightPx, z: p.z / 2, visibility, presence: 0.99 };
  });
  return { landmarks, worldLandmarks: world };
}
