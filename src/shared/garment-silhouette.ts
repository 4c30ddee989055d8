import type { GarmentAsset } from './garment';

/**
 * Widths of a garment picture, read from its alpha channel: what the rig needs to draw the picture at the garment's
 * true size (a size chart gives centimetres; this says how many picture pixels they span). Measured once when the
 * garment is loaded.
 */
export interface GarmentSilhouette {
  /** Tops, dresses, outerwear: the body's width at the chest (half-way from the shoulder anchors to the waist anchors). */
  chestWidthPx: number | null;
  /** Trousers, skirts: width at the hip anchors. */
  hipWidthPx: number | null;
  /** Trousers: width of the left leg at its ankle anchor (the leg opening, flat or worn as pictured). */
  legOpeningWidthPx: number | null;
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
    chestWidthPx = run(chest, across(a.leftShoulder, a.rightShoulder));
  }
  let hipWidthPx: number | null = null;
  if (a.leftHip && a.rightHip) hipWidthPx = run(mid(a.leftHip, a.rightHip), across(a.leftHip, a.rightHip));
  let legOpeningWidthPx: number | null = null;
  if (a.leftAnkle && a.leftKnee) {
    // Across the shin, a little above the ankle anchor (the hem's own edge may be ragged).
    const k = a.leftKnee;
    const an = a.leftAnkle;
    const d = Math.hypot(an[0] - k[0], an[1] - k[1]) || 1;
    const p: [number, number] = [an[0] - (0.04 * (an[0] - k[0])), an[1] - 0.04 * (an[1] - k[1])];
    legOpeningWidthPx = run(p, [-(an[1] - k[1]) / d, (an[0] - k[0]) / d]);
  }
  return { chestWidthPx, hipWidthPx, legOpeningWidthPx };
}
