/**
 * Rotated-rectangle crop of an RGBA frame into a float image tensor, with bilinear sampling: the job of MediaPipe's
 * ImageToTensorCalculator. Used for the landmark model's 256×256 crop and (with an axis-aligned, padded rect) for the
 * detector's letterbox. Runs every frame, so it allocates nothing and steps the affine map incrementally.
 */
import type { NormRect, RgbaFrame, TensorLayout } from './types';

/** Landmark model input size. Source: pose_landmark_by_roi_cpu.pbtxt (`output_tensor_width/height: 256`). */
export const LANDMARK_INPUT_SIZE_PX = 256;
/** Landmark model input range. Source: pose_landmark_by_roi_cpu.pbtxt (`output_tensor_float_range { 0, 1 }`). */
export const LANDMARK_INPUT_RANGE = [0, 1] as const;

/**
 * What lies outside the frame: `zero` = black (BORDER_ZERO, used by the detector's letterbox), `replicate` = the
 * nearest edge pixel (ImageToTensorCalculator's default, used by the landmark crop).
 */
export type BorderMode = 'zero' | 'replicate';

/** Whether this machine stores a Uint32 little-endian (then byte 0 of an RGBA word, R, is its low byte). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export interface CropOptions {
  /** Output width in pixels. @default 256 */
  widthPx?: number;
  /** Output height in pixels. @default 256 */
  heightPx?: number;
  /** @default 'nhwc' */
  layout?: TensorLayout;
  /** Value that pixel byte 0 maps to. @default 0 */
  rangeMin?: number;
  /** Value that pixel byte 255 maps to. @default 1 */
  rangeMax?: number;
  /** @default 'replicate' */
  border?: BorderMode;
}

/**
 * Samples the rotated `rect` of `frame` into `out` (3 channels RGB, alpha dropped). Output pixel centre (i+0.5, j+0.5)
 * maps to the rect point ((i+0.5)/W − 0.5, (j+0.5)/H − 0.5) × rect size, rotated by `rect.rotationRad` about its
 * centre: the same map {@link projectFromRect} inverts for landmarks.
 *
 * @param frame borrowed, read only.
 * @param out caller-owned, at least `widthPx * heightPx * 3` floats; fully overwritten.
 */
