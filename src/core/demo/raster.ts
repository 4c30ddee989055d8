/**
 * Tiny software rasteriser for the demo garments: anti-aliased polygon coverage, an inside-distance field for soft
 * shading, and "over" compositing into a premultiplied float RGBA canvas. Deterministic (no platform maths beyond
 * IEEE arithmetic), so the PNGs are byte-identical run to run.
 */

export type Vec2 = readonly [number, number];

/** Premultiplied RGBA in [0, 1], row-major. */
export class Canvas {
  readonly data: Float32Array;
  constructor(
    readonly widthPx: number,
    readonly heightPx: number,
  ) {
    this.data = new Float32Array(widthPx * heightPx * 4);
  }

  /** Straight-alpha 8-bit RGBA (a new buffer the caller owns), as PNG encoders expect. */
  toRgba8(): Uint8Array {
    const out = new Uint8Array(this.widthPx * this.heightPx * 4);
    const d = this.data;
    for (let i = 0; i < d.length; i += 4) {
      const a = d[i + 3]!;
      if (a <= 0) continue;
      const inv = 1 / a;
      out[i] = to8(d[i]! * inv);
      out[i + 1] = to8(d[i + 1]! * inv);
      out[i + 2] = to8(d[i + 2]! * inv);
      out[i + 3] = to8(a);
    }
    return out;
  }
}

function to8(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
}

/** A polygon's coverage over its pixel bounding box: `cov[(y - y0) * w + (x - x0)]` ∈ [0, 1]. */
export interface Coverage {
  x0: number;
  y0: number;
  w: number;
  h: number;
  cov: Float32Array;
}

/** Vertical sub-samples per pixel row; horizontal coverage is exact per sub-row. */
const SUBROWS = 4;

/** Even-odd coverage of `polygon` (pixel coordinates; pixel (x, y) spans [x, x+1) × [y, y+1)), clipped to the canvas. */
export function coverage(polygon: readonly Vec2[], canvasW: number, canvasH: number): Coverage {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of polygon) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(canvasW, Math.ceil(maxX) + 1);
  const y1 = Math.min(canvasH, Math.ceil(maxY) + 1);
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const cov = new Float32Array(w * h);
  const n = polygon.length;
  const xs: number[] = [];
  for (let row = 0; row < h; row++) {
    for (let k = 0; k < SUBROWS; k++) {
      const sy = y0 + row + (k + 0.5) / SUBROWS;
      xs.length = 0;
      for (let i = 0; i < n; i++) {
        const [ax, ay] = polygon[i]!;
        const [bx, by] = polygon[(i + 1) % n]!;
        if ((ay <= sy && by > sy) || (by <= sy && ay > sy)) xs.push(ax + ((sy - ay) / (by - ay)) * (bx - ax));
      }
      xs.sort((a, b) => a - b);
      for (let i = 0; i + 1 < xs.length; i += 2) addSpan(cov, row * w, x0, w, xs[i]!, xs[i + 1]!, 1 / SUBROWS);
    }
  }
  return { x0, y0, w, h, cov };
}

/** Adds `weight` × the covered share of each pixel of row `rowOffset` between xa and xb (anti-aliased span ends). */
export function addSpan(cov: Float32Array, rowOffset: number, x0: number, w: number, xa: number, xb: number, weight: number): void {
  const a = Math.max(xa - x0, 0);
  const b = Math.min(xb - x0, w);
  if (b <= a) return;
  const ia = Math.floor(a);
  const ib = Math.floor(b);
  if (ia === ib) {
    cov[rowOffset + ia]! += (b - a) * weight;
    return;
  }
  cov[rowOffset + ia]! += (ia + 1 - a) * weight;
  for (let i = ia + 1; i < ib && i < w; i++) cov[rowOffset + i]! += weight;
  if (ib < w) cov[rowOffset + ib]! += (b - ib) * weight;
}

/**
 * Distance in pixels from each covered pixel to the nearest uncovered one (exact Euclidean distance transform,
 * Felzenszwalb & Huttenlocher 2012), over the coverage's box. Returns a new array the caller owns.
 */
