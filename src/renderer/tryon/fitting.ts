import type * as THREE from 'three';
import { POSE_LANDMARK_COUNT, PoseLandmark, type PoseFrame } from '../../shared/pose';
import { Garment3dLayer } from '../scene/garment3d-layer';
import { GarmentLayer } from '../scene/garment-layer';
import { OccluderLayer } from '../scene/occluder-layer';
import { PersonMaskTexture } from '../scene/person-mask-texture';
import { LandmarkTrack } from '../tracking/interpolate';
import type { LoadedGarment3d } from './garment3d-loader';
import type { LoadedGarment } from './garment-loader';

/** One rendered frame's check of the garment against the tracking (the e2e tests read these). */
export interface FitSample {
  renderMs: number;
  /** How the garment is worn: a warped 2D image or a posed 3D model. */
  kind: '2d' | '3d';
  /**
   * Largest distance of a garment shoulder (2D: the warped shoulder anchor; 3D: the drawn upper-arm bone) from the
   * tracked shoulder landmark, / frame width.
   */
  shoulderErrorOfWidth: number;
  /** 2D only: folded mesh triangles (0 for 3D). */
  foldedTriangles: number;
}

const FIT_LOG_SIZE = 240;

/**
 * The try-on stages of the frame: landmarks of the newest pose frames are interpolated (or briefly predicted)
 * to the moment being rendered, and the worn garment is fitted to them: a 2D garment (`wear`) is warped onto the
 * image landmarks, with the shopper's forearms, hands and hair redrawn over it; a 3D garment (`wear3d`) is posed
 * from the world landmarks and placed with the image landmarks. One garment is worn at a time. Owns the layers
 * it creates and the person-mask texture.
 */
export class Fitting {
  private readonly track = new LandmarkTrack(POSE_LANDMARK_COUNT * 2);
  private readonly worldTrack = new LandmarkTrack(POSE_LANDMARK_COUNT * 3);
  private readonly sampledPx = new Float64Array(POSE_LANDMARK_COUNT * 2);
  private readonly sampledWorldM = new Float64Array(POSE_LANDMARK_COUNT * 3);
  private readonly anchorOut = new Float64Array(4);
  private latest: PoseFrame | null = null;
  private layer: GarmentLayer | null = null;
  private layer3d: Garment3dLayer | null = null;
  private occluder: OccluderLayer | null = null;
  /** The engine's person mask on the GPU (occluders and 3D garments sample it). */
  readonly mask = new PersonMaskTexture();
  private readonly fitLog: FitSample[] = [];
  private frameWidthPx = 1;
  private frameHeightPx = 1;

  constructor(
    private readonly world: THREE.Object3D,
    private readonly videoTexture: THREE.Texture,
    /** Keep a log of per-frame fit checks (debug overlay and tests only: it allocates). */
    private readonly recordFits = false,
  ) {}

  /** Id of the worn garment (2D: its asset id; 3D: the id given to `wear3d`), or null. */
  get wearing(): string | null {
    return this.layer?.asset.id ?? this.layer3d?.id ?? null;
  }

  /** The worn 2D garment's layer, or null (`atelier tryon` reads its rig's anchors for the fit figures). */
  get garmentLayer(): GarmentLayer | null {
    return this.layer;
  }

  /** The worn 3D garment's layer, or null. */
  get garment3dLayer(): Garment3dLayer | null {
    return this.layer3d;
  }

  /** The arm-and-hair occluder's mesh, null before the first garment (`atelier tryon`'s coverage pass blanks it). */
  get occluderObject(): OccluderLayer['object'] | null {
    return this.occluder?.object ?? null;
  }

  /** How the worn garment is drawn, or null when none is worn. */
  get wearingKind(): '2d' | '3d' | null {
    return this.layer ? '2d' : this.layer3d ? '3d' : null;
  }

  /**
   * A new pose frame from the engine (landmarks normalised to the camera frame). Borrows `pose.mask.data` until
   * the next pose frame (uploaded to the GPU at the next render).
   */
  onPose(pose: PoseFrame, frameWidthPx: number, frameHeightPx: number): void {
    this.frameWidthPx = frameWidthPx;
    this.frameHeightPx = frameHeightPx;
    if (pose.landmarks.length < POSE_LANDMARK_COUNT) {
      this.track.clear();
      this.worldTrack.clear();
      this.latest = null;
      this.mask.update(null);
      return;
    }
    this.latest = pose;
    const px = this.sampledPx;
    pose.landmarks.forEach((l, i) => {
      px[2 * i] = l.x * frameWidthPx;
      px[2 * i + 1] = l.y * frameHeightPx;
    });
    this.track.push(pose.timestampMs, px);
    if (pose.worldLandmarks.length >= POSE_LANDMARK_COUNT) {
      const w = this.sampledWorldM;
      for (let i = 0; i < POSE_LANDMARK_COUNT; i++) {
        const l = pose.worldLandmarks[i]!;
        w[3 * i] = l.x;
        w[3 * i + 1] = l.y;
        w[3 * i + 2] = l.z;
      }
      this.worldTrack.push(pose.timestampMs, w);
    } else {
      this.worldTrack.clear();
    }
    this.mask.update(pose.mask);
  }

