import type { Fabric } from '../draw';
import { grainLightAt, hexToRgb, patternAt, WEAVE_GRAIN, type Rgb } from '../draw';
import { CM_PER_UNIT, PX_PER_UNIT } from '../layout';
import { addSpan, type Canvas } from '../raster';
import { DEPTH_OF_WIDTH, ellipsePerimeter } from './body';
import type { DrapedSkirt } from './drape-skirt';

/** Picture pixels per metre of cloth. */
const PX_PER_M = (PX_PER_UNIT / CM_PER_UNIT) * 100;
/**
 * The product pictures draw a garment of girth C as C / 2 wide (the sewn front laid flat, the width the try-on's
 * anchors and rig expect); seen from the front, a body's elliptical section of girth C is 2C / ellipsePerimeter(1,
 * 0.75) wide. Widths are drawn at their ratio, so the draped waist (pinned on that ellipse) is exactly the pattern's.
 */
const X_OF_FRONT_WIDTH = ellipsePerimeter(1, DEPTH_OF_WIDTH) / 4;
/** Vertical sub-samples per pixel row for the silhouette's coverage (as raster.ts). */
const SUBROWS = 4;
/**
 * The camera looks down on the skirt by this much, radians: a ghost-mannequin shot is taken from the garment's
 * middle height at ≈ 3 m (a short tele lens), so a hem ≈ 0.3 m below the lens axis is seen ≈ 6° from above — enough
 * for the hem's flutes to show as the hem's wave, as they do in a photograph.
 */
const CAMERA_ELEVATION_RAD = (6 * Math.PI) / 180;
/**
 * The front light: Lambert's cosine from a soft key light at the camera, on top of the fill the white sweep of a
 * product studio returns (about half the key: the sides of a round skirt fall to ≈ 0.55 of its front, as in a
 * photograph; the flat pictures' 0.74 rim is a drawing's). Flute walls turn away from the light and darken by
 * their own angle.
 */
const FILL_LIGHT = 0.55;
/**
 * The inside of the skirt, seen under a lifted flute or across the hem: lit only by what comes in under the hem —
 * in a ghost-mannequin photo the inside back reads about half as bright as the outside.
 */
const INSIDE_LIGHT = 0.5;
/**
 * A pressed knife pleat's fold, as the flat pictures draw it (draw.ts) and a photograph shows it: the under-fold's
 * shadow on the fold line — below the stitching, where the pleats fall free and the face hangs a little open, a
 * quarter of a face wide and 0.38 deep; along the stitching, sewn flat, an eighth and 0.22 — and the fold's edge
 * catching the light a third of a face in from it (0.14 brighter, a tenth wide). Widths in faces.
 */
/** Where the stitching ends the shade changes from sewn flat to free over this length of the grain, m. */
const PLEAT_STITCH_EASE_M = 0.01;
const PLEAT_SHADE = { free: { width: 0.25, depth: 0.38 }, stitched: { width: 0.125, depth: 0.22 }, edge: { at: 1 / 3, width: 0.1, gain: 0.14 } };

/**
 * Paints a draped skirt over `canvas`, seen from the front and a little above (CAMERA_ELEVATION_RAD), orthographic,
 * its waist seam's centre front at (`centreXPx`, `waistYPx`). The silhouette's alpha is the union of the mesh's triangles (exact horizontal coverage
 * on `SUBROWS` sub-rows per pixel); each pixel shows the nearest cloth, its fabric printed in the pattern's own
 * coordinates (so a dot follows the fold it sits on), lit by the front light through the mesh's interpolated normals.
 */
