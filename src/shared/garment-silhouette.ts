import type { GarmentAsset } from './garment';

/**
 * Widths of a garment picture, read from its alpha channel: what the rig needs to draw the picture at the garment's
 * true size (a size chart gives centimetres; this says how many picture pixels they span). Measured once when the
 * garment is loaded.
 */
export interface GarmentSilhouette {
  /**
   * Tops, dresses, outerwear: the body's width at the chest (half-way from the shoulder anchors to the waist anchors;
   * lower, where the sleeves part from the body, when a deep armhole joins them there; edge to edge across an open front).
   */
  chestWidthPx: number | null;
  /** Trousers, skirts: width at the hip anchors. */
  hipWidthPx: number | null;
  /** Trousers: width of the left leg at its ankle anchor (the leg opening, flat or worn as pictured). */
  legOpeningWidthPx: number | null;
  /**
   * Trousers: where the left leg's cloth ends, px along its anchors' path hip → knee → ankle (and a little past): the
   * hem of shorts on the thigh, of trousers at the ankle. Null without those anchors or cloth on the path.
   */
  legHemAlongPx?: number | null;
  /**
   * Trousers: how far the left leg's cloth reaches either side of its anchors' path (hip → knee → ankle), px along the
   * path's normal, every `stepPx` px down the path from the hip anchor: `inner` towards the garment's centre line (at
   * most to it: the seat's cloth beyond it is the other leg's), `outer` away from it; 0 where the path itself is bare
   * (below a pair of shorts' hem). A leg's strip spans the picture's leg quad, which is wider than the cloth where the
   * inseam slants in from the crotch, so the rig reads here where the cloth's edges lie in it. Null without those
   * anchors.
   */
  legEdgesPx?: LegEdges | null;
  /**
   * Tops and dresses: how far the torso's cloth reaches either side of the garment's centre line (the shoulder anchors'
   * midpoint's column), px across the picture, every `stepPx` rows from the chest line (half-way from the shoulder to
   * the waist anchors) to the picture's foot (a dress's hip anchors: its skirt below hangs free of the torso): `left` towards the wearer's left shoulder anchor, `right` the other way;
   * NaN above the armpit (where the run joins a sleeve) and where a row holds no cloth. The torso part's quad is wider
   * than its cloth (it takes in the sleeves' undersides and flares to the hem), so the rig reads here where the
   * cloth's side seam lies in it (see torso-sides.ts). Null without shoulder and waist anchors.
   */
  torsoEdgesPx?: TorsoEdges | null;
  /**
   * Tops: how far the left sleeve's cloth reaches out from its anchors' path (shoulder → elbow, or → cuff for a short
   * sleeve), px along the path's normal away from the garment's centre, every `stepPx` px down the path from the
   * shoulder anchor; 0 where the path itself is bare. A sleeve's strip spans its quad, centred on the anchors' path,
   * which is wider than the cloth on the outer side, so the rig reads here where that edge lies (sleeve-sides.ts).
   * Null without those anchors.
   */
  sleeveOuterPx?: SleeveEdges | null;
  /**
   * Tops and dresses: the y of the high point of the shoulder (HPS), where the shoulder line meets the neckline —
   * the point a size chart measures a top's length from. Null without neck and shoulder anchors.
   */
  hpsYPx?: number | null;
  /**
   * Tops and dresses: half the distance between the two high points of the shoulder, px (the neck opening's half
   * width at its top; a back view fills the front neckline inside it). Null without neck and shoulder anchors.
   */
  hpsHalfWidthPx?: number | null;
  /** Tops and dresses: the y of the garment's lowest opaque pixel between its hem anchors (where a length ends). */
  hemYPx?: number | null;
  /**
   * Tops and dresses: the picture's neckline, where its cloth begins at the top across the neck opening (a collar's
   * points and V, a crew neck's curve), x, y px at {@link NECKLINE_SAMPLES} columns evenly spaced from one high point
   * of the shoulder to the other, left to right; a column with no cloth is left out. Null without neck and shoulder
   * anchors. The try-on ends the shopper's redrawn neck there (scene/occlusion-regions.ts `addNeckEdge`).
   */
  necklinePx?: ReadonlyArray<readonly [number, number]> | null;
  /**
   * Tops and dresses: how far the picture's top edge stands above each shoulder anchor, px, the median of its columns at
   * {@link SHOULDER_READ_AT_OF_JOINTS} — where the try-on reads the shopper's own shoulder top to raise the seam onto
   * it (renderer/garment/shoulder-silhouette.ts). A bodice with set-in sleeves (the tea dress: 29 px) stands lower
   * there than a tee's or a shirt's shoulder line (33 px). A side with fewer than three columns whose cloth reaches above
   * the anchor (a slip's low neckline and straps) is NaN. Null without shoulder anchors.
   */
  shoulderTopPx?: { readonly left: number; readonly right: number } | null;
}

