import { WEIGHT_QMAX } from './int8';
/**
 * Error-compensating int8 weight rounding (GPTQ: Frantar et al. 2023, "GPTQ: Accurate Post-Training Quantization for
 * Generative Pre-trained Transformers", after Optimal Brain Quantization). Rounding each weight to its nearest int8
 * level ignores that the layer's inputs are correlated: what matters is the error of the layer's output, ‖(W − Ŵ)X‖²,
 * whose curvature is H = E[x xᵀ] over the layer's input patches. GPTQ rounds one input column at a time and spreads its
 * rounding error over the columns not yet rounded, weighted by H⁻¹ — at no run-time cost (the same int8 weights and
 * per-channel scales, only different integers).
 *
 * Measured on pose_landmark_full with float activations: nearest-rounded 8-bit weights alone move the landmarks by a
 * median 0.97 % of the body diagonal (10-bit: 0.21 %) — weight rounding, not activation ranges, was the int8 model's
 * largest error.
 */

/** Relative damping added to H's diagonal (GPTQ's default: 1 % of its mean), so that a rank-deficient H inverts. */
export const GPTQ_DAMPING = 0.01;

/** Lower Cholesky factor L (L Lᵀ = a) of a symmetric positive-definite n × n matrix, row major. Returns new array. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`matrix is not positive definite (pivot ${i}: ${s})`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return l;
}

/** Inverse of a symmetric positive-definite matrix via its Cholesky factor. Returns new array. */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
  const li = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= l[i * n + k]! * li[k * n + c]!;
      li[i * n + c] = s / l[i * n + i]!;
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i]! * li[k * n + j]!;
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/**
 * int8 weights of one Conv group by GPTQ. `w` holds `rows` output channels of `d` weights each (row major, the group's
 * slice of the Conv's [O, I/g, kh, kw] weights), `h` the d × d second moment of the group's input patches (same
 * ordering: input channel, then kernel row, then kernel column). Scales per row are fixed first (symmetric, ±WEIGHT_QMAX, as
 * src/models/quantize/int8.ts `quantizeWeightsPerChannel`); only the rounding changes. Borrows its inputs.
 */
export function gptqRound(w: Float32Array, rows: number, d: number, h: Float64Array): { q: Int8Array; scales: Float32Array } {
  if (w.length !== rows * d || h.length !== d * d) throw new RangeError(`gptq: ${w.length} weights, ${h.length} curvature values for ${rows} × ${d}`);
  const hd = Float64Array.from(h);
  let mean = 0;
  for (let i = 0; i < d; i++) mean += hd[i * d + i]!;
  mean = mean / d || 1;
  // A dead input (zero curvature) gets the mean curvature: its weight is rounded to nearest and nothing leans on it.
  for (let i = 0; i < d; i++) {
    if (!(hd[i * d + i]! > 0)) {
      for (let j = 0; j < d; j++) hd[i * d + j] = hd[j * d + i] = 0;
      hd[i * d + i] = mean;
    }
    hd[i * d + i]! += GPTQ_DAMPING * mean;
  }
  // GPTQ's stable form: the upper Cholesky factor U of H⁻¹ (H⁻¹ = Uᵀ U); row j of U drives column j's update.
  const hinv = invertSpd(hd, d);
  const lower = cholesky(hinv, d); // hinv = L Lᵀ, U = Lᵀ
  const u = (i: number, j: number) => lower[j * d + i]!;
  const q = new Int8Array(rows * d);
  const scales = new Float32Array(rows);
  const row = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    let amax = 0;
    for (let j = 0; j < d; j++) amax = Math.max(amax, Math.abs(w[r * d + j]!));
    const s = amax > 0 ? amax / WEIGHT_QMAX : 1;
    scales[r] = s;
    for (let j = 0; j < d; j++) row[j] = w[r * d + j]!;
    for (let j = 0; j < d; j++) {
      const qi = Math.max(-WEIGHT_QMAX, Math.min(WEIGHT_QMAX, Math.round(row[j]! / s)));
      q[r * d + j] = qi;
      const err = (row[j]! - qi * s) / u(j, j);
      for (let k = j + 1; k < d; k++) row[k]! -= err * u(j, k);
    }
  }
  return { q, scales };
}

