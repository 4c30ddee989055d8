/**
 * Temporal filters of mediapipe/modules/pose_landmark/pose_landmark_filtering.pbtxt and the filters behind them
 * (mediapipe/util/filtering: LowPassFilter, RelativeVelocityFilter, OneEuroFilter; LandmarksSmoothingCalculator,
 * VisibilitySmoothingCalculator). Filters keep per-landmark state allocated once; `apply` works in place.
 * Timestamps are milliseconds and must increase (a non-increasing timestamp passes the value through, as MediaPipe).
 */
import { LowPassFilter } from '../../shared/math/low-pass';
import { OneEuroFilter, type OneEuroParams } from '../../shared/math/one-euro';

export { OneEuroFilter, type OneEuroParams };

/** Assumed frame duration bounding the velocity window, 1/30 s. Source: relative_velocity_filter.cc (`kAssumedMaxDuration`). */
const ASSUMED_MAX_DURATION_MS = 1000 / 30;

/**
 * MediaPipe's RelativeVelocityFilter (legacy-transition distance mode): a low-pass whose alpha grows with the value's
 * speed, measured over a short window in units of the object's size.
 */
export class RelativeVelocityFilter {
  private lastValue = 0;
  private lastValueScale = 1;
  private lastTimestampMs = Number.NEGATIVE_INFINITY;
  private readonly windowDistance: Float64Array;
  private readonly windowDurationMs: Float64Array;
  /** Ring buffer: index of the newest element and number of elements. */
  private windowHead = 0;
  private windowSize = 0;
  private readonly lowPass = new LowPassFilter();

  constructor(
    private readonly maxWindowSize: number,
    private readonly velocityScale: number,
  ) {
    this.windowDistance = new Float64Array(maxWindowSize);
    this.windowDurationMs = new Float64Array(maxWindowSize);
  }

  apply(timestampMs: number, valueScale: number, value: number): number {
    if (this.lastTimestampMs >= timestampMs) return value;
    let alpha: number;
    if (this.lastTimestampMs === Number.NEGATIVE_INFINITY) {
      alpha = 1;
    } else {
      const distance = value * valueScale - this.lastValue * this.lastValueScale;
      const durationMs = timestampMs - this.lastTimestampMs;
      let cumulativeDistance = distance;
      let cumulativeDurationMs = durationMs;
      const maxCumulativeDurationMs = (1 + this.windowSize) * ASSUMED_MAX_DURATION_MS;
      for (let k = 0; k < this.windowSize; k++) {
        const idx = (this.windowHead - k + this.maxWindowSize) % this.maxWindowSize;
        const elDuration = this.windowDurationMs[idx]!;
        if (cumulativeDurationMs + elDuration > maxCumulativeDurationMs) break;
        cumulativeDistance += this.windowDistance[idx]!;
        cumulativeDurationMs += elDuration;
      }
      const velocity = cumulativeDistance / (cumulativeDurationMs / 1000);
      alpha = 1 - 1 / (1 + this.velocityScale * Math.abs(velocity));
      this.windowHead = (this.windowHead + 1) % this.maxWindowSize;
      this.windowDistance[this.windowHead] = distance;
      this.windowDurationMs[this.windowHead] = durationMs;
      if (this.windowSize < this.maxWindowSize) this.windowSize++;
    }
    this.lastValue = value;
    this.lastValueScale = valueScale;
    this.lastTimestampMs = timestampMs;
    return this.lowPass.applyWithAlpha(value, alpha);
  }

  reset(): void {
    this.lastTimestampMs = Number.NEGATIVE_INFINITY;
    this.windowSize = 0;
    this.lowPass.reset();
  }
}

/** Velocity filter settings of LandmarksSmoothingCalculator. */
export interface VelocityFilterConfig {
  kind: 'velocity';
  windowSize: number;
  velocityScale: number;
  /** @default 1e-6 */
  minAllowedObjectScale?: number;
  /** @default false */
  disableValueScaling?: boolean;
}

/** One-Euro settings of LandmarksSmoothingCalculator. */
export interface OneEuroFilterConfig extends OneEuroParams {
  kind: 'one-euro';
  /** @default 1e-6 */
  minAllowedObjectScale?: number;
  /** @default false */
  disableValueScaling?: boolean;
}

export type LandmarkFilterConfig = VelocityFilterConfig | OneEuroFilterConfig;

/**
 * Body landmarks: relative velocity filter, `window_size: 5`, `velocity_scale: 10.0` (pose_landmark_filtering.pbtxt
 * as shipped with the legacy Pose solution; also the LandmarksSmoothingCalculatorOptions defaults).
 */