/**
 * Where a shoulder's top is read, as shares of the shoulder joints' (anchors') distance in from the joint towards the
 * other shoulder: over the acromion and the trapezius' outer half, where a seam lies (the neck's side is ≈ 0.33 in).
 * The same columns on the garment's picture and on the shopper's mask.
 */
export const SHOULDER_READ_AT_OF_JOINTS = [0, 0.05, 0.1, 0.15] as const;
/** Readings needed (of {@link SHOULDER_READ_AT_OF_JOINTS}) for a shoulder's top to count. */
export const SHOULDER_MIN_READINGS = 3;

/** Columns the neckline is read at ({@link GarmentSilhouette.necklinePx}). */
export const NECKLINE_SAMPLES = 15;
export interface LegEdges {
  stepPx: number;
  inner: Float64Array;
  outer: Float64Array;
}

export interface SleeveEdges {
  stepPx: number;
  outer: Float64Array;
  /**
   * The same towards the other shoulder (the sleeve's underside, facing the torso in the picture), px: where a bent
   * arm's crook reads its cloth up to (rig.ts crookUv). Where the sleeve touches the torso in the picture the run
   * goes on into the torso's cloth; the rig never reads past the strip's own edge.
   */
  inner: Float64Array;
}

export interface TorsoEdges {
  /** The picture row of the first sample, px. */
  fromYPx: number;
  stepPx: number;
  left: Float64Array;
  right: Float64Array;
}

/** A pixel counts as garment at or above this alpha (of 255). */
const OPAQUE = 128;

/**
 * Width, in pixels, of the opaque run through `(xPx, yPx)` along the unit direction `(dx, dy)`: walks both ways
 * until the alpha drops below {@link OPAQUE} or the image ends. 0 when the point itself is transparent.
 * @param alpha one byte per pixel, row-major, `widthPx × heightPx` (borrowed).
 */
export function opaqueRunPx(alpha: Uint8Array, widthPx: number, heightPx: number, xPx: number, yPx: number, dx: number, dy: number): number {
  const at = (x: number, y: number): boolean => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    return xi >= 0 && yi >= 0 && xi < widthPx && yi < heightPx && alpha[yi * widthPx + xi]! >= OPAQUE;
  };
  if (!at(xPx, yPx)) return 0;
  const step = 0.5;
  let forward = 0;
  while (at(xPx + (forward + step) * dx, yPx + (forward + step) * dy)) forward += step;
  let back = 0;
  while (at(xPx - (back + step) * dx, yPx - (back + step) * dy)) back += step;
  return forward + back + step;
}

const mid = (a: readonly [number, number], b: readonly [number, number]): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/** Where the run straight down the body narrows at once by this share or more, the sleeves have parted from the body. */
const SLEEVES_PART = 1 / 6;

/**
 * The torso's width across the unit axis `dir` at `chest`, px (0 when there is no cloth there). Two garments need more
 * than the opaque run through that one point. An open front (a jacket's V between its lapels): the point is bare, so
 * the width runs from one front's outer edge to the other's. A deep armhole (a jacket's underarm lies lower than a
 * shirt's, and may lie below the chest point): there the run joins the sleeves, so stepping down towards `waist` the
 * first row where it narrows by {@link SLEEVES_PART} at once — where the sleeves part from the body — is read instead.
 */
