import type { FsPart } from '@freesewing/core';
import type { Vec2 } from '../raster';

/**
 * A back piece's neckline as drafted (`seamLine`: its seam line, flattened, in the pattern's own frame), from its high point of the shoulder to the centre-back neck, in mm: y down from
 * the HPS, x out from the centre back. A bodice block's back neck is shallow (Brian's and Simon's
 * yoke 18 mm, Bella's 20 mm; Teagan's widened crew 29 mm): the back picture's neckline is this curve, not the front's.
 */
export function backNecklineMm(part: FsPart, seamLine: readonly Vec2[], hpsName: string, what: string): Vec2[] {
  const hps = part.points[hpsName];
  const cb = part.points.cbNeck;
  if (!hps || !cb) throw new Error(`FreeSewing ${what}: the back has no ${hpsName} or cbNeck`);
  const line = seamLine.slice();
  // A closed seam line: drop its closing duplicate so the arcs between the two points are counted once.
  const last = line[line.length - 1]!;
  if (line.length > 1 && Math.hypot(last[0] - line[0]![0], last[1] - line[0]![1]) < 1e-6) line.pop();
  const nearest = (p: { x: number; y: number }): number => {
    let best = 0;
    for (let i = 1; i < line.length; i++) if (Math.hypot(line[i]![0] - p.x, line[i]![1] - p.y) < Math.hypot(line[best]![0] - p.x, line[best]![1] - p.y)) best = i;
    return best;
  };
  const a = nearest(hps);
  const b = nearest(cb);
  // The neckline is the shorter way round the seam between the two (the other way runs round the whole piece).
  const n = line.length;
  const forward = (b - a + n) % n;
  const arc: Vec2[] = [];
  if (forward <= n - forward) for (let k = 0; k <= forward; k++) arc.push(line[(a + k) % n]!);
  else for (let k = 0; k <= n - forward; k++) arc.push(line[(a - k + n) % n]!);
  return arc.map(([x, y]) => [Math.abs(x - cb.x), y - hps.y]);
}