export function paintDrapedSkirt(canvas: Canvas, skirt: DrapedSkirt, fabric: Fabric, centreXPx: number, waistYPx: number): void {
  const { rows, cols, uvM } = skirt;
  const view = frontViewPx(skirt);
  const sx = view.x.map((x) => centreXPx + x);
  const sy = view.y.map((y) => waistYPx + y);
  const depthOf = view.depth;
  const sinE = Math.sin(CAMERA_ELEVATION_RAD);
  const cosE = Math.cos(CAMERA_ELEVATION_RAD);
  const normals = vertexNormals(skirt);
  // A pleated skirt: each vertex's place round the ring in faces from the centre front (the folds at whole numbers,
  // mirrored about the centre front as the flat picture's folds are), interpolated like the print.
  const pleats = skirt.pleats;
  const facesOut = pleats ? Float64Array.from({ length: rows * cols }, (_, v) => (Math.abs(((v % cols) + cols / 2) % cols - cols / 2) * pleats.count) / cols) : null;
  const tris: number[] = [];
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = r * cols + c;
      const b = r * cols + ((c + 1) % cols);
      const d = a + cols;
      const e = b + cols;
      tris.push(a, b, e, a, e, d);
    }
  }
  const n = rows * cols;
  const W = canvas.widthPx;
  const H = canvas.heightPx;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let v = 0; v < n; v++) {
    minX = Math.min(minX, sx[v]!);
    maxX = Math.max(maxX, sx[v]!);
    minY = Math.min(minY, sy[v]!);
    maxY = Math.max(maxY, sy[v]!);
  }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(W, Math.ceil(maxX) + 1);
  const y1 = Math.min(H, Math.ceil(maxY) + 1);
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  if (w === 0 || h === 0) return;
  // Coverage: per sub-row, the union of the triangles' spans.
  const cov = new Float32Array(w * h);
  const spans: Array<Array<[number, number]>> = Array.from({ length: h * SUBROWS }, () => []);
  // Nearest cloth at each pixel centre: depth, triangle, barycentrics.
  const depth = new Float64Array(w * h).fill(-Infinity);
  const tri = new Int32Array(w * h).fill(-1);
  const bary = new Float64Array(2 * w * h);
  for (let t = 0; t < tris.length; t += 3) {
    const ia = tris[t]!;
    const ib = tris[t + 1]!;
    const ic = tris[t + 2]!;
    const ax = sx[ia]!;
    const ay = sy[ia]!;
    const bx = sx[ib]!;
    const by = sy[ib]!;
    const cx = sx[ic]!;
    const cy = sy[ic]!;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    const tMinY = Math.min(ay, by, cy);
    const tMaxY = Math.max(ay, by, cy);
    for (let k = Math.max(0, Math.ceil((tMinY - y0) * SUBROWS - 0.5)); k < h * SUBROWS && (k + 0.5) / SUBROWS + y0 <= tMaxY; k++) {
      const yy = y0 + (k + 0.5) / SUBROWS;
      const span = spanAt(ax, ay, bx, by, cx, cy, yy);
      if (span) spans[k]!.push(span);
    }
    if (Math.abs(area) < 1e-9) continue;
    const pxMin = Math.max(x0, Math.floor(Math.min(ax, bx, cx)));
    const pxMax = Math.min(x1 - 1, Math.floor(Math.max(ax, bx, cx)));
    const pyMin = Math.max(y0, Math.floor(tMinY));
    const pyMax = Math.min(y1 - 1, Math.floor(tMaxY));
    for (let py = pyMin; py <= pyMax; py++) {
      for (let px = pxMin; px <= pxMax; px++) {
        const qx = px + 0.5;
        const qy = py + 0.5;
        const l1 = ((cx - bx) * (qy - by) - (cy - by) * (qx - bx)) / area;
        const l2 = ((ax - cx) * (qy - cy) - (ay - cy) * (qx - cx)) / area;
        const l3 = 1 - l1 - l2;
        if (l1 < -1e-9 || l2 < -1e-9 || l3 < -1e-9) continue;
        const z = l1 * depthOf(ia) + l2 * depthOf(ib) + l3 * depthOf(ic);
        const k = (py - y0) * w + (px - x0);
        if (z <= depth[k]!) continue;
        depth[k] = z;
        tri[k] = t;
        bary[2 * k] = l1;
        bary[2 * k + 1] = l2;
      }
    }
  }
  for (let k = 0; k < spans.length; k++) {
    const list = spans[k]!;
    if (list.length === 0) continue;
    list.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    let [a, b] = list[0]!;
    const row = Math.floor(k / SUBROWS) * w;
    for (let i = 1; i <= list.length; i++) {
      const next = list[i];
      if (next && next[0] <= b) {
        b = Math.max(b, next[1]);
        continue;
      }
      addSpan(cov, row, x0, w, a, b, 1 / SUBROWS);
      if (next) [a, b] = next;
    }
  }
  // Edge pixels whose centre no triangle covers take the nearest covered neighbour's cloth.
  for (let pass = 0; pass < 2; pass++) {
    const fill = tri.slice();
    const fillB = bary.slice();
    for (let py = 0; py < h; py++) {
      for (let px = 0; px < w; px++) {
        const k = py * w + px;
        if (tri[k]! >= 0 || cov[k]! <= 0.001) continue;
        for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, 1], [1, -1], [-1, -1]] as const) {
          const qx = px + dx;
          const qy = py + dy;
          if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
          const q = qy * w + qx;
          if (tri[q]! < 0) continue;
          fill[k] = tri[q]!;
          fillB[2 * k] = bary[2 * q]!;
          fillB[2 * k + 1] = bary[2 * q + 1]!;
          break;
        }
      }
    }
    tri.set(fill);
    bary.set(fillB);
  }
  const p: Rgb = hexToRgb(fabric.primary);
  const s: Rgb = hexToRgb(fabric.secondary);
  const grain = fabric.grain ?? WEAVE_GRAIN;
  const colour: Rgb = [0, 0, 0];
  const data = canvas.data;
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      const k = py * w + px;
      const a = Math.min(1, cov[k]!);
      const t = tri[k]!;
      if (a <= 0.001 || t < 0) continue;
      const l1 = bary[2 * k]!;
      const l2 = bary[2 * k + 1]!;
      const l3 = 1 - l1 - l2;
      const ia = tris[t]!;
      const ib = tris[t + 1]!;
      const ic = tris[t + 2]!;
      const nz = l1 * normals[3 * ia + 2]! + l2 * normals[3 * ib + 2]! + l3 * normals[3 * ic + 2]!;
      const nx = l1 * normals[3 * ia]! + l2 * normals[3 * ib]! + l3 * normals[3 * ic]!;
      const ny = l1 * normals[3 * ia + 1]! + l2 * normals[3 * ib + 1]! + l3 * normals[3 * ic + 1]!;
      const facing = (ny * sinE + nz * cosE) / (Math.hypot(nx, ny, nz) || 1);
      // Round the skirt the print is drawn at the picture's width scale, as the flat pictures' prints are.
      const u = (l1 * uvM[2 * ia]! + l2 * uvM[2 * ib]! + l3 * uvM[2 * ic]!) * PX_PER_M * X_OF_FRONT_WIDTH;
      const v = (l1 * uvM[2 * ia + 1]! + l2 * uvM[2 * ib + 1]! + l3 * uvM[2 * ic + 1]!) * PX_PER_M;
      patternAt(fabric, p, s, u, v, colour);
      const x = x0 + px + 0.5;
      const y = y0 + py + 0.5;
      // The outside faces the camera where its normal does; else we see the inside of the cloth.
      let light = FILL_LIGHT + (1 - FILL_LIGHT) * Math.abs(facing);
      if (facing < 0) light *= INSIDE_LIGHT;
      light *= grainLightAt(grain, x, y, fabric.seed);
      if (pleats && facesOut) {
        const phi = l1 * facesOut[ia]! + l2 * facesOut[ib]! + l3 * facesOut[ic]!;
        const d = phi - Math.round(phi);
        if (Math.round(phi) >= 1) {
          // Sewn flat above the stitching's end, free below it; eased over a centimetre so no line is drawn there.
          const t = Math.min(1, Math.max(0, (v / PX_PER_M - pleats.stitchedToM) / PLEAT_STITCH_EASE_M + 0.5));
          const { stitched, free, edge } = PLEAT_SHADE;
          const width = stitched.width + (free.width - stitched.width) * t;
          const depth = stitched.depth + (free.depth - stitched.depth) * t;
          light *= 1 - depth * Math.exp(-((d / width) ** 2)) + edge.gain * t * Math.exp(-(((d + edge.at) / edge.width) ** 2));
        }
      }
      const o = ((y0 + py) * W + x0 + px) * 4;
      const keep = 1 - a;
      data[o] = Math.min(1, colour[0] * light) * a + data[o]! * keep;
      data[o + 1] = Math.min(1, colour[1] * light) * a + data[o + 1]! * keep;
      data[o + 2] = Math.min(1, colour[2] * light) * a + data[o + 2]! * keep;
      data[o + 3] = a + data[o + 3]! * keep;
    }
  }
}