export function cropRectToTensor(frame: RgbaFrame, rect: NormRect, out: Float32Array, options: CropOptions = {}): void {
  const dstW = options.widthPx ?? LANDMARK_INPUT_SIZE_PX;
  const dstH = options.heightPx ?? LANDMARK_INPUT_SIZE_PX;
  const nchw = (options.layout ?? 'nhwc') === 'nchw';
  const rangeMin = options.rangeMin ?? LANDMARK_INPUT_RANGE[0];
  const rangeMax = options.rangeMax ?? LANDMARK_INPUT_RANGE[1];
  const zeroBorder = (options.border ?? 'replicate') === 'zero';
  if (out.length < dstW * dstH * 3) throw new RangeError(`crop output needs ${dstW * dstH * 3} floats, got ${out.length}`);

  const src = frame.data;
  // The fast path reads each RGBA tap as one 32-bit word (4 loads per output pixel instead of 12: this loop runs
  // 65 536 times a frame and its loads are its cost) when the bytes are 4-aligned, as decoded frames are.
  const src32 = LITTLE_ENDIAN && src.byteOffset % 4 === 0 ? new Uint32Array(src.buffer, src.byteOffset, src.length >> 2) : null;
  const srcW = frame.widthPx;
  const srcH = frame.heightPx;
  const scale = (rangeMax - rangeMin) / 255;
  const offset = rangeMin;

  // Affine map from output pixel index (i, j) to source pixel coordinates (pixel centres at integers).
  const rectWPx = rect.widthNorm * srcW;
  const rectHPx = rect.heightNorm * srcH;
  const cos = Math.cos(rect.rotationRad);
  const sin = Math.sin(rect.rotationRad);
  // d(src)/di and d(src)/dj
  const dxdi = (cos * rectWPx) / dstW;
  const dydi = (sin * rectWPx) / dstW;
  const dxdj = (-sin * rectHPx) / dstH;
  const dydj = (cos * rectHPx) / dstH;
  // Source position of output pixel (0, 0)'s centre.
  const u0 = 0.5 / dstW - 0.5;
  const v0 = 0.5 / dstH - 0.5;
  const x00 = rect.xCenterNorm * srcW + cos * u0 * rectWPx - sin * v0 * rectHPx - 0.5;
  const y00 = rect.yCenterNorm * srcH + sin * u0 * rectWPx + cos * v0 * rectHPx - 0.5;

  const plane = dstW * dstH;
  const maxX = srcW - 1;
  const maxY = srcH - 1;
  const stride = srcW * 4;
  // Where channel k of output pixel o goes: o * pixelStride + k * channelStride.
  const pixelStride = nchw ? 1 : 3;
  const channelStride = nchw ? plane : 1;
  for (let j = 0; j < dstH; j++) {
    let sx = x00 + j * dxdj;
    let sy = y00 + j * dydj;
    let o = j * dstW;
    if (src32 && rowInside(sx, sy, sx + (dstW - 1) * dxdi, sy + (dstW - 1) * dydi, maxX, maxY)) {
      // A row is a segment: with both ends' taps inside the frame, all are, and the row needs no test per pixel.
      cropRowInside(src32, srcW, sx, sy, dxdi, dydi, dstW, out, o * pixelStride, pixelStride, channelStride, scale, offset);
      continue;
    }
    for (let i = 0; i < dstW; i++, o++, sx += dxdi, sy += dydi) {
      const xf = Math.floor(sx);
      const yf = Math.floor(sy);
      const fx = sx - xf;
      const fy = sy - yf;
      let r: number;
      let g: number;
      let b: number;
      if (src32 && xf >= 0 && yf >= 0 && xf < maxX && yf < maxY) {
        // Fast path: all four taps inside, one word each (same sums in the same order as below: same floats).
        const q00 = yf * srcW + xf;
        const a = src32[q00]!;
        const bq = src32[q00 + 1]!;
        const c = src32[q00 + srcW]!;
        const d = src32[q00 + srcW + 1]!;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        r = (a & 255) * w00 + (bq & 255) * w10 + (c & 255) * w01 + (d & 255) * w11;
        g = ((a >>> 8) & 255) * w00 + ((bq >>> 8) & 255) * w10 + ((c >>> 8) & 255) * w01 + ((d >>> 8) & 255) * w11;
        b = ((a >>> 16) & 255) * w00 + ((bq >>> 16) & 255) * w10 + ((c >>> 16) & 255) * w01 + ((d >>> 16) & 255) * w11;
      } else if (xf >= 0 && yf >= 0 && xf < maxX && yf < maxY) {
        // All four taps inside, byte by byte (a frame view that is not 4-aligned).
        const p00 = yf * stride + xf * 4;
        const p10 = p00 + 4;
        const p01 = p00 + stride;
        const p11 = p01 + 4;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        r = src[p00]! * w00 + src[p10]! * w10 + src[p01]! * w01 + src[p11]! * w11;
        g = src[p00 + 1]! * w00 + src[p10 + 1]! * w10 + src[p01 + 1]! * w01 + src[p11 + 1]! * w11;
        b = src[p00 + 2]! * w00 + src[p10 + 2]! * w10 + src[p01 + 2]! * w01 + src[p11 + 2]! * w11;
      } else {
        r = 0;
        g = 0;
        b = 0;
        for (let t = 0; t < 4; t++) {
          let tx = xf + (t & 1);
          let ty = yf + (t >> 1);
          const w = ((t & 1) === 1 ? fx : 1 - fx) * ((t >> 1) === 1 ? fy : 1 - fy);
          if (tx < 0 || ty < 0 || tx > maxX || ty > maxY) {
            if (zeroBorder) continue;
            tx = tx < 0 ? 0 : tx > maxX ? maxX : tx;
            ty = ty < 0 ? 0 : ty > maxY ? maxY : ty;
          }
          const p = ty * stride + tx * 4;
          r += src[p]! * w;
          g += src[p + 1]! * w;
          b += src[p + 2]! * w;
        }
      }
      if (nchw) {
        out[o] = r * scale + offset;
        out[o + plane] = g * scale + offset;
        out[o + 2 * plane] = b * scale + offset;
      } else {
        const q = o * 3;
        out[q] = r * scale + offset;
        out[q + 1] = g * scale + offset;
        out[q + 2] = b * scale + offset;
      }
    }
  }
}

