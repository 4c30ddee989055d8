import { PoseLandmark as L } from '../../shared/pose';

/**
 * The shopper's own bone lengths and breadths, metres, measured on BlazePose's world landmarks with the same
 * distances as the size advice (src/shared/sizing.ts `measureFrame`: 3D landmark-to-landmark spans, both sides
 * averaged, shoulder centre to hip centre for the torso) and smoothed over frames, since a body's proportions do
 * not change while the landmarks jitter and foreshorten.
 */
export interface Proportions {
  /** Shoulder landmark to shoulder landmark / 2 (the upper-arm joints' distance from the spine). */
  shoulderHalfM: number;
  /** Hip landmark to hip landmark / 2 (the upper-leg joints' distance from the spine). */
  hipHalfM: number;
  /** Hip centre to shoulder centre. */
  torsoM: number;
  /** Shoulder centre to the ears' centre (neck and lower head). */
  neckM: number;
  /** Shoulder → elbow. */
  upperArmM: number;
  /** Elbow → wrist. */
  forearmM: number;
  /** Hip → knee. */
  thighM: number;
  /** Knee → ankle. */
  shinM: number;
}

export const PROPORTION_NAMES: ReadonlyArray<keyof Proportions> = ['shoulderHalfM', 'hipHalfM', 'torsoM', 'neckM', 'upperArmM', 'forearmM', 'thighM', 'shinM'];

/**
 * Weight of a new frame in the running average. About a third of a second of frames at 30 fps makes the rig
 * steady; a new shopper's proportions take over within a second.
 */
export const PROPORTION_SMOOTHING = 0.1;
/** A frame whose span differs from the running value by more than this share is a mis-detection, not the body. */
const MAX_FRAME_CHANGE = 0.35;

/** Measures one frame's proportions from world landmarks (metres, interleaved x, y, z; borrowed) into `out`. */
export function measureProportions(worldM: ArrayLike<number>, out: Proportions): Proportions {
  const d = (a: number, b: number): number =>
    Math.hypot(worldM[3 * a]! - worldM[3 * b]!, worldM[3 * a + 1]! - worldM[3 * b + 1]!, worldM[3 * a + 2]! - worldM[3 * b + 2]!);
  // Mid-point spans without allocating: (a + b)/2 − (c + e)/2 per axis.
  const dMid = (a: number, b: number, c: number, e: number): number => {
    let s = 0;
    for (let k = 0; k < 3; k++) {
      const v = (worldM[3 * a + k]! + worldM[3 * b + k]! - worldM[3 * c + k]! - worldM[3 * e + k]!) / 2;
      s += v * v;
    }
    return Math.sqrt(s);
  };
  out.shoulderHalfM = d(L.leftShoulder, L.rightShoulder) / 2;
  out.hipHalfM = d(L.leftHip, L.rightHip) / 2;
  out.torsoM = dMid(L.leftShoulder, L.rightShoulder, L.leftHip, L.rightHip);
  out.neckM = dMid(L.leftEar, L.rightEar, L.leftShoulder, L.rightShoulder);
  out.upperArmM = (d(L.leftShoulder, L.leftElbow) + d(L.rightShoulder, L.rightElbow)) / 2;
  out.forearmM = (d(L.leftElbow, L.leftWrist) + d(L.rightElbow, L.rightWrist)) / 2;
  out.thighM = (d(L.leftHip, L.leftKnee) + d(L.rightHip, L.rightKnee)) / 2;
  out.shinM = (d(L.leftKnee, L.leftAnkle) + d(L.rightKnee, L.rightAnkle)) / 2;
  return out;
}

/**
 * The hip breadth the picture shows, in world metres. BlazePose's world hips sit far wider apart than its image
 * hips (on the mirror clip the shoulders are 1.43× the hips in world landmarks, 1.94× in the image), and a garment's
 * hips must land on the hips in the picture: the world breadth is scaled by image span ÷ (pixels per metre × the
 * world span's image-plane part), which keeps a turned shopper's foreshortening to the 3D rotation. NaN when the
 * hips are seen edge-on (the image says nothing about their breadth then).
 */
export function imageHipBreadthM(worldM: ArrayLike<number>, imagePx: ArrayLike<number>, pxPerM: number): number {
  const wx = worldM[3 * L.leftHip]! - worldM[3 * L.rightHip]!;
  const wy = worldM[3 * L.leftHip + 1]! - worldM[3 * L.rightHip + 1]!;
  const wz = worldM[3 * L.leftHip + 2]! - worldM[3 * L.rightHip + 2]!;
  const planeM = Math.hypot(wx, wy);
  const spaceM = Math.hypot(wx, wy, wz);
  if (!(planeM > MIN_FACING * spaceM)) return NaN;
  const imageM = Math.hypot(imagePx[2 * L.leftHip]! - imagePx[2 * L.rightHip]!, imagePx[2 * L.leftHip + 1]! - imagePx[2 * L.rightHip + 1]!) / pxPerM;
  return (spaceM * imageM) / planeM;
}
/** Below this share of their 3D span in the image plane, the hips are too side-on to read their breadth. */
const MIN_FACING = 0.4;

export const emptyProportions = (): Proportions => ({ shoulderHalfM: 0, hipHalfM: 0, torsoM: 0, neckM: 0, upperArmM: 0, forearmM: 0, thighM: 0, shinM: 0 });

/** The running average of a shopper's {@link Proportions}. Allocation-free per frame; `reset()` for a new shopper. */
export class BodyProportions {
  /** The current estimate (zeros until the first usable frame). Owned here; read, do not keep. */
  readonly value: Proportions = emptyProportions();
  private readonly frame: Proportions = emptyProportions();
  private frames = 0;

  /** Frames averaged so far. */
  get count(): number {
    return this.frames;
  }

  /**
   * Adds one frame. Spans that are not finite and positive are skipped; after the first frame, a span that jumps
   * by more than a third is taken as a landmark error and skipped too.
   * @param worldM world landmarks, metres, interleaved x, y, z for 33 landmarks (borrowed).
   * @param imagePx the same frame's landmarks in camera pixels, interleaved x, y (borrowed), with `pxPerM`, the
   *   frame's camera pixels per world metre: when given, the hip breadth is the one seen in the picture (see
   *   {@link imageHipBreadthM}).
   */
  update(worldM: ArrayLike<number>, imagePx?: ArrayLike<number>, pxPerM?: number): void {
    const f = measureProportions(worldM, this.frame);
    if (imagePx && pxPerM) f.hipHalfM = imageHipBreadthM(worldM, imagePx, pxPerM) / 2;
    const v = this.value;
    let used = false;
    for (const name of PROPORTION_NAMES) {
      const x = f[name];
      if (!(x > 1e-3) || !Number.isFinite(x)) continue;
      if (this.frames === 0 || !(v[name] > 0)) {
        v[name] = x;
      } else if (Math.abs(x - v[name]) <= MAX_FRAME_CHANGE * v[name]) {
        v[name] += PROPORTION_SMOOTHING * (x - v[name]);
      } else {
        continue;
      }
      used = true;
    }
    if (used) this.frames++;
  }

  reset(): void {
    for (const name of PROPORTION_NAMES) this.value[name] = 0;
    this.frames = 0;
  }
}
