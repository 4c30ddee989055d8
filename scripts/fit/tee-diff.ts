/**
 * Where a top's coverage and the person's own T-shirt differ, by region of the body: above the shoulder line
 * (collar), beyond the shoulder joints (sleeves), between them above the hem zone (sides), and the hem zone.
 * Pixel counts as fractions of the T-shirt's own pixels: `extra` = garment where the T-shirt is not, `missing` =
 * T-shirt the garment leaves bare. Used by `npm run fit:report -- --diff` to find what to fix.
 */
import { PoseLandmark as L } from '../../src/shared/pose';
import type { OwnClothes } from './own-clothes';
import { HEM_ZONE_ABOVE_HIPS } from './own-clothes';

export const TEE_REGIONS = ['collar', 'sleeveL', 'sleeveR', 'sideL', 'sideR', 'hem'] as const;
export type TeeRegion = (typeof TEE_REGIONS)[number];
export type TeeDiff = Record<TeeRegion, { extra: number; missing: number }>;

/**
 * @param garment coverage, ≥ 128 = garment (borrowed). "L"/"R" are the picture's left and right.
 */
export function teeDiff(clothes: OwnClothes, garment: Uint8Array, landmarksPx: ArrayLike<number>): TeeDiff {
  const { widthPx: w, heightPx: h } = clothes;
  const lsx = landmarksPx[2 * L.leftShoulder]!;
  const rsx = landmarksPx[2 * L.rightShoulder]!;
  const [xMin, xMax] = [Math.min(lsx, rsx), Math.max(lsx, rsx)];
  const hemTop = clothes.hipYPx - HEM_ZONE_ABOVE_HIPS * (clothes.hipYPx - clothes.shoulderYPx);
  const midX = (xMin + xMax) / 2;
  const out = Object.fromEntries(TEE_REGIONS.map((r) => [r, { extra: 0, missing: 0 }])) as TeeDiff;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      const g = garment[i]! >= 128;
      const t = clothes.tee[i] === 1;
      if (g === t) continue;
      let r: TeeRegion;
      if (y < clothes.shoulderYPx && x > xMin && x < xMax) r = 'collar';
      else if (y >= hemTop) r = 'hem';
      else if (x <= xMin) r = 'sleeveL';
      else if (x >= xMax) r = 'sleeveR';
      else r = x < midX ? 'sideL' : 'sideR';
      if (g) out[r].extra++;
      else out[r].missing++;
    }
  }
  const n = clothes.teePixels || 1;
  for (const r of TEE_REGIONS) {
    out[r].extra /= n;
    out[r].missing /= n;
  }
  return out;
}
