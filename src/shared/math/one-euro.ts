/**
 * The One-Euro filter of mediapipe/util/filtering (one_euro_filter.cc), the one implementation both the engine's
 * landmark smoothing and the renderer's touchless cursor use. The One-Euro filter
 * (Casiez, Roussel & Vogel, CHI 2012) is a low-pass whose cut-off rises with speed: a still hand gives a still
 * cursor, a moving one a cursor without lag. Timestamps are milliseconds and must increase (a non-increasing
 * timestamp passes the value through, as MediaPipe does).
 */
import { LowPassFilter } from './low-pass';

export interface OneEuroParams {
  /** Frame rate assumed before two timestamps are known, in Hz. @default 30 */
  frequency?: number;
  /** Cutoff frequency when still, Hz. */
  minCutoff: number;
  /** Cutoff increase per unit of (scaled) speed. */
  beta: number;
  /** Cutoff of the speed estimate, Hz. @default 1 */
  derivateCutoff?: number;
}

/** MediaPipe's OneEuroFilter (mediapipe/util/filtering/one_euro_filter.cc). */
export class OneEuroFilter {
  private frequency: number;
  private readonly initialFrequency: number;
  private readonly minCutoff: number;
  private readonly beta: number;
  private readonly derivateCutoff: number;
  private readonly x = new LowPassFilter();
  private readonly dx = new LowPassFilter();
  private lastTimestampMs = Number.NEGATIVE_INFINITY;

  constructor(params: OneEuroParams) {
    this.initialFrequency = params.frequency ?? 30;
    this.frequency = this.initialFrequency;
    this.minCutoff = params.minCutoff;
    this.beta = params.beta;
    this.derivateCutoff = params.derivateCutoff ?? 1;
  }

  apply(timestampMs: number, valueScale: number, value: number): number {
    if (this.lastTimestampMs >= timestampMs) return value;
    if (this.lastTimestampMs !== Number.NEGATIVE_INFINITY) this.frequency = 1000 / (timestampMs - this.lastTimestampMs);
    this.lastTimestampMs = timestampMs;
    const dValue = this.x.hasLastRawValue ? (value - this.x.lastRawValue) * valueScale * this.frequency : 0;
    const edValue = this.dx.applyWithAlpha(dValue, this.alpha(this.derivateCutoff));
    const cutoff = this.minCutoff + this.beta * Math.abs(edValue);
    return this.x.applyWithAlpha(value, this.alpha(cutoff));
  }

  private alpha(cutoff: number): number {
    const te = 1 / this.frequency;
    const tau = 1 / (2 * Math.PI * cutoff);
    return 1 / (1 + tau / te);
  }

  reset(): void {
    this.x.reset();
    this.dx.reset();
    this.frequency = this.initialFrequency;
    this.lastTimestampMs = Number.NEGATIVE_INFINITY;
  }
}
