/**
 * Landmarks arrive at the inference rate (15–30 Hz) while the display refreshes at 60 Hz or more, and each result
 * is already some milliseconds old. A {@link LandmarkTrack} keeps the last few results and answers "where were the
 * landmarks at video time t?" for every rendered frame:
 *
 * - between two results: linear interpolation (exact for the samples, no overshoot);
 * - after the newest: linear prediction from the last two results, for at most `maxPredictMs`, then held — a
 *   dropped inference frame neither freezes the garment nor sends it flying off along a stale velocity;
 * - before the oldest kept: the oldest.
 *
 * Values are opaque floats (`valuesPerFrame` per result, e.g. 33 × [xPx, yPx]), so the same track serves image and
 * world landmarks. Storage is preallocated; `push` and `sample` allocate nothing.
 */
export type SampleKind = 'empty' | 'interpolated' | 'predicted' | 'held';

export interface TrackOptions {
  /** Results kept. @default 4 */
  capacity?: number;
  /** Longest prediction past the newest result, milliseconds. @default 100 */
  maxPredictMs?: number;
  /**
   * No prediction when the last two results are further apart than this, milliseconds: a velocity measured over
   * a quarter second or more is not the body's velocity now (people turn and stop faster than that), and
   * extrapolating it makes the garment overshoot. A slow engine gets a garment that holds still instead.
   * @default 250
   */
  maxGapToPredictMs?: number;
}

export class LandmarkTrack {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private readonly capacity: number;
  private readonly maxPredictMs: number;
  private readonly maxGapToPredictMs: number;
  /** Index of the oldest stored result and number stored (a ring). */
  private head = 0;
  private count = 0;

  constructor(
    readonly valuesPerFrame: number,
    options: TrackOptions = {},
  ) {
    this.capacity = Math.max(2, options.capacity ?? 4);
    this.maxPredictMs = options.maxPredictMs ?? 100;
    this.maxGapToPredictMs = options.maxGapToPredictMs ?? 250;
    this.times = new Float64Array(this.capacity);
    this.values = new Float64Array(this.capacity * valuesPerFrame);
  }

  get size(): number {
    return this.count;
  }

  /** Timestamp of the newest result, or NaN when empty. */
  get latestMs(): number {
    return this.count === 0 ? Number.NaN : this.times[this.slot(this.count - 1)]!;
  }

  /** Forgets everything (the person left; the next person must not inherit their velocity). */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /**
   * Adds a result captured at `timestampMs` (video clock). `values` is borrowed and copied. Results that are not
   * newer than the newest are ignored (returns false): the engine may deliver late duplicates.
   */
  push(timestampMs: number, values: ArrayLike<number>): boolean {
    if (values.length < this.valuesPerFrame) throw new Error(`expected ${this.valuesPerFrame} values, got ${values.length}`);
    if (this.count > 0 && timestampMs <= this.latestMs) return false;
    if (this.count === this.capacity) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    const s = this.slot(this.count);
    this.times[s] = timestampMs;
    const o = s * this.valuesPerFrame;
    for (let i = 0; i < this.valuesPerFrame; i++) this.values[o + i] = values[i]!;
    this.count++;
    return true;
  }

  /**
   * Writes the values at video time `tMs` into `out` (caller-owned, ≥ valuesPerFrame long) and says how they were
   * obtained. `out` is untouched when the track is empty.
   */
  sample(tMs: number, out: Float32Array | Float64Array): SampleKind {
    const n = this.count;
    if (n === 0) return 'empty';
    const newest = this.slot(n - 1);
    if (n === 1 || tMs >= this.times[newest]!) {
      if (n === 1 || tMs === this.times[newest]!) {
        this.copy(newest, out);
        return n === 1 && tMs > this.times[newest]! ? 'held' : 'interpolated';
      }
      const prev = this.slot(n - 2);
      const t0 = this.times[prev]!;
      const t1 = this.times[newest]!;
      if (t1 - t0 > this.maxGapToPredictMs) {
        this.copy(newest, out);
        return 'held';
      }
      const ahead = Math.min(tMs - t1, this.maxPredictMs);
      this.blend(prev, newest, 1 + ahead / (t1 - t0), out);
      return tMs - t1 <= this.maxPredictMs ? 'predicted' : 'held';
    }
    const oldest = this.slot(0);
    if (tMs <= this.times[oldest]!) {
      this.copy(oldest, out);
      return tMs === this.times[oldest]! ? 'interpolated' : 'held';
    }
    for (let k = n - 1; k > 0; k--) {
      const a = this.slot(k - 1);
      const b = this.slot(k);
      const ta = this.times[a]!;
      if (tMs >= ta) {
        this.blend(a, b, (tMs - ta) / (this.times[b]! - ta), out);
        return 'interpolated';
      }
    }
    this.copy(oldest, out);
    return 'held';
  }

  private slot(k: number): number {
    return (this.head + k) % this.capacity;
  }

  private copy(s: number, out: Float32Array | Float64Array): void {
    const o = s * this.valuesPerFrame;
    for (let i = 0; i < this.valuesPerFrame; i++) out[i] = this.values[o + i]!;
  }

  /** out = a + w·(b − a); w > 1 extrapolates. */
  private blend(a: number, b: number, w: number, out: Float32Array | Float64Array): void {
    const oa = a * this.valuesPerFrame;
    const ob = b * this.valuesPerFrame;
    for (let i = 0; i < this.valuesPerFrame; i++) {
      const va = this.values[oa + i]!;
      out[i] = va + w * (this.values[ob + i]! - va);
    }
  }
}
