import type { Vec2 } from './raster';

/** The outermost crossings of a closed polygon's outline at height `y`, in its own units; null if it misses. */
export function spanAt(polygon: readonly Vec2[], y: number): { left: number; right: number } | null {
  let left = Infinity;
  let right = -Infinity;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    if ((a[1] <= y && b[1] >= y) || (b[1] <= y && a[1] >= y)) {
      // A horizontal edge on the row crosses along its whole length.
      const xs = b[1] === a[1] ? [a[0], b[0]] : [a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0])];
      for (const x of xs) {
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return right >= left ? { left, right } : null;
}

/** Width of a closed polygon's outline at height `y` (outermost crossings), in its own units; 0 if it misses. */
export function widthAt(polygon: readonly Vec2[], y: number): number {
  const span = spanAt(polygon, y);
  return span ? span.right - span.left : 0;
}