function torsoWidthPx(alpha: Uint8Array, W: number, H: number, chest: readonly [number, number], waist: readonly [number, number], dir: readonly [number, number]): number {
  const at = (x: number, y: number): boolean => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    return xi >= 0 && yi >= 0 && xi < W && yi < H && alpha[yi * W + xi]! >= OPAQUE;
  };
  const span = (x: number, y: number): number => {
    const through = opaqueRunPx(alpha, W, H, x, y, dir[0], dir[1]);
    if (through > 0) return through;
    // An opening: out to the cloth on each side, then across it to its outer edge.
    let total = 0;
    for (const sign of [1, -1]) {
      let s = 0.5;
      while (s < W && !at(x + sign * s * dir[0], y + sign * s * dir[1])) s += 0.5;
      if (s >= W) return 0;
      let e = s;
      while (at(x + sign * (e + 0.5) * dir[0], y + sign * (e + 0.5) * dir[1])) e += 0.5;
      total += e + 0.25;
    }
    return total;
  };
  const down: [number, number] = [waist[0] - chest[0], waist[1] - chest[1]];
  const steps = Math.floor(Math.hypot(down[0], down[1]));
  let width = span(chest[0], chest[1]);
  for (let i = 1; i < steps && width > 0; i++) {
    const next = span(chest[0] + (down[0] * i) / steps, chest[1] + (down[1] * i) / steps);
    if (next < (1 - SLEEVES_PART) * width) return next;
    width = next;
  }
  return span(chest[0], chest[1]);
}

/**
 * Walking the shoulder line towards the neck, a rise steeper than this (px per column, ≈ 70°) is no longer the
 * shoulder but a collar standing up from it; a drop of more than {@link NECKLINE_DROP_PX} is the neck opening.
 */
const COLLAR_RISE_PER_COLUMN = 3;
const NECKLINE_DROP_PX = 2;

/** First opaque row of column `x` from the top, or null when the column is clear above `belowY`. */
function topOpaqueY(alpha: Uint8Array, widthPx: number, x: number, belowY: number): number | null {
  for (let y = 0; y < belowY; y++) if (alpha[y * widthPx + x]! >= OPAQUE) return y;
  return null;
}

/**
 * The high point of one shoulder (x, y): from the shoulder anchor's column inwards along the garment's top edge (past a
 * sleeveless armhole's steep climb), which rises gently towards the neck, up to where it meets the neckline (the
 * edge drops into the neck opening) or a collar (the edge jumps up). A collar is not part of a top's length; the
 * shoulder line is.
 */
function highPointOfShoulder(alpha: Uint8Array, widthPx: number, shoulder: readonly [number, number], neck: readonly [number, number]): { x: number; y: number } | null {
  const belowY = Math.max(1, Math.round(Math.max(shoulder[1], neck[1])));
  const x0 = Math.round(shoulder[0]);
  const x1 = Math.round(neck[0]);
  const dir = Math.sign(x1 - x0);
  if (dir === 0) return null;
  let best: number | null = null;
  let bestX = x0;
  // A sleeveless garment's edge first climbs the armhole (steeply) before it reaches the shoulder line.
  let onShoulderLine = false;
  for (let x = x0; x !== x1; x += dir) {
    const y = topOpaqueY(alpha, widthPx, x, belowY);
    if (best === null) {
      best = y;
      bestX = x;
      continue;
    }
    if (y === null || y > best + NECKLINE_DROP_PX) break;
    if (y < best - COLLAR_RISE_PER_COLUMN) {
      if (onShoulderLine) break;
    } else {
      onShoulderLine = true;
    }
    if (y <= best) {
      best = y;
      bestX = x;
    }
  }
  return best === null ? null : { x: bestX, y: best };
}

/**
 * Measures a garment picture. `alpha` is one byte per pixel (`asset.image.widthPx × heightPx`, borrowed). Widths are
 * taken across the garment's own left–right axis (from its left to its right shoulder or waist anchor), through
 * the garment's centre line, so sleeves or the other trouser leg beside the run do not count.
 */
