/** Synthetic frames for the pipeline's unit tests (test-only helper; not imported by production code). */
import type { RgbaFrame } from './types';

/**
 * A frame whose red channel is the column index and green the row index (mod 256), blue constant: bilinear sampling
 * of it is exact, so a crop's values tell where it sampled.
 */
export function gradientFrame(widthPx: number, heightPx: number, blue = 128): RgbaFrame {
  const data = new Uint8Array(widthPx * heightPx * 4);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const p = (y * widthPx + x) * 4;
      data[p] = x & 255;
      data[p + 1] = y & 255;
      data[p + 2] = blue;
      data[p + 3] = 255;
    }
  }
  return { data, widthPx, heightPx, timestampMs: 0 };
}

/** A uniform frame of one colour. */
export function solidFrame(widthPx: number, heightPx: number, rgb: [number, number, number]): RgbaFrame {
  const data = new Uint8Array(widthPx * heightPx * 4);
  for (let p = 0; p < data.length; p += 4) {
    data[p] = rgb[0];
    data[p + 1] = rgb[1];
    data[p + 2] = rgb[2];
    data[p + 3] = 255;
  }
  return { data, widthPx, heightPx, timestampMs: 0 };
}
