import type { NormalizedLandmark, WorldLandmark } from '../../src/shared/pose';
import { gaussian, prng, synthFrame, type ArmPose, type SynthBodyDims, type SynthPose } from './sizing-synth';
import { pointingHand, type Hand } from '../../src/renderer/touchless/hand-cursor';

/**
 * Landmark tracks: what the engine would send over a few seconds of someone in front of the mirror. Used by the
 * touchless tests (standing still, walking past, pointing, swiping) and replayed by the e2e debug hook into the
 * pose stream (`e2e/fixtures/tracks/*.json`).
 */
export interface TrackFrame {
  /** Time since the track's start, ms. */
  tMs: number;
  landmarks: NormalizedLandmark[];
  worldLandmarks: WorldLandmark[];
}
export interface LandmarkTrack {
  name: string;
  /** Camera frame the landmarks are normalised to. */
  widthPx: number;
  heightPx: number;
  frames: TrackFrame[];
}

/** A medium adult (cm). */
export const AVERAGE_BODY: SynthBodyDims = { heightCm: 172, shoulderCm: 42, chestCm: 94, waistCm: 80, hipCm: 96, inseamCm: 78 };
const HANGING_L: ArmPose = { dxM: 0.07, dyM: 0.56, dzM: 0 };
const HANGING_R: ArmPose = { dxM: -0.07, dyM: 0.56, dzM: 0 };

export interface TrackOptions {
  body?: SynthBodyDims;
  /** Distance from the mirror, metres. @default 2 */
  distanceM?: number;
  /** Pose frames per second. @default 15 */
  fps?: number;
  /** Landmark noise, metres (BlazePose jitters by about a centimetre). @default 0.008 */
  noiseM?: number;
  seed?: number;
}

function build(name: string, durationMs: number, opts: TrackOptions, poseAt: (tMs: number, rand: () => number) => SynthPose): LandmarkTrack {
  const fps = opts.fps ?? 15;
  const rand = prng(opts.seed ?? 7);
  const frames: TrackFrame[] = [];
  for (let tMs = 0; tMs <= durationMs; tMs += 1000 / fps) {
    const pose = poseAt(tMs, rand);
    const f = synthFrame(opts.body ?? AVERAGE_BODY, {
      distanceM: opts.distanceM ?? 2,
      noiseM: opts.noiseM ?? 0.008,
      seed: Math.floor(rand() * 1e9),
      ...pose,
    });
    frames.push({ tMs: Math.round(tMs), landmarks: f.landmarks, worldLandmarks: f.worldLandmarks });
  }
  return { name, widthPx: 1280, heightPx: 720, frames };
}

/** Standing still, arms by the sides, swaying and breathing a little. */
export function standingTrack(durationMs: number, opts: TrackOptions = {}): LandmarkTrack {
  return build('standing', durationMs, opts, (t, rand) => {
    const sway = 0.02 * Math.sin(t / 900) + gaussian(rand) * 0.005;
    return { offsetXM: sway, leftArm: { ...HANGING_L, dxM: HANGING_L.dxM + sway / 2 }, rightArm: { ...HANGING_R, dxM: HANGING_R.dxM + sway / 2 } };
  });
}

/**
 * Swaying side to side (shifting the weight from foot to foot, the whole body moving `amplitudeM` either way at
 * `hz`) for `swayMs`, then standing still for `stillMs`: the cloth checks' track (a hem lags the hips, then settles).
 */