/**
 * The drape seen from the front and CAMERA_ELEVATION_RAD above: each vertex's picture offset from the waist seam's
 * centre front, pixels (x right, y down), and its depth towards the camera (m) for hiding what lies behind.
 */
export function frontViewPx(skirt: Pick<DrapedSkirt, 'rows' | 'cols' | 'pos'>): { x: Float64Array; y: Float64Array; depth: (v: number) => number } {
  const { pos } = skirt;
  const n = skirt.rows * skirt.cols;
  const sinE = Math.sin(CAMERA_ELEVATION_RAD);
  const cosE = Math.cos(CAMERA_ELEVATION_RAD);
  // Seen from above, the front of the waist ring lies lower than its sides: put the centre front on the waist seam
  // (its sides then tuck under the waistband or bodice drawn over them).
  const cfWaistZ = pos[2]!;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    x[v] = pos[3 * v]! * PX_PER_M * X_OF_FRONT_WIDTH;
    y[v] = (-pos[3 * v + 1]! * cosE + (pos[3 * v + 2]! - cfWaistZ) * sinE) * PX_PER_M;
  }
  return { x, y, depth: (v) => pos[3 * v + 1]! * sinE + pos[3 * v + 2]! * cosE };
}

/** The outermost x of the drape's silhouette on the row `yPx` below its waist seam (front view offsets), if any. */
export function silhouetteAt(skirt: Pick<DrapedSkirt, 'rows' | 'cols' | 'pos'>, yPx: number): [number, number] | undefined {
  const { x, y } = frontViewPx(skirt);
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r + 1 < skirt.rows; r++) {
    for (let c = 0; c < skirt.cols; c++) {
      const a = r * skirt.cols + c;
      const b = r * skirt.cols + ((c + 1) % skirt.cols);
      for (const [i, j, k] of [[a, b, b + skirt.cols], [a, b + skirt.cols, a + skirt.cols]] as const) {
        const span = spanAt(x[i]!, y[i]!, x[j]!, y[j]!, x[k]!, y[k]!, yPx);
        if (!span) continue;
        lo = Math.min(lo, span[0]);
        hi = Math.max(hi, span[1]);
      }
    }
  }
  return hi > lo ? [lo, hi] : undefined;
}