/**
 * Sweeps of {@link refineRounding} at most. Each sweep visits every weight once; every move lowers the objective, so
 * stopping early keeps all the gain made so far: the bound only caps the time a large layer can take.
 */
export const MAX_REFINE_SWEEPS = 16;

/**
 * Rounding refinement after GPTQ, AdaRound's objective (Nagel et al. 2020, "Up or Down? Adaptive Rounding for
 * Post-Training Quantization", eq. 13: the layer's output error, here in its exact quadratic form (w − s·q)ᵀ H (w − s·q)
 * per output row) minimised over the integers directly, by coordinate descent instead of AdaRound's soft relaxation:
 * one integer at a time moves up or down by one level when that lowers the output error. GPTQ fixes each column once,
 * in order; this revisits every column with all the others known. Every accepted move lowers the objective, so the
 * result is never worse than its start (on the same curvature). Mutates `q` in place (within ±WEIGHT_QMAX); borrows the rest.
 * @returns moves made.
 */
export function refineRounding(w: Float32Array, q: Int8Array, scales: Float32Array, rows: number, d: number, h: Float64Array, maxSweeps = MAX_REFINE_SWEEPS): number {
  if (w.length !== rows * d || q.length !== rows * d || h.length !== d * d) throw new RangeError(`refine: ${w.length} weights, ${q.length} integers, ${h.length} curvature values for ${rows} × ${d}`);
  const g = new Float64Array(d);
  let moves = 0;
  for (let r = 0; r < rows; r++) {
    const s = scales[r]!;
    const o = r * d;
    // g = H Δ with Δ = w − s·q: the gradient of the row's error (halved).
    g.fill(0);
    for (let j = 0; j < d; j++) {
      const dj = w[o + j]! - s * q[o + j]!;
      if (dj === 0) continue;
      for (let k = 0; k < d; k++) g[k]! += h[k * d + j]! * dj;
    }
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let moved = false;
      for (let j = 0; j < d; j++) {
        const hjj = h[j * d + j]!;
        if (!(hjj > 0)) continue;
        // Moving q_j by δ changes the error by −2sδ·g_j + s²·H_jj (δ = ±1): worth it when s·H_jj < 2|g_j| in g_j's direction.
        const delta = g[j]! > 0 ? 1 : -1;
        const change = -2 * s * delta * g[j]! + s * s * hjj;
        const next = q[o + j]! + delta;
        if (!(change < -1e-12 * s * s * hjj) || next > WEIGHT_QMAX || next < -WEIGHT_QMAX) continue;
        q[o + j] = next;
        for (let k = 0; k < d; k++) g[k]! -= s * delta * h[k * d + j]!;
        moves++;
        moved = true;
      }
      if (!moved) break;
    }
  }
  return moves;
}

/**
 * GPTQ int8 weights of a whole Conv ([O, I/g, kh, kw], borrowed) from one curvature matrix per group (d × d, d =
 * I/g · kh · kw), with `refine` then {@link refineRounding}. Returns new arrays in {@link quantizeWeightsPerChannel}'s layout.
 */
export function gptqConvWeights(weights: Float32Array, dims: readonly number[], moments: readonly Float64Array[], options: { refine?: boolean } = {}): { q: Int8Array; scales: Float32Array } {
  const outC = dims[0]!;
  const d = weights.length / outC;
  const groups = moments.length;
  const rows = outC / groups;
  if (!Number.isInteger(rows)) throw new RangeError(`${outC} output channels do not split into ${groups} groups`);
  const q = new Int8Array(weights.length);
  const scales = new Float32Array(outC);
  for (let g = 0; g < groups; g++) {
    const w = weights.subarray(g * rows * d, (g + 1) * rows * d);
    const part = gptqRound(w, rows, d, moments[g]!);
    if (options.refine) refineRounding(w, part.q, part.scales, rows, d, moments[g]!);
    q.set(part.q, g * rows * d);
    scales.set(part.scales, g * rows);
  }
  return { q, scales };
}
