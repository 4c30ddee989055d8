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

/** One bench run's speed, as `modelRatios` reads it. */
export interface ModelSpeed {
  model: string;
  /** Frames per second over the tracker's calls (1000 / mean latency). */
  fps: number;
  /** CPU milliseconds per frame, all threads. */
  cpuMsPerFrame: number;
}

/**
 * Each model's mean fps and CPU per frame over its runs (in first-seen order) and, for every model after the first,
 * the first one's speed over it: `fpsRatio` = fps(first) / fps(this), `cpuRatio` = CPU(this) / CPU(first), so both are
 * above 1 when the first is the faster. Runs of several models in one process, in turn, share the machine's load:
 * this ratio is what carries over from a loaded machine, not either fps alone.
 */
export function modelRatios(runs: readonly ModelSpeed[]): Array<{ model: string; runs: number; fps: number; cpuMsPerFrame: number; fpsRatio: number; cpuRatio: number }> {
  const byModel = new Map<string, ModelSpeed[]>();
  for (const r of runs) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  const mean = (xs: ModelSpeed[], k: 'fps' | 'cpuMsPerFrame') => xs.reduce((a, x) => a + x[k], 0) / xs.length;
  const rows = [...byModel].map(([model, xs]) => ({ model, runs: xs.length, fps: mean(xs, 'fps'), cpuMsPerFrame: mean(xs, 'cpuMsPerFrame') }));
  const first = rows[0];
  return rows.map((r) => ({ ...r, fpsRatio: first ? first.fps / r.fps : NaN, cpuRatio: first ? r.cpuMsPerFrame / first.cpuMsPerFrame : NaN }));
}
