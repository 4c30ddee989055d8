/**
 * A small software rasteriser for garment meshes, standing in for the GPU in Node: draws the rig's triangles in
 * index order (back to front, as the mirror's one draw call does), sampling the garment picture at each pixel's uv
 * (nearest texel) and blending by its alpha. Tests read the coverage mask it returns (what the shopper would see of
 * the garment); `atelier tryon` and scripts/look-sheet.ts show the real renderer's picture.
 */
export interface RgbaImage {
  data: Uint8Array;
  widthPx: number;
  heightPx: number;
}

/**
 * Draws `mesh` (positions x, y, z per vertex in target pixels; uvs with v = 1 − y / height) textured with
 * `texture` into `target` (blended in place, when given) and returns the garment's coverage: one byte per target
 * pixel, 255 where a texel with alpha ≥ 128 was drawn.
 */
export function rasterizeGarment(
  mesh: { positions: ArrayLike<number>; uvs: ArrayLike<number>; indices: ArrayLike<number> },
  texture: RgbaImage,
  widthPx: number,
  heightPx: number,
  target?: RgbaImage,
): Uint8Array {
  const coverage = new Uint8Array(widthPx * heightPx);
  const { positions: p, uvs, indices } = mesh;
  const tw = texture.widthPx;
  const th = texture.heightPx;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t]!;
    const b = indices[t + 1]!;
    const c = indices[t + 2]!;
    const ax = p[3 * a]!, ay = p[3 * a + 1]!, bx = p[3 * b]!, by = p[3 * b + 1]!, cx = p[3 * c]!, cy = p[3 * c + 1]!;
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (Math.abs(area) < 1e-9) continue;
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const x1 = Math.min(widthPx - 1, Math.ceil(Math.max(ax, bx, cx)));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const y1 = Math.min(heightPx - 1, Math.ceil(Math.max(ay, by, cy)));
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area;
        const w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area;
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const u = w0 * uvs[2 * a]! + w1 * uvs[2 * b]! + w2 * uvs[2 * c]!;
        const v = w0 * uvs[2 * a + 1]! + w1 * uvs[2 * b + 1]! + w2 * uvs[2 * c + 1]!;
        const tx = Math.min(tw - 1, Math.max(0, Math.floor(u * tw)));
        const ty = Math.min(th - 1, Math.max(0, Math.floor((1 - v) * th)));
        const ti = 4 * (ty * tw + tx);
        const alpha = texture.data[ti + 3]! / 255;
        if (alpha <= 0) continue;
        const o = y * widthPx + x;
        if (alpha >= 0.5) coverage[o] = 255;
        if (target) {
          for (let k = 0; k < 3; k++) target.data[4 * o + k] = Math.round(target.data[4 * o + k]! * (1 - alpha) + texture.data[ti + k]! * alpha);
        }
      }
    }
  }
  return coverage;
}
