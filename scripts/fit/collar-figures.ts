/**
 * How a garment's collar meets the shopper's neck and chin in a render, measured against the camera picture: from
 * `atelier tryon --mask` (the garment's coverage after occlusion), the photo and its landmarks.
 */
import sharp from 'sharp';
import { PoseLandmark as L } from '../../src/shared/pose';

/** A pixel is the face's skin within this chromaticity distance of the skin under the nose (r, g, b over their sum). */
const SKIN_CHROMA = 0.03;
/** Darker than this (r + g + b, 0..765) a pixel's chromaticity is noise (hair, shadow): not counted as skin. */
const SKIN_MIN_SUM = 120;

export interface CollarFigures {
  /**
   * Of the camera's skin pixels under the mouth (the chin, and the neck where the head is up), within a mouth's
   * width either side of its centre and above the shoulder line, the share the garment covers.
   */
  chinSkinCovered: number;
  /** How many skin pixels that share is of. */
  chinSkinPx: number;
  /**
   * The garment's coverage of the neck's base: across the neck (± 8 % of the shoulders' breadth round their centre),
   * from 12 % to 2 % of that breadth above the shoulder line, where a shirt's collar stands in front of the neck.
   */
  neckBaseCovered: number;
}

/** The photo as RGB bytes. */
export async function readRgb(file: string): Promise<{ data: Uint8Array; widthPx: number; heightPx: number }> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height };
}

/**
 * @param rgb the camera picture, RGB bytes, `widthPx` wide; `mask` the coverage, a byte per pixel (≥ 128 garment).
 * @param landmarksPx camera pixels, x, y per landmark.
 */
export function collarFigures(rgb: Uint8Array, mask: Uint8Array, widthPx: number, heightPx: number, landmarksPx: ArrayLike<number>): CollarFigures {
  const at = (i: number): [number, number] => [landmarksPx[2 * i]!, landmarksPx[2 * i + 1]!];
  const [lsx, lsy] = at(L.leftShoulder);
  const [rsx, rsy] = at(L.rightShoulder);
  const [mlx, mly] = at(L.mouthLeft);
  const [mrx, mry] = at(L.mouthRight);
  const [, noseY] = at(L.nose);
  const breadthPx = Math.hypot(lsx - rsx, lsy - rsy);
  const cx = (lsx + rsx) / 2;
  const shoulderY = (lsy + rsy) / 2;
  const mouthX = (mlx + mrx) / 2;
  const mouthY = Math.max(mly, mry);
  const mouthW = Math.hypot(mlx - mrx, mly - mry);
  const chroma = (o: number): [number, number, number] => {
    const s = Math.max(1, rgb[o]! + rgb[o + 1]! + rgb[o + 2]!);
    return [rgb[o]! / s, rgb[o + 1]! / s, rgb[o + 2]! / s];
  };
  // The skin reference: the median chromaticity between the nose and the mouth's corners (the upper lip's skin).
  const refs: Array<[number, number, number]> = [];
  for (let y = Math.round(Math.min(noseY, mouthY)); y < Math.round(mouthY); y++) {
    for (let x = Math.round(Math.min(mlx, mrx)); x <= Math.round(Math.max(mlx, mrx)); x++) {
      const o = 3 * (y * widthPx + x);
      if (rgb[o]! + rgb[o + 1]! + rgb[o + 2]! >= SKIN_MIN_SUM) refs.push(chroma(o));
    }
  }
  const med = (k: number): number => {
    const v = refs.map((c) => c[k]!).sort((a, b) => a - b);
    return v.length ? v[v.length >> 1]! : 1 / 3;
  };
  const ref = [med(0), med(1), med(2)];
  let skin = 0;
  let skinCovered = 0;
  for (let y = Math.max(0, Math.round(mouthY)); y < Math.min(heightPx, Math.round(shoulderY)); y++) {
    for (let x = Math.max(0, Math.round(mouthX - mouthW)); x <= Math.min(widthPx - 1, Math.round(mouthX + mouthW)); x++) {
      const o = 3 * (y * widthPx + x);
      if (rgb[o]! + rgb[o + 1]! + rgb[o + 2]! < SKIN_MIN_SUM) continue;
      const c = chroma(o);
      if (Math.hypot(c[0] - ref[0]!, c[1] - ref[1]!, c[2] - ref[2]!) > SKIN_CHROMA) continue;
      skin++;
      if (mask[y * widthPx + x]! >= 128) skinCovered++;
    }
  }
  let box = 0;
  let covered = 0;
  for (let y = Math.max(0, Math.round(shoulderY - 0.12 * breadthPx)); y <= Math.min(heightPx - 1, Math.round(shoulderY - 0.02 * breadthPx)); y++) {
    for (let x = Math.max(0, Math.round(cx - 0.08 * breadthPx)); x <= Math.min(widthPx - 1, Math.round(cx + 0.08 * breadthPx)); x++) {
      box++;
      if (mask[y * widthPx + x]! >= 128) covered++;
    }
  }
  return { chinSkinCovered: skin ? skinCovered / skin : 0, chinSkinPx: skin, neckBaseCovered: box ? covered / box : 0 };
}