export function measureSilhouette(asset: Pick<GarmentAsset, 'anchorsPx' | 'image'>, alpha: Uint8Array): GarmentSilhouette {
  const { widthPx: W, heightPx: H } = asset.image;
  if (alpha.length < W * H) throw new Error(`garment alpha has ${alpha.length} bytes, expected ${W * H}`);
  const a = asset.anchorsPx;
  const across = (l: readonly [number, number], r: readonly [number, number]): [number, number] => {
    const d = Math.hypot(l[0] - r[0], l[1] - r[1]) || 1;
    return [(l[0] - r[0]) / d, (l[1] - r[1]) / d];
  };
  const run = (p: readonly [number, number], dir: readonly [number, number]): number | null => {
    const w = opaqueRunPx(alpha, W, H, p[0], p[1], dir[0], dir[1]);
    return w > 0 ? w : null;
  };
  let chestWidthPx: number | null = null;
  if (a.leftShoulder && a.rightShoulder && a.leftWaist && a.rightWaist) {
    const chest = mid(mid(a.leftShoulder, a.rightShoulder), mid(a.leftWaist, a.rightWaist));
    const w = torsoWidthPx(alpha, W, H, chest, mid(a.leftWaist, a.rightWaist), across(a.leftShoulder, a.rightShoulder));
    chestWidthPx = w > 0 ? w : null;
  }
  let hipWidthPx: number | null = null;
  if (a.leftHip && a.rightHip) hipWidthPx = run(mid(a.leftHip, a.rightHip), across(a.leftHip, a.rightHip));
  let legHemAlongPx: number | null = null;
  if (a.leftHip && a.leftKnee && a.leftAnkle) legHemAlongPx = lastOpaqueAlong(alpha, W, H, [a.leftHip, a.leftKnee, a.leftAnkle]);
  const legEdgesPx = a.leftHip && a.leftKnee && a.leftAnkle && a.rightHip ? legEdges(alpha, W, H, [a.leftHip, a.leftKnee, a.leftAnkle], a.rightHip) : null;
  let legOpeningWidthPx: number | null = null;
  if (a.leftAnkle && a.leftKnee) {
    // Across the leg a little above its hem (the hem's own edge may be ragged): above the ankle anchor for trousers,
    // above the cloth's end for shorts, whose hem lies on the thigh.
    const path = a.leftHip ? [a.leftHip, a.leftKnee, a.leftAnkle] : [a.leftKnee, a.leftAnkle];
    const toAnklePx = a.leftHip ? Math.hypot(a.leftKnee[0] - a.leftHip[0], a.leftKnee[1] - a.leftHip[1]) + Math.hypot(a.leftAnkle[0] - a.leftKnee[0], a.leftAnkle[1] - a.leftKnee[1]) : Math.hypot(a.leftAnkle[0] - a.leftKnee[0], a.leftAnkle[1] - a.leftKnee[1]);
    const shin = Math.hypot(a.leftAnkle[0] - a.leftKnee[0], a.leftAnkle[1] - a.leftKnee[1]);
    const endPx = a.leftHip && legHemAlongPx !== null && legHemAlongPx < toAnklePx ? legHemAlongPx : toAnklePx;
    const p = pointAlong(path, endPx - HEM_ABOVE_OF_SHIN * shin);
    legOpeningWidthPx = run([p[0], p[1]], [-p[3], p[2]]);
  }
  let hpsYPx: number | null = null;
  let hpsHalfWidthPx: number | null = null;
  let hemYPx: number | null = null;
  let necklinePx: Array<[number, number]> | null = null;
  if (a.neck && a.leftShoulder && a.rightShoulder) {
    const lp = highPointOfShoulder(alpha, W, a.leftShoulder, a.neck);
    const rp = highPointOfShoulder(alpha, W, a.rightShoulder, a.neck);
    const l = lp?.y ?? null;
    const r = rp?.y ?? null;
    hpsYPx = l !== null && r !== null ? (l + r) / 2 : (l ?? r);
    if (lp && rp) hpsHalfWidthPx = Math.abs(lp.x - rp.x) / 2;
    necklinePx = neckline(alpha, W, H, lp?.x ?? a.rightShoulder[0], rp?.x ?? a.leftShoulder[0]);
    if (a.leftHem && a.rightHem) {
      for (let x = Math.round(Math.min(a.leftHem[0], a.rightHem[0])); x <= Math.round(Math.max(a.leftHem[0], a.rightHem[0])); x++) {
        if (x < 0 || x >= W) continue;
        for (let y = H - 1; y > (hemYPx ?? 0); y--) {
          if (alpha[y * W + x]! >= OPAQUE) {
            hemYPx = y + 1;
            break;
          }
        }
      }
    }
  }
  const torsoEdgesPx = a.leftShoulder && a.rightShoulder && a.leftWaist && a.rightWaist ? torsoEdges(alpha, W, a.leftHip ? Math.min(H, Math.round(a.leftHip[1]) + 1) : H, a.leftShoulder, a.rightShoulder, a.leftWaist) : null;
  const sleeveEnd = a.leftElbow ?? a.leftCuff;
  const sleeveOuterPx = a.leftShoulder && a.rightShoulder && sleeveEnd ? sleeveOuter(alpha, W, H, a.leftShoulder, sleeveEnd, a.rightShoulder) : null;
  const shoulderTopPx = a.leftShoulder && a.rightShoulder ? { left: shoulderTopAbove(alpha, W, a.leftShoulder, a.rightShoulder), right: shoulderTopAbove(alpha, W, a.rightShoulder, a.leftShoulder) } : null;
  return { chestWidthPx, hipWidthPx, legOpeningWidthPx, legHemAlongPx, legEdgesPx, torsoEdgesPx, sleeveOuterPx, hpsYPx, hpsHalfWidthPx, hemYPx, necklinePx, shoulderTopPx };
}

