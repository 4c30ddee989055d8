/**
 * Suggests a garment image's anchor points from its alpha silhouette, for the anchor editor to start from: the
 * staff member then drags whatever is off. Pure; the image is a flat garment photographed or drawn front-on, the
 * wearer's left on the image's right (as in the demo garments).
 */

export type SuggestKind = 'top' | 'longSleeve' | 'dress' | 'skirt' | 'trousers';
/** `[xNorm, yNorm]` per snake_case anchor name: exactly what the catalog stores. */
export type SuggestedAnchors = Record<string, [number, number]>;

/** Alpha at or above this counts as garment. @default 128 */
const ALPHA_THRESHOLD = 128;
/** Fractions of the silhouette's height (from its top) where each anchor row is looked for — from the demo garments. */
const TOP_WAIST_AT = 0.6;
const DRESS_WAIST_AT = 0.4;
const DRESS_HIP_AT = 0.56;
const SKIRT_HIP_AT = 0.22;
/**
 * Trousers' waist anchors: across the waistband's middle, not its top row — a band sewn on a shaped waist seam
 * (a pattern-made front rises towards the centre front) is narrow at its topmost row. A 4 cm band on a ≈ 100 cm
 * trouser: its middle lies 0.02 of the height below the top.
 */
const TROUSER_WAIST_AT = 0.02;
const TROUSER_HIP_AT = 0.12;
const TROUSER_KNEE_AT = 0.55;
/** Fraction of a row's width that body anchors sit inside the silhouette's edge (demo garments: 12–18 %). */
const BODY_INSET = 0.15;

/** The garment kind a catalog category suggests. */
export function kindForCategory(categoryId: string): SuggestKind {
  const c = categoryId.toLowerCase();
  if (/trouser|pant|jean|chino|short/.test(c)) return 'trousers';
  if (/skirt/.test(c)) return 'skirt';
  if (/dress/.test(c)) return 'dress';
  if (/shirt|jacket|coat|blazer|outer|knit|sweat/.test(c) && !/t-?shirt|tee/.test(c)) return 'longSleeve';
  return 'top';
}

interface Mask {
  w: number;
  h: number;
  on: (x: number, y: number) => boolean;
}

/** Opaque run of row `y` that contains `x` (or the nearest), as [left, right]; null for an empty row. */
function runAt(m: Mask, y: number, x: number): [number, number] | null {
  let cx = Math.round(x);
  if (!m.on(cx, y)) {
    let best = -1;
    for (let d = 1; d < m.w && best < 0; d++) {
      if (cx - d >= 0 && m.on(cx - d, y)) best = cx - d;
      else if (cx + d < m.w && m.on(cx + d, y)) best = cx + d;
    }
    if (best < 0) return null;
    cx = best;
  }
  let l = cx;
  let r = cx;
  while (l > 0 && m.on(l - 1, y)) l--;
  while (r < m.w - 1 && m.on(r + 1, y)) r++;
  return [l, r];
}

/**
 * @param rgba Image pixels, RGBA, row-major, `widthPx × heightPx × 4` (borrowed, not kept or changed).
 * @returns Normalised anchors; empty when the image has no opaque pixel.
 */