/** The x-span of triangle abc at height y, or undefined when y misses it. */
function spanAt(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, y: number): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  const edge = (px: number, py: number, qx: number, qy: number): void => {
    if ((py <= y && qy > y) || (qy <= y && py > y)) {
      const x = px + ((y - py) / (qy - py)) * (qx - px);
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  };
  edge(ax, ay, bx, by);
  edge(bx, by, cx, cy);
  edge(cx, cy, ax, ay);
  return hi > lo ? [lo, hi] : undefined;
}

/**
 * Outward unit normals per vertex (ring-major, xyz): the cross product of the grid's down-the-grain and round-the-ring
 * tangents (central differences, one-sided at the waist and hem), which points away from the body on a smooth skirt.
 */
export function vertexNormals(skirt: Pick<DrapedSkirt, 'rows' | 'cols' | 'pos'>): Float64Array {
  const { rows, cols, pos } = skirt;
  const out = new Float64Array(pos.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      const cl = r * cols + ((c + cols - 1) % cols);
      const cr = r * cols + ((c + 1) % cols);
      const up = Math.max(0, r - 1) * cols + c;
      const dn = Math.min(rows - 1, r + 1) * cols + c;
      const du = [pos[3 * cr]! - pos[3 * cl]!, pos[3 * cr + 1]! - pos[3 * cl + 1]!, pos[3 * cr + 2]! - pos[3 * cl + 2]!];
      const dv = [pos[3 * dn]! - pos[3 * up]!, pos[3 * dn + 1]! - pos[3 * up + 1]!, pos[3 * dn + 2]! - pos[3 * up + 2]!];
      const nx = dv[1]! * du[2]! - dv[2]! * du[1]!;
      const ny = dv[2]! * du[0]! - dv[0]! * du[2]!;
      const nz = dv[0]! * du[1]! - dv[1]! * du[0]!;
      const len = Math.hypot(nx, ny, nz) || 1;
      out[3 * v] = nx / len;
      out[3 * v + 1] = ny / len;
      out[3 * v + 2] = nz / len;
    }
  }
  return out;
}
