/** A 2D point as `[x, y]`. */
export type Point = readonly [number, number];

/**
 * A regular grid spanning a quad by bilinear interpolation of its corners `[tl, tr, br, bl]`, `columns × rows`
 * cells. Returns new arrays the caller owns: `positions` interleaved `[x, y, …]` in the quad's units, and triangle
 * `indices` (two per cell, wound the same way as the corners, so a warp that keeps orientation keeps every
 * triangle's signed area's sign).
 */
export function quadGrid(quad: readonly [Point, Point, Point, Point], columns: number, rows: number, firstIndex = 0): { positions: Float64Array; indices: Uint32Array } {
  if (columns < 1 || rows < 1) throw new Error('a grid needs at least one cell each way');
  const [tl, tr, br, bl] = quad;
  const positions = new Float64Array((columns + 1) * (rows + 1) * 2);
  let p = 0;
  for (let r = 0; r <= rows; r++) {
    const v = r / rows;
    for (let c = 0; c <= columns; c++) {
      const u = c / columns;
      positions[p++] = (1 - v) * ((1 - u) * tl[0] + u * tr[0]) + v * ((1 - u) * bl[0] + u * br[0]);
      positions[p++] = (1 - v) * ((1 - u) * tl[1] + u * tr[1]) + v * ((1 - u) * bl[1] + u * br[1]);
    }
  }
  const indices = new Uint32Array(columns * rows * 6);
  let i = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const a = firstIndex + r * (columns + 1) + c;
      const b = a + 1;
      const d = a + columns + 1;
      const e = d + 1;
      indices[i++] = a;
      indices[i++] = d;
      indices[i++] = b;
      indices[i++] = b;
      indices[i++] = d;
      indices[i++] = e;
    }
  }
  return { positions, indices };
}

/**
 * Signed area of triangle `t` (vertices `indices[3t..3t+2]`) in `positions` with `stride` floats per vertex (both
 * borrowed). Positive for counter-clockwise in a y-up frame, i.e. clockwise on screen with y down.
 */
export function signedArea(positions: ArrayLike<number>, stride: number, indices: ArrayLike<number>, t: number): number {
  const a = indices[3 * t]! * stride;
  const b = indices[3 * t + 1]! * stride;
  const c = indices[3 * t + 2]! * stride;
  const abx = positions[b]! - positions[a]!;
  const aby = positions[b + 1]! - positions[a + 1]!;
  const acx = positions[c]! - positions[a]!;
  const acy = positions[c + 1]! - positions[a + 1]!;
  return (abx * acy - aby * acx) / 2;
}

/**
 * Counts triangles in `[firstTriangle, firstTriangle + count)` whose signed area in `warped` does not have the sign
 * it has in `rest` (zero counts as folded). Arrays borrowed. `rest` triangles of zero area are skipped.
 * @param mirrored the garment is meant to be drawn mirrored (seen from behind): the opposite sign is the unfolded one.
 */
export function countFolded(
  rest: ArrayLike<number>,
  restStride: number,
  warped: ArrayLike<number>,
  warpedStride: number,
  indices: ArrayLike<number>,
  firstTriangle = 0,
  count = indices.length / 3 - firstTriangle,
  mirrored = false,
): number {
  let folded = 0;
  for (let t = firstTriangle; t < firstTriangle + count; t++) {
    const before = (mirrored ? -1 : 1) * signedArea(rest, restStride, indices, t);
    if (before === 0) continue;
    const after = signedArea(warped, warpedStride, indices, t);
    if (after * before <= 0) folded++;
  }
  return folded;
}