/**
 * One output row whose taps all lie inside the frame, read as 32-bit RGBA words: the crop's hot loop on its own,
 * without the bounds test and its three-way branch of the general path (≈ 10–15 % less CPU per crop, measured in
 * turn on real frames). The weights take one product instead of four; the output is within 1e-3 of a level of the
 * general path's (the test holds it).
 * @param src32 the frame's pixels, borrowed. @param out written from `q` on, `n` pixels; caller-owned.
 */
function cropRowInside(
  src32: Uint32Array,
  srcW: number,
  sx: number,
  sy: number,
  dxdi: number,
  dydi: number,
  n: number,
  out: Float32Array,
  q: number,
  pixelStride: number,
  channelStride: number,
  scale: number,
  offset: number,
): void {
  for (let i = 0; i < n; i++, q += pixelStride, sx += dxdi, sy += dydi) {
    const xf = Math.floor(sx);
    const yf = Math.floor(sy);
    const fx = sx - xf;
    const fy = sy - yf;
    const q00 = yf * srcW + xf;
    const a = src32[q00]!;
    const b = src32[q00 + 1]!;
    const c = src32[q00 + srcW]!;
    const d = src32[q00 + srcW + 1]!;
    const w11 = fx * fy;
    const w10 = fx - w11;
    const w01 = fy - w11;
    const w00 = 1 - fx - w01;
    out[q] = ((a & 255) * w00 + (b & 255) * w10 + (c & 255) * w01 + (d & 255) * w11) * scale + offset;
    out[q + channelStride] = (((a >>> 8) & 255) * w00 + ((b >>> 8) & 255) * w10 + ((c >>> 8) & 255) * w01 + ((d >>> 8) & 255) * w11) * scale + offset;
    out[q + 2 * channelStride] = (((a >>> 16) & 255) * w00 + ((b >>> 16) & 255) * w10 + ((c >>> 16) & 255) * w01 + ((d >>> 16) & 255) * w11) * scale + offset;
  }
}

/**
 * Margin, in source pixels, by which a row's ends must lie inside for {@link rowInside}: the loop steps its position by
 * repeated addition, which can drift from the end computed by one product by far less than this.
 */
const ROW_END_MARGIN_PX = 1e-3;

/** Whether every bilinear tap (x, x + 1) × (y, y + 1) between source points (x0, y0) and (x1, y1) lies in the frame. */
function rowInside(x0: number, y0: number, x1: number, y1: number, maxX: number, maxY: number): boolean {
  const lo = ROW_END_MARGIN_PX;
  return (
    Math.min(x0, x1) >= lo && Math.min(y0, y1) >= lo && Math.max(x0, x1) < maxX - lo && Math.max(y0, y1) < maxY - lo
  );
}

/**
 * Maps a point given in the rect's own normalised space ([0,1]² over the crop) to frame-normalised coordinates,
 * as MediaPipe's LandmarkProjectionCalculator does. Inverse of the map {@link cropRectToTensor} samples with.
 * @param out written with `[xNorm, yNorm]` at `outOffset`; caller-owned.
 */
export function projectFromRect(
  xRect: number,
  yRect: number,
  rect: NormRect,
  out: Float32Array | number[],
  outOffset = 0,
): void {
  const x = xRect - 0.5;
  const y = yRect - 0.5;
  const cos = Math.cos(rect.rotationRad);
  const sin = Math.sin(rect.rotationRad);
  out[outOffset] = (cos * x - sin * y) * rect.widthNorm + rect.xCenterNorm;
  out[outOffset + 1] = (sin * x + cos * y) * rect.heightNorm + rect.yCenterNorm;
}