  /** Frame stage: landmarks at `nowMs` → garment. Allocation-free unless fits are recorded. */
  stage(nowMs: number): void {
    if (!this.layer && !this.layer3d) return;
    const W = this.frameWidthPx;
    const H = this.frameHeightPx;
    if (this.track.size === 0) {
      this.layer?.update(null, W, H);
      this.occluder?.update(null, null, W, H);
      this.layer3d?.update(null, null, W, H);
      return;
    }
    this.track.sample(nowMs, this.sampledPx);
    let worldM: Float64Array | null = null;
    if (this.worldTrack.size > 0) {
      this.worldTrack.sample(nowMs, this.sampledWorldM);
      worldM = this.sampledWorldM;
    }
    if (this.layer) {
      this.layer.update(this.sampledPx, W, H);
      this.occluder?.update(this.sampledPx, worldM, W, H);
    }
    if (this.layer3d) {
      this.layer3d.update(this.sampledPx, worldM, W, H);
      this.occluder?.update(this.layer3d.object.visible ? this.sampledPx : null, worldM, W, H, !this.layer3d.coversForearms);
    }
    if (this.recordFits) this.record(nowMs);
  }

  /** Puts a 2D garment on (replacing the one worn). Takes ownership of `garment.image` (closed on take-off). */
  wear(garment: LoadedGarment): void {
    this.takeOff();
    this.layer = new GarmentLayer(garment.asset, garment.image, this.videoTexture);
    this.world.add(this.layer.object, this.occluderLayer().object, this.layer.front);
    this.fitLog.length = 0;
  }

  /**
   * Puts a 3D garment on (replacing the one worn). Takes ownership of `garment.scene` (its geometries and
   * materials are disposed on take-off).
   * @throws Garment3dError when the model is not skinned to the humanoid skeleton (nothing is worn then).
   */
  wear3d(garment: LoadedGarment3d): void {
    this.takeOff();
    this.layer3d = new Garment3dLayer(garment.id, garment.scene, this.videoTexture, this.mask);
    // The 3D garment is opaque (drawn in three's opaque pass); the occluder is transparent, so it comes after.
    this.world.add(this.layer3d.object, this.occluderLayer().object);
    this.fitLog.length = 0;
  }

  /** The shared arm-and-hair occluder, between the 2D garment's back and front parts (created once). */
  private occluderLayer(): OccluderLayer {
    this.occluder ??= new OccluderLayer(this.videoTexture, this.mask, (GarmentLayer.BACK_ORDER + GarmentLayer.FRONT_ORDER) / 2);
    return this.occluder;
  }

  takeOff(): void {
    if (this.layer) {
      this.world.remove(this.layer.object, this.layer.front);
      this.layer.dispose();
      this.layer = null;
    }
    if (this.occluder) {
      this.world.remove(this.occluder.object);
      this.occluder.object.visible = false;
    }
    if (this.layer3d) {
      this.world.remove(this.layer3d.object);
      this.layer3d.dispose();
      this.layer3d = null;
    }
  }

  /** The person left: forget their motion so the next shopper does not inherit it. */
  reset(): void {
    this.track.clear();
    this.worldTrack.clear();
    this.latest = null;
    this.mask.update(null);
  }

  fitSamples(): readonly FitSample[] {
    return this.fitLog;
  }

  private record(nowMs: number): void {
    const pose = this.latest;
    if (!pose) return;
    const out = this.anchorOut;
    let kind: FitSample['kind'];
    let folded = 0;
    if (this.layer) {
      if (!this.layer.lastFit) return;
      if (!this.layer.rig.warpedAnchor('leftShoulder', out.subarray(0, 2))) return;
      if (!this.layer.rig.warpedAnchor('rightShoulder', out.subarray(2, 4))) return;
      kind = '2d';
      folded = this.layer.lastFit.foldedTriangles;
    } else if (this.layer3d) {
      if (!this.layer3d.shoulderJointsPx(out)) return;
      kind = '3d';
    } else {
      return;
    }
    let worst = 0;
    for (let k = 0; k < 2; k++) {
      const l = pose.landmarks[k === 0 ? PoseLandmark.leftShoulder : PoseLandmark.rightShoulder]!;
      const d = Math.hypot(out[2 * k]! - l.x * this.frameWidthPx, out[2 * k + 1]! - l.y * this.frameHeightPx);
      worst = Math.max(worst, d / this.frameWidthPx);
    }
    if (this.fitLog.length >= FIT_LOG_SIZE) this.fitLog.shift();
    this.fitLog.push({ renderMs: nowMs, kind, shoulderErrorOfWidth: worst, foldedTriangles: folded });
  }

  dispose(): void {
    this.takeOff();
    this.occluder?.dispose();
    this.occluder = null;
    this.mask.dispose();
  }
}
