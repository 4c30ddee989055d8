/**
 * Exponential smoothing with an explicit alpha (MediaPipe LowPassFilter, mediapipe/util/filtering/low_pass_filter.cc):
 * each output is `alpha` × the new value + (1 − `alpha`) × the last output; the first value after construction or
 * {@link LowPassFilter.reset} passes through. The one exponential smoother of the code base: inside the engine's
 * landmark filters (One-Euro, relative velocity, visibility; inference/pipeline/filters.ts), for the body's scale
 * from frame to frame (renderer/tryon/fitting.ts) and for the scale's change down the body
 * (renderer/garment3d/region-scale.ts).
 */
export class LowPassFilter {
  private initialized = false;
  private rawValue = 0;
  private storedValue = 0;

  /** @param alpha share of a new value in the output, 0..1 (1: no smoothing). @default 1 */
  constructor(private readonly alpha = 1) {}

  apply(value: number): number {
    return this.applyWithAlpha(value, this.alpha);
  }

  applyWithAlpha(value: number, alpha: number): number {
    const result = this.initialized ? alpha * value + (1 - alpha) * this.storedValue : value;
    this.initialized = true;
    this.rawValue = value;
    this.storedValue = result;
    return result;
  }

  /** Whether a value has been applied since construction or the last reset. */
  get hasLastRawValue(): boolean {
    return this.initialized;
  }

  /** The last value applied, unsmoothed. */
  get lastRawValue(): number {
    return this.rawValue;
  }

  /** Forgets the past: the next value passes through. */
  reset(): void {
    this.initialized = false;
  }
}
