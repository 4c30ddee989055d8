/**
 * Smallest stretch a limb part is squeezed to along its bone, relative to its rest length. A limb pointing at the
 * camera projects to almost nothing; below this the part would degenerate to zero-area triangles.
 * Small enough that the far anchor still lands within 0.001 × rest length (< 0.5 px for any garment ≤ 500 px limbs).
 * @default 1e-3
 */
export const MIN_ALONG_SCALE = 1e-3;

/**
 * A rigid limb segment with anisotropic stretch: maps garment points near the bone `from → to` onto the target
 * bone `fromT → toT`. A point at `s` along the bone and `t` across it goes to `s × (target length / rest length)`
 * along and `t × acrossScale` across the target bone. Both anchors land exactly on their targets; the map is a
 * rotation with positive scales, so it can never fold a triangle.
 *
 * Reads `restPx` (interleaved, `restStride` floats per vertex, vertices `[first, first + count)`; borrowed) and
 * writes x, y to `out` at the same vertex index with `outStride` (caller-owned). Allocates nothing.
 *
 * @param bonePx `[fromX, fromY, toX, toY]` in garment pixels.
 * @param targetPx `[fromX, fromY, toX, toY]` in target (video) pixels.
 * @param acrossScale target pixels per garment pixel across the limb (the body's scale), > 0.
 */
export function applyBone(
  bonePx: ArrayLike<number>,
  targetPx: ArrayLike<number>,
  acrossScale: number,
  restPx: ArrayLike<number>,
  restStride: number,
  out: Float32Array | Float64Array,
  outStride: number,
  first: number,
  count: number,
): void {
  const ax = bonePx[0]!;
  const ay = bonePx[1]!;
  let ux = bonePx[2]! - ax;
  let uy = bonePx[3]! - ay;
  const restLength = Math.hypot(ux, uy);
  if (restLength === 0) throw new Error('a bone part needs two distinct anchors');
  ux /= restLength;
  uy /= restLength;
  const tx = targetPx[0]!;
  const ty = targetPx[1]!;
  let vx = targetPx[2]! - tx;
  let vy = targetPx[3]! - ty;
  const targetLength = Math.hypot(vx, vy);
  if (targetLength > 1e-9) {
    vx /= targetLength;
    vy /= targetLength;
  } else {
    // No direction to follow: keep the rest direction.
    vx = ux;
    vy = uy;
  }
  const along = Math.max(targetLength / restLength, MIN_ALONG_SCALE);
  const across = acrossScale > 0 ? acrossScale : MIN_ALONG_SCALE;
  for (let i = first; i < first + count; i++) {
    const dx = restPx[i * restStride]! - ax;
    const dy = restPx[i * restStride + 1]! - ay;
    // Coordinates in the bone frame (u along, n = u rotated +90°), then rebuilt in the target frame.
    const s = (dx * ux + dy * uy) * along;
    const t = (-dx * uy + dy * ux) * across;
    out[i * outStride] = tx + s * vx - t * vy;
    out[i * outStride + 1] = ty + s * vy + t * vx;
  }
}
