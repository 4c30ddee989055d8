/**
 * What a store manager saw on the 3D dresses (issue 14), measured on a rendered picture (RGBA, W × H) and its
 * garment coverage (255 where the garment is drawn): a line across the shoulder, dark streaks on a skirt, a black
 * satin whose folds do not show.
 */

/** sRGB luma (0..255) of pixel i. */
export const lumaAt = (rgba: Uint8Array, i: number): number => 0.2126 * rgba[4 * i]! + 0.7152 * rgba[4 * i + 1]! + 0.0722 * rgba[4 * i + 2]!;

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The longest thin dark line in a box, px: pixels darker by more than `dipLevels` than both the pixels `halfPx`
 * above and below them (all on the garment: a valley, not the step where two lit faces meet), chained column to column with at most one pixel of rise or
 * fall. A printed flower is a short chain (its own width); a flower smeared along a ring of the mesh is a long one.
 */
export function longestDarkLinePx(rgba: Uint8Array, coverage: Uint8Array, w: number, box: Box, dipLevels: number, halfPx = 4): number {
  const rows = box.y1 - box.y0 + 1;
  let previous = new Array<number>(rows).fill(0);
  let best = 0;
  for (let x = box.x0; x <= box.x1; x++) {
    const here = new Array<number>(rows).fill(0);
    for (let y = box.y0; y <= box.y1; y++) {
      const i = y * w + x;
      const up = i - halfPx * w;
      const down = i + halfPx * w;
      if (coverage[i] !== 255 || coverage[up] !== 255 || coverage[down] !== 255) continue;
      if (lumaAt(rgba, i) >= Math.min(lumaAt(rgba, up), lumaAt(rgba, down)) - dipLevels) continue;
      const r = y - box.y0;
      here[r] = 1 + Math.max(previous[r - 1] ?? 0, previous[r]!, previous[r + 1] ?? 0);
      best = Math.max(best, here[r]!);
    }
    previous = here;
  }
  return best;
}

/** Luma of the garment's pixels in a box, sorted. */
export function garmentLumas(rgba: Uint8Array, coverage: Uint8Array, w: number, box: Box): number[] {
  const out: number[] = [];
  for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) if (coverage[y * w + x] === 255) out.push(lumaAt(rgba, y * w + x));
  return out.sort((a, b) => a - b);
}

/** The value at quantile q (0..1) of sorted values. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