export function swayTrack(swayMs: number, stillMs: number, opts: TrackOptions & { amplitudeM?: number; hz?: number; stopMs?: number } = {}): LandmarkTrack {
  const amplitudeM = opts.amplitudeM ?? 0.08;
  const hz = opts.hz ?? 0.6;
  const w = (2 * Math.PI * hz) / 1000;
  const sway = (t: number): number => amplitudeM * Math.sin(w * t);
  // A stop that takes `stopMs`: from the sway's position, velocity and acceleration at swayMs − stopMs to rest (no
  // velocity, no acceleration) where the sway would have stopped, by the quintic of least jerk (Flash & Hogan 1985,
  // J. Neurosci. 5(7):1688–1703: smooth human movements minimise jerk). Without it the hips' acceleration ends at once.
  const stopMs = opts.stopMs ?? 0;
  const t0 = swayMs - stopMs;
  const stop = stopMs > 0 ? leastJerkTo(sway(t0), amplitudeM * w * Math.cos(w * t0), -amplitudeM * w * w * Math.sin(w * t0), sway(swayMs), stopMs) : null;
  return build(stopMs > 0 ? 'sway-stop' : 'sway', swayMs + stillMs, opts, (t) => {
    // After the sway they stand where it left them.
    const offsetXM = stop && t > t0 ? stop(Math.min(t, swayMs) - t0) : sway(Math.min(t, swayMs));
    return { offsetXM, leftArm: HANGING_L, rightArm: HANGING_R };
  });
}

/**
 * The quintic x(t), 0 ≤ t ≤ T (ms), from position x0, velocity v0 (per ms) and acceleration a0 (per ms²) to rest at
 * x1 (zero velocity and acceleration at T): the least-jerk path between those end states.
 */
function leastJerkTo(x0: number, v0: number, a0: number, x1: number, T: number): (t: number) => number {
  const d = x1 - x0;
  const c3 = (20 * d - (12 * v0 + 3 * a0 * T) * T) / (2 * T ** 3);
  const c4 = (-30 * d + (16 * v0 + 3 * a0 * T) * T) / (2 * T ** 4);
  const c5 = (12 * d - (6 * v0 + a0 * T) * T) / (2 * T ** 5);
  return (t) => x0 + v0 * t + (a0 / 2) * t * t + c3 * t ** 3 + c4 * t ** 4 + c5 * t ** 5;
}

/** Walking across the camera's view at `speedMps`, arms swinging. */
export function walkPastTrack(durationMs: number, opts: TrackOptions & { speedMps?: number } = {}): LandmarkTrack {
  const speed = opts.speedMps ?? 1.2;
  return build('walk-past', durationMs, opts, (t) => {
    const phase = (t / 1000) * Math.PI * 1.8;
    const swing = 0.25 * Math.sin(phase);
    return {
      offsetXM: -1.6 + (speed * t) / 1000,
      yawRad: 0.35,
      leftArm: { dxM: 0.06, dyM: 0.54, dzM: swing },
      rightArm: { dxM: -0.06, dyM: 0.54, dzM: -swing },
    };
  });
}

/** Arms folded in front of the chest, then hands on the hips: resting poses that must not point. */
export function restingPosesTrack(durationMs: number, opts: TrackOptions = {}): LandmarkTrack {
  return build('resting', durationMs, opts, (t) =>
    t < durationMs / 2
      ? { leftArm: { dxM: -0.2, dyM: 0.3, dzM: -0.15 }, rightArm: { dxM: 0.2, dyM: 0.31, dzM: -0.15 } }
      : { leftArm: { dxM: 0.1, dyM: 0.45, dzM: 0.05 }, rightArm: { dxM: -0.1, dyM: 0.45, dzM: 0.05 } },
  );
}

/**
 * The arm pose that puts `hand`'s cursor at (xNorm, yNorm): solved by a few fixed-point steps through the same
 * mapping the mirror uses, so a test can aim at a button wherever the layout put it.
 */
