import type { Vec2 } from './raster';

/** Width of a closed polygon's outline at height `y` (outermost crossings), in its own units; 0 if it misses. */
export function widthAt(polygon: readonly Vec2[], y: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    if ((a[1] <= y && b[1] >= y) || (b[1] <= y && a[1] >= y)) {
      const t = b[1] === a[1] ? 0 : (y - a[1]) / (b[1] - a[1]);
      const x = a[0] + t * (b[0] - a[0]);
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
  }
  return max > min ? max - min : 0;
}