export function suggestAnchors(rgba: Uint8Array | Uint8ClampedArray, widthPx: number, heightPx: number, kind: SuggestKind): SuggestedAnchors {
  const m: Mask = { w: widthPx, h: heightPx, on: (x, y) => x >= 0 && y >= 0 && x < widthPx && y < heightPx && rgba[(y * widthPx + x) * 4 + 3]! >= ALPHA_THRESHOLD };
  let top = -1;
  let bottom = -1;
  let minX = widthPx;
  let maxX = -1;
  const rowMin = new Int32Array(heightPx).fill(-1);
  const rowMax = new Int32Array(heightPx).fill(-1);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      if (!m.on(x, y)) continue;
      if (rowMin[y] === -1) rowMin[y] = x;
      rowMax[y] = x;
    }
    if (rowMin[y]! >= 0) {
      if (top < 0) top = y;
      bottom = y;
      minX = Math.min(minX, rowMin[y]!);
      maxX = Math.max(maxX, rowMax[y]!);
    }
  }
  if (top < 0) return {};
  const hB = bottom - top;
  const cx = (minX + maxX) / 2;
  const out: SuggestedAnchors = {};
  const put = (name: string, x: number, y: number) => (out[name] = [round4(x / widthPx), round4(y / heightPx)]);
  /** Body anchors (waist, hip, hem) sit on the body's joints inside the cloth, not on its edge. */
  const inset = (l: number, r: number): [number, number] => [l + BODY_INSET * (r - l), r - BODY_INSET * (r - l)];
  const rowY = (f: number) => Math.round(top + f * hB);
  /**
   * The cloth across row `y`: the run under the garment's axis — or, where the axis is a gap (an open jacket's
   * quarters, the V of its lapels), from the run nearest on its left to the run nearest on its right: both fronts are
   * one garment, and a hem anchor at the gap's edge would fold the garment onto one side.
   */
  const span = (y: number): [number, number] => {
    const ax = Math.round(cx);
    if (m.on(ax, y)) return runAt(m, y, ax) ?? [cx, cx];
    let a = ax;
    let b = ax;
    while (a > 0 && !m.on(a, y)) a--;
    while (b < widthPx - 1 && !m.on(b, y)) b++;
    if (!m.on(a, y) || !m.on(b, y)) return runAt(m, y, cx) ?? [cx, cx];
    return [runAt(m, y, a)![0], runAt(m, y, b)![1]];
  };
  // The lowest rows can be ragged (fringe, shadows): the hem is read a little above the last row.
  const hemY = Math.round(bottom - 0.02 * hB);

  if (kind === 'trousers') {
    const [wl, wr] = span(rowY(TROUSER_WAIST_AT));
    put('left_waist', wr, rowY(TROUSER_WAIST_AT));
    put('right_waist', wl, rowY(TROUSER_WAIST_AT));
    const [hl, hr] = span(rowY(TROUSER_HIP_AT));
    put('left_hip', hr - 0.25 * (hr - hl), rowY(TROUSER_HIP_AT));
    put('right_hip', hl + 0.25 * (hr - hl), rowY(TROUSER_HIP_AT));
    for (const [f, name] of [[TROUSER_KNEE_AT, 'knee'], [0.98, 'ankle']] as const) {
      const y = rowY(f);
      const left = runAt(m, y, cx + (maxX - cx) / 2) ?? [cx, maxX];
      const right = runAt(m, y, cx - (cx - minX) / 2) ?? [minX, cx];
      put(`left_${name}`, (left[0] + left[1]) / 2, y);
      put(`right_${name}`, (right[0] + right[1]) / 2, y);
    }
    return out;
  }
  if (kind === 'skirt') {
    const [wl, wr] = span(top + 1);
    put('left_waist', wr, top);
    put('right_waist', wl, top);
    const [hl, hr] = span(rowY(SKIRT_HIP_AT));
    put('left_hip', hr, rowY(SKIRT_HIP_AT));
    put('right_hip', hl, rowY(SKIRT_HIP_AT));
    const [el, er] = span(hemY);
    put('left_hem', er, hemY);
    put('right_hem', el, hemY);
    return out;
  }

  // Tops and dresses. The torso's half-width is read where sleeves cannot be: the waist.
  const waistY = rowY(kind === 'dress' ? DRESS_WAIST_AT : TOP_WAIST_AT);
  const [wl0, wr0] = span(waistY);
  const [wl, wr] = inset(wl0, wr0);
  const torsoCx = (wl + wr) / 2;
  const half = (wr - wl) / 2;
  // Neck: the middle of the collar's top edge.
  put('neck', torsoCx, top);
  // Shoulder corners: going down the torso's side line, the first garment pixel.
  for (const [side, sign] of [['left', 1], ['right', -1]] as const) {
    const x = Math.round(torsoCx + sign * half * 1.05);
    let y = top;
    while (y < bottom && !m.on(x, y)) y++;
    put(`${side}_shoulder`, x, y);
  }
  put('left_waist', wr, waistY);
  put('right_waist', wl, waistY);
  if (kind === 'dress') {
    const hipY = rowY(DRESS_HIP_AT);
    const [hl, hr] = inset(...span(hipY));
    put('left_hip', hr, hipY);
    put('right_hip', hl, hipY);
  }
  const [el, er] = inset(...span(hemY));
  put('left_hem', kind === 'dress' ? er : Math.min(er, wr), hemY);
  put('right_hem', kind === 'dress' ? el : Math.max(el, wl), hemY);
  if (kind === 'dress') return out;

  // Sleeve ends: the silhouette's outermost points on each side (averaged over rows within 1 % of the extreme).
  for (const [side, sign] of [['left', 1], ['right', -1]] as const) {
    const extreme = sign > 0 ? maxX : minX;
    const tol = 0.01 * widthPx + 1;
    let sumY = 0;
    let n = 0;
    for (let y = top; y <= bottom; y++) {
      const edge = sign > 0 ? rowMax[y]! : rowMin[y]!;
      if (edge >= 0 && Math.abs(edge - extreme) <= tol) {
        sumY += y;
        n++;
      }
    }
    const cuffY = n ? sumY / n : waistY;
    const cuffX = extreme - sign * 0.02 * widthPx;
    put(`${side}_cuff`, cuffX, cuffY);
    if (kind === 'longSleeve') {
      const sh = out[`${side}_shoulder`]!;
      put(`${side}_elbow`, (sh[0] * widthPx + cuffX) / 2, (sh[1] * heightPx + cuffY) / 2);
    }
  }
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