export function aimArm(body: SynthBodyDims, hand: Hand, xNorm: number, yNorm: number, distanceM: number): ArmPose {
  const sign = hand === 'left' ? 1 : -1;
  let arm: ArmPose = { dxM: sign * 0.25, dyM: -0.1, dzM: -0.25 };
  const aspect = 1280 / 720;
  for (let i = 0; i < 30; i++) {
    const f = synthFrame(body, { distanceM, ...(hand === 'left' ? { leftArm: arm } : { rightArm: arm }) });
    const c = pointingHand(f.landmarks, hand, aspect);
    if (!c) {
      arm = { ...arm, dyM: arm.dyM - 0.05 };
      continue;
    }
    // Screen x grows with the mirrored image: image x (world x) the other way. One cursor unit ≈ 3 shoulder widths.
    const swM = (body.shoulderCm - 5) / 100;
    arm = { dxM: arm.dxM - (xNorm - c.xNorm) * 3 * swM * 0.8, dyM: arm.dyM + (yNorm - c.yNorm) * 2.2 * swM * 0.8, dzM: arm.dzM };
  }
  return arm;
}

/** Raises `hand` to point at a screen position, holds it for `holdMs`, then lowers it. */
export function pointTrack(xNorm: number, yNorm: number, holdMs: number, opts: TrackOptions & { hand?: Hand } = {}): LandmarkTrack {
  const hand = opts.hand ?? 'right';
  const body = opts.body ?? AVERAGE_BODY;
  const aim = aimArm(body, hand, xNorm, yNorm, opts.distanceM ?? 2);
  const rest = hand === 'left' ? HANGING_L : HANGING_R;
  const raiseMs = 500;
  return build(`point-${hand}`, raiseMs + holdMs + 500, opts, (t) => {
    const k = t < raiseMs ? t / raiseMs : t < raiseMs + holdMs ? 1 : Math.max(0, 1 - (t - raiseMs - holdMs) / 300);
    const arm = { dxM: rest.dxM + (aim.dxM - rest.dxM) * k, dyM: rest.dyM + (aim.dyM - rest.dyM) * k, dzM: rest.dzM + (aim.dzM - rest.dzM) * k };
    return hand === 'left' ? { leftArm: arm, rightArm: HANGING_R } : { leftArm: HANGING_L, rightArm: arm };
  });
}

/** A swipe with the right hand: raised to the chest, swept across `direction` on screen in ~400 ms, lowered. */
export function swipeTrack(direction: 'left' | 'right', opts: TrackOptions = {}): LandmarkTrack {
  // Screen-left is the shopper's left: world +x.
  const from = direction === 'left' ? -0.45 : 0.25;
  const to = direction === 'left' ? 0.25 : -0.45;
  return build(`swipe-${direction}`, 1600, opts, (t) => {
    let arm: ArmPose = HANGING_R;
    if (t >= 300 && t < 1300) {
      const k = Math.min(1, Math.max(0, (t - 600) / 400));
      arm = { dxM: from + (to - from) * k * k * (3 - 2 * k), dyM: 0.05, dzM: -0.3 };
    }
    return { leftArm: HANGING_L, rightArm: arm };
  });
}

/** Turns the back to the mirror over ~1 s, stays `awayMs`, turns back and stays facing for `thenMs`. */
export function turnAroundTrack(awayMs: number, thenMs: number, opts: TrackOptions = {}): LandmarkTrack {
  const turnMs = 1000;
  return build('turn-around', 2 * turnMs + awayMs + thenMs, opts, (t) => {
    const k = t < turnMs ? t / turnMs : t < turnMs + awayMs ? 1 : t < 2 * turnMs + awayMs ? 1 - (t - turnMs - awayMs) / turnMs : 0;
    return { yawRad: Math.PI * k, leftArm: HANGING_L, rightArm: HANGING_R };
  });
}

/** Rounds a track's numbers for a compact fixture file. */
export function compactTrack(track: LandmarkTrack): LandmarkTrack {
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    ...track,
    frames: track.frames.map((f) => ({
      tMs: f.tMs,
      landmarks: f.landmarks.map((l) => ({ x: r(l.x), y: r(l.y), z: r(l.z), visibility: r(l.visibility), presence: r(l.presence) })),
      worldLandmarks: f.worldLandmarks.map((l) => ({ x: r(l.x), y: r(l.y), z: r(l.z) })),
    })),
  };
}
