/**
 * Pictures to look at: the camera frame with the person's own T-shirt tinted blue, their shorts green, and a
 * garment's coverage outlined (and lightly tinted) red, so the measurement and the garment can be judged by eye.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { OwnClothes } from './own-clothes';

const TINT = 0.45;

function tint(out: Uint8Array, i: number, r: number, g: number, b: number, k: number): void {
  out[4 * i] = Math.round(out[4 * i]! * (1 - k) + r * k);
  out[4 * i + 1] = Math.round(out[4 * i + 1]! * (1 - k) + g * k);
  out[4 * i + 2] = Math.round(out[4 * i + 2]! * (1 - k) + b * k);
}

/**
 * Writes the overlay PNG.
 * @param garment coverage mask (≥ 128 = garment), optional.
 */
export async function writeFitOverlay(file: string, rgba: Uint8Array, clothes: OwnClothes, garment: Uint8Array | null): Promise<void> {
  const { widthPx: w, heightPx: h } = clothes;
  const out = rgba.slice();
  for (let i = 0; i < w * h; i++) {
    if (clothes.tee[i]) tint(out, i, 40, 90, 255, TINT);
    else if (clothes.shorts[i]) tint(out, i, 40, 220, 60, TINT);
    if (garment && garment[i]! >= 128) {
      const x = i % w;
      const edge =
        x === 0 || x === w - 1 || i < w || i >= w * (h - 1) || garment[i - 1]! < 128 || garment[i + 1]! < 128 || garment[i - w]! < 128 || garment[i + w]! < 128;
      if (edge) tint(out, i, 255, 0, 0, 1);
      else tint(out, i, 255, 40, 40, 0.18);
    }
  }
  for (const yPx of [clothes.shoulderYPx, clothes.hipYPx, clothes.kneeYPx, clothes.ankleYPx]) {
    const y = Math.round(yPx);
    if (y < 0 || y >= h) continue;
    for (let x = 0; x < w; x += 2) tint(out, y * w + x, 255, 255, 0, 1);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp(out, { raw: { width: w, height: h, channels: 4 } }).removeAlpha().png().toFile(file);
}
