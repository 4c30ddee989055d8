/** Small statistics for benchmarks: percentiles over latency samples. */

export interface Percentiles {
  /** Median, in the samples' unit. */
  p50: number;
  /** 95th percentile, in the samples' unit. */
  p95: number;
}

/**
 * The `q` quantile (0..1) by linear interpolation between closest ranks (numpy's default). NaN for no samples.
 * @param sorted ascending samples; borrowed, not modified.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** p50 and p95 of unsorted samples (copied before sorting; the input is not modified). */
export function percentiles(samples: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** Rounds to `digits` decimals, for printing and JSON. */
export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