/** {@link GarmentSilhouette.shoulderTopPx} of one side: columns read straight up (the picture is upright). */
function shoulderTopAbove(alpha: Uint8Array, W: number, shoulder: readonly [number, number], other: readonly [number, number]): number {
  const belowY = Math.round(shoulder[1]);
  const tops: number[] = [];
  for (const f of SHOULDER_READ_AT_OF_JOINTS) {
    const x = Math.round(shoulder[0] + f * (other[0] - shoulder[0]));
    if (x < 0 || x >= W || belowY < 1) continue;
    const y = topOpaqueY(alpha, W, x, belowY);
    if (y !== null) tops.push(shoulder[1] - y);
  }
  if (tops.length < SHOULDER_MIN_READINGS) return Number.NaN;
  tops.sort((p, q) => p - q);
  const m = tops.length >> 1;
  return tops.length % 2 ? tops[m]! : (tops[m - 1]! + tops[m]!) / 2;
}

/** {@link GarmentSilhouette.necklinePx} between the columns `xa` and `xb` (either order). */
function neckline(alpha: Uint8Array, W: number, H: number, xa: number, xb: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const left = Math.min(xa, xb);
  const right = Math.max(xa, xb);
  for (let k = 0; k < NECKLINE_SAMPLES; k++) {
    const x = Math.min(W - 1, Math.max(0, Math.round(left + ((right - left) * k) / (NECKLINE_SAMPLES - 1))));
    const y = topOpaqueY(alpha, W, x, H);
    if (y !== null) out.push([x, y]);
  }
  return out;
}

/** Spacing of {@link GarmentSilhouette.legEdgesPx}' samples down the leg, picture px (a few per mesh row). */
const LEG_EDGE_STEP_PX = 4;

