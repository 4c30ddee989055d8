/**
 * The PoseLandmarkFiltering subgraph (mediapipe/modules/pose_landmark/pose_landmark_filtering.pbtxt): visibility
 * low-pass and coordinate smoothing for the body landmarks, the world landmarks and the two auxiliary landmarks that
 * give the next frame's ROI.
 */
import {
  AUX_LANDMARKS_ONE_EURO_FILTER,
  LandmarksSmoother,
  POSE_LANDMARKS_VELOCITY_FILTER,
  VisibilitySmoother,
  WORLD_LANDMARKS_ONE_EURO_FILTER,
  type LandmarkFilterConfig,
} from './filters';
import { AUX_LANDMARK_COUNT, BODY_LANDMARK_COUNT, LANDMARK_STRIDE, WORLD_STRIDE } from './landmarks';
import { alignmentRect } from './roi';

export interface PoseLandmarkFilteringOptions {
  /** Filter for the 33 body landmarks. @default POSE_LANDMARKS_VELOCITY_FILTER */
  landmarks?: LandmarkFilterConfig;
}

/** Holds the per-landmark filter state of one tracked person; allocate once per tracker, `reset()` when tracking is lost. */
export class PoseLandmarkFiltering {
  private readonly landmarkConfig: LandmarkFilterConfig;
  private readonly visibility = new VisibilitySmoother(BODY_LANDMARK_COUNT, LANDMARK_STRIDE);
  private readonly landmarks: LandmarksSmoother;
  private readonly world = new LandmarksSmoother(BODY_LANDMARK_COUNT, WORLD_STRIDE, WORLD_LANDMARKS_ONE_EURO_FILTER);
  private readonly auxVisibility = new VisibilitySmoother(AUX_LANDMARK_COUNT, LANDMARK_STRIDE);
  private readonly aux = new LandmarksSmoother(AUX_LANDMARK_COUNT, LANDMARK_STRIDE, AUX_LANDMARKS_ONE_EURO_FILTER);

  constructor(options: PoseLandmarkFilteringOptions = {}) {
    this.landmarkConfig = options.landmarks ?? POSE_LANDMARKS_VELOCITY_FILTER;
    this.landmarks = new LandmarksSmoother(BODY_LANDMARK_COUNT, LANDMARK_STRIDE, this.landmarkConfig);
  }

  /**
   * Filters the three landmark sets in place.
   * @param landmarks caller-owned, 33 × 5, frame-normalised.
   * @param aux caller-owned, 2 × 5, frame-normalised (model landmarks 33 and 34).
   * @param world caller-owned, 33 × 3, metres.
   */
  apply(landmarks: Float32Array, aux: Float32Array, world: Float32Array, timestampMs: number, widthPx: number, heightPx: number): void {
    // OBJECT_SCALE_ROI: the unscaled alignment rect of the unfiltered aux landmarks; its mean side in pixels.
    const roi = alignmentRect(aux[0]!, aux[1]!, aux[LANDMARK_STRIDE]!, aux[LANDMARK_STRIDE + 1]!, widthPx, heightPx);
    const roiScalePx = (roi.widthNorm * widthPx + roi.heightNorm * heightPx) / 2;

    this.visibility.apply(landmarks);
    // The legacy velocity filter scales by the landmarks' own bounding box; the One-Euro variant by the ROI.
    this.landmarks.apply(landmarks, timestampMs, widthPx, heightPx, this.landmarkConfig.kind === 'velocity' ? undefined : roiScalePx);
    this.world.apply(world, timestampMs, 1, 1);
    this.auxVisibility.apply(aux);
    this.aux.apply(aux, timestampMs, widthPx, heightPx, roiScalePx);
  }

  reset(): void {
    this.visibility.reset();
    this.landmarks.reset();
    this.world.reset();
    this.auxVisibility.reset();
    this.aux.reset();
  }
}
