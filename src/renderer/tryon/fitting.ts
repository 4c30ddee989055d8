import type * as THREE from 'three';
import { POSE_LANDMARK_COUNT, PoseLandmark, type PoseFrame } from '../../shared/pose';
import { GarmentLayer } from '../scene/garment-layer';
import { LandmarkTrack } from '../tracking/interpolate';
import type { LoadedGarment } from './garment-loader';

/** One rendered frame's check of the garment against the tracking (the e2e test reads these). */
export interface FitSample {
  renderMs: number;
  /** Largest distance of a garment shoulder anchor from the tracked shoulder landmark, / frame width. */
  shoulderErrorOfWidth: number;
  foldedTriangles: number;
}

const FIT_LOG_SIZE = 240;

/**
 * The try-on stages of the frame: landmarks of the newest pose frames are interpolated (or briefly predicted)
 * to the moment being rendered, and the worn garment is fitted to them. Owns the garment layer it creates.
 */
export class Fitting {
  private readonly track = new LandmarkTrack(POSE_LANDMARK_COUNT * 2);
  private readonly sampledPx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  private readonly anchorOut = new Float64Array(2);
  private latest: PoseFrame | null = null;
  private layer: GarmentLayer | null = null;
  private readonly fitLog: FitSample[] = [];
  private frameWidthPx = 1;
  private frameHeightPx = 1;

  constructor(
    private readonly world: THREE.Object3D,
    private readonly videoTexture: THREE.Texture,
    /** Keep a log of per-frame fit checks (debug overlay and tests only: it allocates). */
    private readonly recordFits = false,
  ) {}

  get wearing(): string | null {
    return this.layer?.asset.id ?? null;
  }

  /** A new pose frame from the engine (landmarks normalised to the camera frame). */
  onPose(pose: PoseFrame, frameWidthPx: number, frameHeightPx: number): void {
    this.frameWidthPx = frameWidthPx;
    this.frameHeightPx = frameHeightPx;
    if (pose.landmarks.length < POSE_LANDMARK_COUNT) {
      this.track.clear();
      this.latest = null;
      return;
    }
    this.latest = pose;
    const px = this.sampledPx;
    pose.landmarks.forEach((l, i) => {
      px[2 * i] = l.x * frameWidthPx;
      px[2 * i + 1] = l.y * frameHeightPx;
    });
    this.track.push(pose.timestampMs, px);
  }

  /** Frame stage: landmarks at `nowMs` → garment. */
  stage(nowMs: number): void {
    if (!this.layer) return;
    if (this.track.size === 0) {
      this.layer.update(null, this.frameWidthPx, this.frameHeightPx);
      return;
    }
    this.track.sample(nowMs, this.sampledPx);
    this.layer.update(this.sampledPx, this.frameWidthPx, this.frameHeightPx);
    if (this.recordFits) this.record(nowMs);
  }

  /** Puts a garment on (replacing the one worn). Takes ownership of `garment.image` (closed on take-off). */
  wear(garment: LoadedGarment): void {
    this.takeOff();
    this.layer = new GarmentLayer(garment.asset, garment.image, this.videoTexture);
    this.world.add(this.layer.object);
    this.fitLog.length = 0;
  }

  takeOff(): void {
    if (!this.layer) return;
    this.world.remove(this.layer.object);
    this.layer.dispose();
    this.layer = null;
  }

  /** The person left: forget their motion so the next shopper does not inherit it. */
  reset(): void {
    this.track.clear();
    this.latest = null;
  }

  fitSamples(): readonly FitSample[] {
    return this.fitLog;
  }

  private record(nowMs: number): void {
    const layer = this.layer;
    const pose = this.latest;
    if (!layer || !pose || !layer.lastFit) return;
    let worst = 0;
    for (const [anchor, index] of [
      ['leftShoulder', PoseLandmark.leftShoulder],
      ['rightShoulder', PoseLandmark.rightShoulder],
    ] as const) {
      if (!layer.rig.warpedAnchor(anchor, this.anchorOut)) return;
      const l = pose.landmarks[index]!;
      const d = Math.hypot(this.anchorOut[0]! - l.x * this.frameWidthPx, this.anchorOut[1]! - l.y * this.frameHeightPx);
      worst = Math.max(worst, d / this.frameWidthPx);
    }
    if (this.fitLog.length >= FIT_LOG_SIZE) this.fitLog.shift();
    this.fitLog.push({ renderMs: nowMs, shoulderErrorOfWidth: worst, foldedTriangles: layer.lastFit.foldedTriangles });
  }

  dispose(): void {
    this.takeOff();
  }
}