/** See {@link GarmentSilhouette.legEdgesPx}: `leg` is the left leg's hip, knee, ankle; `otherHip` the right hip anchor. */
function legEdges(alpha: Uint8Array, W: number, H: number, leg: ReadonlyArray<readonly [number, number]>, otherHip: readonly [number, number]): LegEdges {
  const [hip, knee, ankle] = leg as [readonly [number, number], readonly [number, number], readonly [number, number]];
  const at = (x: number, y: number): boolean => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    return xi >= 0 && yi >= 0 && xi < W && yi < H && alpha[yi * W + xi]! >= OPAQUE;
  };
  // The garment's centre line: through the hip anchors' midpoint, across their axis (towards the left leg: +).
  const cx = (hip[0] + otherHip[0]) / 2;
  const cy = (hip[1] + otherHip[1]) / 2;
  const span = Math.hypot(hip[0] - otherHip[0], hip[1] - otherHip[1]) || 1;
  const ux = (hip[0] - otherHip[0]) / span;
  const uy = (hip[1] - otherHip[1]) / span;
  const lengthPx = Math.hypot(knee[0] - hip[0], knee[1] - hip[1]) + Math.hypot(ankle[0] - knee[0], ankle[1] - knee[1]);
  const count = Math.floor(lengthPx / LEG_EDGE_STEP_PX) + 1;
  const inner = new Float64Array(count);
  const outer = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const [x, y, dx, dy] = pointAlong(leg, k * LEG_EDGE_STEP_PX);
    if (!at(x, y)) continue;
    // The normal pointing at the centre line.
    const sign = -dy * ux + dx * uy > 0 ? -1 : 1;
    const nx = -dy * sign;
    const ny = dx * sign;
    let d = 0;
    while (at(x + (d + 0.5) * nx, y + (d + 0.5) * ny) && (x + (d + 0.5) * nx - cx) * ux + (y + (d + 0.5) * ny - cy) * uy > 0) d += 0.5;
    inner[k] = d;
    d = 0;
    while (at(x - (d + 0.5) * nx, y - (d + 0.5) * ny)) d += 0.5;
    outer[k] = d;
  }
  return { stepPx: LEG_EDGE_STEP_PX, inner, outer };
}

/** See {@link GarmentSilhouette.sleeveOuterPx}: the left sleeve's `shoulder` → `end` anchors, `otherShoulder` the right shoulder anchor. */
function sleeveOuter(alpha: Uint8Array, W: number, H: number, shoulder: readonly [number, number], end: readonly [number, number], otherShoulder: readonly [number, number]): SleeveEdges {
  const at = (x: number, y: number): boolean => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    return xi >= 0 && yi >= 0 && xi < W && yi < H && alpha[yi * W + xi]! >= OPAQUE;
  };
  const ux = shoulder[0] - otherShoulder[0];
  const uy = shoulder[1] - otherShoulder[1];
  const path = [shoulder, end];
  const count = Math.floor(Math.hypot(end[0] - shoulder[0], end[1] - shoulder[1]) / LEG_EDGE_STEP_PX) + 1;
  const outer = new Float64Array(count);
  const inner = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const [x, y, dx, dy] = pointAlong(path, k * LEG_EDGE_STEP_PX);
    // The normal pointing away from the other shoulder.
    const sign = dy * ux - dx * uy >= 0 ? 1 : -1;
    const nx = dy * sign;
    const ny = -dx * sign;
    let d = 0;
    while (at(x + (d + 0.5) * nx, y + (d + 0.5) * ny)) d += 0.5;
    outer[k] = d;
    d = 0;
    while (at(x - (d + 0.5) * nx, y - (d + 0.5) * ny)) d += 0.5;
    inner[k] = d;
  }
  return { stepPx: LEG_EDGE_STEP_PX, outer, inner };
}

/** Spacing of {@link GarmentSilhouette.torsoEdgesPx}' rows, picture px. */
const TORSO_EDGE_STEP_PX = 4;
/**
 * Going up the torso from its foot, a side edge that steps out by more than this many px per px of height is no
 * longer the side seam but a sleeve joining the run (a tee's short sleeve stands out by its whole length in one row;
 * the demo tops' side seams lean under 0.4 px per px). The chest line the rows start from lies below the long
 * sleeves' armpits already (the oxford's at y 171, its armpit at 165).
 */
const ARMPIT_STEP_PER_ROW = 2;

