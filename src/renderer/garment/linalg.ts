/**
 * Inverts the n×n row-major matrix `a` (borrowed, not modified) by Gauss–Jordan elimination with partial pivoting.
 * Returns a new array the caller owns. Throws when the matrix is singular to working precision (for a spline this
 * means the anchors are collinear or coincide).
 */
export function invert(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]!));
  const eps = 1e-12 * (scale || 1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (Math.abs(m[pivot * n + col]!) <= eps) throw new Error('matrix is singular');
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        swap(m, pivot * n + c, col * n + c);
        swap(inv, pivot * n + c, col * n + c);
      }
    }
    const d = 1 / m[col * n + col]!;
    for (let c = 0; c < n; c++) {
      m[col * n + c]! *= d;
      inv[col * n + c]! *= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col]!;
      if (f === 0) continue;
      for (let c = 0; c < n; c++) {
        m[r * n + c]! -= f * m[col * n + c]!;
        inv[r * n + c]! -= f * inv[col * n + c]!;
      }
    }
  }
  return inv;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