export const POSE_LANDMARKS_VELOCITY_FILTER: VelocityFilterConfig = { kind: 'velocity', windowSize: 5, velocityScale: 10 };
/** Body landmarks in the newer pose_landmark_filtering.pbtxt: One-Euro `min_cutoff 0.05, beta 80, derivate_cutoff 1`. */
export const POSE_LANDMARKS_ONE_EURO_FILTER: OneEuroFilterConfig = { kind: 'one-euro', minCutoff: 0.05, beta: 80, derivateCutoff: 1 };
/** Auxiliary (ROI) landmarks: One-Euro `min_cutoff 0.01, beta 10, derivate_cutoff 1` (pose_landmark_filtering.pbtxt). */
export const AUX_LANDMARKS_ONE_EURO_FILTER: OneEuroFilterConfig = { kind: 'one-euro', minCutoff: 0.01, beta: 10, derivateCutoff: 1 };
/** World landmarks: One-Euro `min_cutoff 0.1, beta 40, derivate_cutoff 1, disable_value_scaling` (same graph). */
export const WORLD_LANDMARKS_ONE_EURO_FILTER: OneEuroFilterConfig = {
  kind: 'one-euro',
  minCutoff: 0.1,
  beta: 40,
  derivateCutoff: 1,
  disableValueScaling: true,
};
/** Visibility low-pass. Source: VisibilitySmoothingCalculator `low_pass_filter { alpha: 0.1 }`. */
export const VISIBILITY_LOW_PASS_ALPHA = 0.1;

type AxisFilter = RelativeVelocityFilter | OneEuroFilter;

/**
 * LandmarksSmoothingCalculator over a flat landmark buffer: every axis of every landmark filtered separately, in
 * pixels (x, z by the width, y by the height), with speeds scaled by 1 / object size.
 */
export class LandmarksSmoother {
  private readonly filters: AxisFilter[];

  /**
   * @param count landmarks in the buffers given to {@link apply}.
   * @param stride floats per landmark (x, y, z first).
   */
  constructor(
    private readonly count: number,
    private readonly stride: number,
    private readonly config: LandmarkFilterConfig,
  ) {
    this.filters = [];
    for (let i = 0; i < count * 3; i++) {
      this.filters.push(
        config.kind === 'velocity' ? new RelativeVelocityFilter(config.windowSize, config.velocityScale) : new OneEuroFilter(config),
      );
    }
  }

  /**
   * Filters `landmarks` in place.
   * @param landmarks caller-owned, `count × stride`; x, y, z replaced by their filtered values.
   * @param widthPx frame width the coordinates are normalised to (1 for world landmarks).
   * @param heightPx frame height (1 for world landmarks).
   * @param objectScalePx object size in pixels; @default the mean of the landmarks' bounding-box width and height.
   */
  apply(landmarks: Float32Array, timestampMs: number, widthPx: number, heightPx: number, objectScalePx?: number): void {
    let valueScale = 1;
    if (!this.config.disableValueScaling) {
      const objectScale = objectScalePx ?? this.boundingBoxScale(landmarks, widthPx, heightPx);
      if (objectScale < (this.config.minAllowedObjectScale ?? 1e-6)) return;
      valueScale = 1 / objectScale;
    }
    for (let i = 0; i < this.count; i++) {
      const b = i * this.stride;
      landmarks[b] = this.filters[i * 3]!.apply(timestampMs, valueScale, landmarks[b]! * widthPx) / widthPx;
      landmarks[b + 1] = this.filters[i * 3 + 1]!.apply(timestampMs, valueScale, landmarks[b + 1]! * heightPx) / heightPx;
      landmarks[b + 2] = this.filters[i * 3 + 2]!.apply(timestampMs, valueScale, landmarks[b + 2]! * widthPx) / widthPx;
    }
  }

  private boundingBoxScale(landmarks: Float32Array, widthPx: number, heightPx: number): number {
    let xMin = Infinity;
    let xMax = -Infinity;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let i = 0; i < this.count; i++) {
      const x = landmarks[i * this.stride]!;
      const y = landmarks[i * this.stride + 1]!;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
    return ((xMax - xMin) * widthPx + (yMax - yMin) * heightPx) / 2;
  }

  reset(): void {
    for (const f of this.filters) f.reset();
  }
}

/** VisibilitySmoothingCalculator: low-pass on the visibility value (index 3 of each landmark). */
export class VisibilitySmoother {
  private readonly filters: LowPassFilter[];

  constructor(
    private readonly count: number,
    private readonly stride: number,
    alpha = VISIBILITY_LOW_PASS_ALPHA,
  ) {
    this.filters = Array.from({ length: count }, () => new LowPassFilter(alpha));
  }

  /** @param landmarks caller-owned, modified in place. */
  apply(landmarks: Float32Array): void {
    for (let i = 0; i < this.count; i++) {
      const b = i * this.stride + 3;
      landmarks[b] = this.filters[i]!.apply(landmarks[b]!);
    }
  }

  reset(): void {
    for (const f of this.filters) f.reset();
  }
}