export function insideDistance(c: Coverage): Float32Array {
  const { w, h, cov } = c;
  const INF = 1e20;
  const f = new Float64Array(w * h);
  for (let i = 0; i < w * h; i++) f[i] = cov[i]! >= 0.5 ? INF : 0;
  const maxN = Math.max(w, h) + 2;
  const line = new Float64Array(maxN);
  const d = new Float64Array(maxN);
  const v = new Int32Array(maxN);
  const z = new Float64Array(maxN + 1);
  // Pad one outside pixel each side so shapes touching the box edge still fade there.
  const pass = (get: (i: number) => number, set: (i: number, val: number) => void, n: number): void => {
    line[0] = 0;
    for (let i = 0; i < n; i++) line[i + 1] = get(i);
    line[n + 1] = 0;
    edt1d(line, n + 2, d, v, z);
    for (let i = 0; i < n; i++) set(i, d[i + 1]!);
  };
  for (let x = 0; x < w; x++) pass((y) => f[y * w + x]!, (y, val) => (f[y * w + x] = val), h);
  for (let y = 0; y < h; y++) pass((x) => f[y * w + x]!, (x, val) => (f[y * w + x] = val), w);
  const out = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) out[i] = Math.sqrt(f[i]!);
  return out;
}

function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    d[q] = (q - v[k]!) * (q - v[k]!) + f[v[k]!]!;
  }
}

/**
 * Paints a shape "over" the canvas. `shade(x, y, insidePx, out)` writes the straight-alpha colour (r, g, b, a in
 * [0, 1]) of pixel centre (x + 0.5, y + 0.5) into `out`; `insidePx` is the distance to the shape's edge.
 */
export function paint(canvas: Canvas, polygon: readonly Vec2[], shade: (x: number, y: number, insidePx: number, out: Float32Array) => void): void {
  const c = coverage(polygon, canvas.widthPx, canvas.heightPx);
  const dist = insideDistance(c);
  const rgba = new Float32Array(4);
  const data = canvas.data;
  for (let row = 0; row < c.h; row++) {
    for (let col = 0; col < c.w; col++) {
      const k = row * c.w + col;
      const cov = Math.min(1, c.cov[k]!);
      if (cov <= 0.001) continue;
      const x = c.x0 + col;
      const y = c.y0 + row;
      rgba[3] = 1;
      shade(x + 0.5, y + 0.5, dist[k]!, rgba);
      const a = cov * rgba[3]!;
      const o = (y * canvas.widthPx + x) * 4;
      const keep = 1 - a;
      data[o] = rgba[0]! * a + data[o]! * keep;
      data[o + 1] = rgba[1]! * a + data[o + 1]! * keep;
      data[o + 2] = rgba[2]! * a + data[o + 2]! * keep;
      data[o + 3] = a + data[o + 3]! * keep;
    }
  }
}

/** Samples a quadratic Bézier from `a` to `c` with control `b` into `n` points (excluding `a`). */
export function quad(a: Vec2, b: Vec2, c: Vec2, n = 8): Vec2[] {
  const pts: Vec2[] = [];
  for (let i = 1; i <= n; i++) {
    const t = i / n;
    const u = 1 - t;
    pts.push([u * u * a[0] + 2 * u * t * b[0] + t * t * c[0], u * u * a[1] + 2 * u * t * b[1] + t * t * c[1]]);
  }
  return pts;
}

/** A disc as a polygon. */
export function circle(cx: number, cy: number, r: number, n = 20): Vec2[] {
  const pts: Vec2[] = [];
  for (let i = 0; i < n; i++) pts.push([cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)]);
  return pts;
}

/** Deterministic hash-based value noise in [0, 1] (no Math.random: the output must be byte-stable). */
export function hash2(ix: number, iy: number, seed: number): number {
  let h = (Math.imul(ix, 374761393) + Math.imul(iy, 668265263) + Math.imul(seed, 1442695041)) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = hash2(ix, iy, seed);
  const b = hash2(ix + 1, iy, seed);
  const c = hash2(ix, iy + 1, seed);
  const d = hash2(ix + 1, iy + 1, seed);
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}