/** See {@link GarmentSilhouette.torsoEdgesPx}: drawn upright, so rows run across the picture; rows below `H` are not read. */
function torsoEdges(alpha: Uint8Array, W: number, H: number, leftShoulder: readonly [number, number], rightShoulder: readonly [number, number], leftWaist: readonly [number, number]): TorsoEdges {
  const cx = (leftShoulder[0] + rightShoulder[0]) / 2;
  const towardsLeft = Math.sign(leftShoulder[0] - rightShoulder[0]) || 1;
  const fromYPx = Math.round((leftShoulder[1] + rightShoulder[1]) / 4 + leftWaist[1] / 2);
  const count = Math.max(0, Math.floor((H - 1 - fromYPx) / TORSO_EDGE_STEP_PX) + 1);
  const left = new Float64Array(count).fill(Number.NaN);
  const right = new Float64Array(count).fill(Number.NaN);
  for (const [side, out] of [[towardsLeft, left], [-towardsLeft, right]] as const) {
    for (let k = 0; k < count; k++) {
      const y = fromYPx + k * TORSO_EDGE_STEP_PX;
      // Pixel columns outwards from the centre line; the edge is the outer side of the last opaque one.
      const x0 = side > 0 ? Math.floor(cx) : Math.ceil(cx) - 1;
      const at = (s: number): boolean => {
        const x = x0 + side * s;
        return x >= 0 && x < W && alpha[y * W + x]! >= OPAQUE;
      };
      // Past an open front's gap to the cloth, then across it.
      let s = 0;
      while (s < W && !at(s)) s++;
      if (s >= W) continue;
      while (at(s + 1)) s++;
      const x = x0 + side * s;
      out[k] = side > 0 ? x + 1 - cx : cx - x;
    }
    // Up from the foot: where the edge steps out at once, a sleeve has joined the run; the rows above are not the side.
    for (let k = count - 2; k >= 0; k--) {
      if (Number.isNaN(out[k + 1]!)) continue;
      if (out[k]! - out[k + 1]! > ARMPIT_STEP_PER_ROW * TORSO_EDGE_STEP_PX) {
        out.fill(Number.NaN, 0, k + 1);
        break;
      }
    }
  }
  return { fromYPx, stepPx: TORSO_EDGE_STEP_PX, left, right };
}

/** The leg opening is measured this far above the hem, in lengths of the shin (hip → knee → ankle path). */
const HEM_ABOVE_OF_SHIN = 0.04;

/** The point `s` px along the polyline `points` (clamped to it) and the unit direction there: [x, y, dx, dy]. */
function pointAlong(points: ReadonlyArray<readonly [number, number]>, s: number): [number, number, number, number] {
  let left = Math.max(0, s);
  for (let k = 0; k + 1 < points.length; k++) {
    const [x0, y0] = points[k]!;
    const [x1, y1] = points[k + 1]!;
    const len = Math.hypot(x1 - x0, y1 - y0) || 1;
    if (left <= len || k + 2 === points.length) {
      const f = Math.min(1, left / len);
      return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, (x1 - x0) / len, (y1 - y0) / len];
    }
    left -= len;
  }
  const [x, y] = points[0]!;
  return [x, y, 0, 1];
}

/** How far past its last point a path is followed for {@link lastOpaqueAlong}, in lengths of its last segment. */
const PAST_PATH_END = 0.2;

/**
 * Walks the polyline `points` (and {@link PAST_PATH_END} of its last segment beyond) in half-pixel steps and returns
 * the arc length of the last opaque sample, or null when none is.
 */
function lastOpaqueAlong(alpha: Uint8Array, widthPx: number, heightPx: number, points: ReadonlyArray<readonly [number, number]>): number | null {
  const at = (x: number, y: number): boolean => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    return xi >= 0 && yi >= 0 && xi < widthPx && yi < heightPx && alpha[yi * widthPx + xi]! >= OPAQUE;
  };
  let along = 0;
  let last: number | null = null;
  for (let k = 0; k + 1 < points.length; k++) {
    const [x0, y0] = points[k]!;
    let [x1, y1] = points[k + 1]!;
    if (k + 2 === points.length) {
      x1 += (x1 - x0) * PAST_PATH_END;
      y1 += (y1 - y0) * PAST_PATH_END;
    }
    const len = Math.hypot(x1 - x0, y1 - y0);
    for (let d = 0; d <= len; d += 0.5) {
      if (at(x0 + ((x1 - x0) * d) / (len || 1), y0 + ((y1 - y0) * d) / (len || 1))) last = along + d;
    }
    along += len;
  }
  return last;
}
