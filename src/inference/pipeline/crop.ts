/**
 * Rotated-rectangle crop of an RGBA frame into a float image tensor, with bilinear sampling: the job of MediaPipe's
 * ImageToTensorCalculator. Used for the landmark model's 256×256 crop and (with an axis-aligned, padded rect) for the
 * detector's letterbox. Runs every frame: per call it allocates only a view of the frame as words and the state its
 * row loops share.
 *
 * Each row is split where its taps leave the frame: the pixels in between take a loop with no test per pixel, those
 * outside one of their own (two taps down the edge column or across the edge row). On the portrait mirror clip the
 * ROI is three frame widths wide and two thirds of each row lie outside: CPU per 256² NCHW crop on the tracker's own
 * ROIs, old and new in turn, frame cold in cache, loaded: 1.90 → 1.06 ms (street video, ROI inside: 1.13 → 1.09).
 * Values as before (≤ 2e-5 of a level). A fixed-point hot loop was tried and not kept: see docs/frame-pipe.md.
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
  // Where channel k of output pixel o goes: o * pixelStride + k * channelStride.
  const pixelStride = nchw ? 1 : 3;
  const row: RowSampler = {
    src,
    src32,
    srcW,
    maxX,
    maxY,
    zeroBorder,
    dxdi,
    dydi,
    out,
    pixelStride,
    channelStride: nchw ? plane : 1,
    scale,
    offset,
  };
  const span = ROW_SPAN;
  for (let j = 0; j < dstH; j++) {
    const sx = x00 + j * dxdj;
    const sy = y00 + j * dydj;
    const q = j * dstW * pixelStride;
    if (!src32 || maxX < 1 || maxY < 1) {
      cropRowGeneral(row, sx, sy, 0, dstW, q);
      continue;
    }
    // The taps of pixels [lo, hi) all lie inside the frame: they take the hot loop with no test per pixel. The
    // pixels before and after (a ROI hanging over the frame's edge: two thirds of each row on the portrait mirror
    // camera, whose ROI is about three frame widths wide) take the border's own loop.
    insideSpan(sx, sy, dxdi, dydi, dstW, maxX, maxY, span);
    const lo = span[0]!;
    const hi = span[1]!;
    const outside = zeroBorder ? cropRowGeneral : cropRowOutside;
    if (lo > 0) outside(row, sx, sy, 0, lo, q);
    if (hi > lo) cropRowInside(row, src32, sx + lo * dxdi, sy + lo * dydi, hi - lo, q + lo * pixelStride);
    if (hi < dstW) outside(row, sx, sy, hi, dstW, q);
  }
}

/** What the row loops of one crop share: the frame (borrowed), the map's step along a row, the output (caller's). */
interface RowSampler {
  src: Uint8Array | Uint8ClampedArray;
  /** The frame as RGBA words; null when its bytes are not 4-aligned (then only {@link cropRowGeneral} runs). */
  src32: Uint32Array | null;
  srcW: number;
  maxX: number;
  maxY: number;
  zeroBorder: boolean;
  /** Source pixels per output pixel along a row. */
  dxdi: number;
  dydi: number;
  out: Float32Array;
  pixelStride: number;
  channelStride: number;
  scale: number;
  offset: number;
}

/** Scratch for {@link insideSpan}'s answer (the crop runs on one thread and allocates nothing per frame). */
const ROW_SPAN = new Int32Array(2);

/**
 * Margin, in source pixels, by which the taps of a span's pixels lie inside the frame: the hot loop steps its
 * position by repeated addition, which drifts from the position computed by one product by far less than this.
 */
const ROW_END_MARGIN_PX = 1e-3;

/**
 * The pixels `[lo, hi)` of a row of `n` (pixel i at source point (x0 + i·dx, y0 + i·dy)) whose bilinear taps
 * (x, x + 1) × (y, y + 1) all lie in the frame, written to `span` as `[lo, hi]` (`lo = hi = 0` when none do). Points
 * within {@link ROW_END_MARGIN_PX} of the limits count as outside: the border's loop samples them as well.
 */
function insideSpan(x0: number, y0: number, dx: number, dy: number, n: number, maxX: number, maxY: number, span: Int32Array): void {
  let lo = 0;
  let hi = n;
  for (let axis = 0; axis < 2 && lo < hi; axis++) {
    const p0 = axis === 0 ? x0 : y0;
    const d = axis === 0 ? dx : dy;
    const limit = (axis === 0 ? maxX : maxY) - ROW_END_MARGIN_PX;
    if (d === 0) {
      if (!(p0 >= ROW_END_MARGIN_PX && p0 <= limit)) hi = lo;
      continue;
    }
    // i where p0 + i·d enters and leaves [margin, limit].
    const a = (ROW_END_MARGIN_PX - p0) / d;
    const b = (limit - p0) / d;
    lo = Math.max(lo, Math.ceil(Math.min(a, b)));
    hi = Math.min(hi, Math.floor(Math.max(a, b)) + 1);
  }
  if (hi <= lo) lo = hi = 0;
  span[0] = lo;
  span[1] = hi;
}

/**
 * Pixels `[from, to)` of a row with a tap outside the frame, replicate border: left or right of the frame the edge
 * column's two taps down it, above or below it the edge row's two across (bilinear over replicated edge pixels); the
 * few within {@link ROW_END_MARGIN_PX} of an edge take {@link cropRowGeneral}.
 */
function cropRowOutside(row: RowSampler, x0: number, y0: number, from: number, to: number, rowQ: number): void {
  const { srcW, maxX, maxY, dxdi, dydi, pixelStride } = row;
  const src32 = row.src32!;
  for (let i = from, q = rowQ + from * pixelStride; i < to; i++, q += pixelStride) {
    const x = x0 + i * dxdi;
    const y = y0 + i * dydi;
    if (x <= 0 || x >= maxX) {
      const yc = y < 0 ? 0 : y > maxY ? maxY : y;
      // On the last row the second tap has weight 0 (y = maxY): take the pair before it, weight 1 on maxY.
      const yf = Math.min(Math.floor(yc), maxY - 1);
      const top = yf * srcW + (x <= 0 ? 0 : maxX);
      writeBlend(row, q, src32[top]!, src32[top + srcW]!, yc - yf);
    } else if (y <= 0 || y >= maxY) {
      const xf = Math.floor(x);
      const left = (y <= 0 ? 0 : maxY) * srcW + xf;
      writeBlend(row, q, src32[left]!, src32[left + 1]!, x - xf);
    } else {
      cropRowGeneral(row, x0, y0, i, i + 1, rowQ);
    }
  }
}

/** Writes (1 − f)·a + f·b of two RGBA words into output pixel `q`'s three channels. */
function writeBlend(row: RowSampler, q: number, a: number, b: number, f: number): void {
  const { out, channelStride, scale, offset } = row;
  const g = 1 - f;
  out[q] = ((a & 255) * g + (b & 255) * f) * scale + offset;
  out[q + channelStride] = (((a >>> 8) & 255) * g + ((b >>> 8) & 255) * f) * scale + offset;
  out[q + 2 * channelStride] = (((a >>> 16) & 255) * g + ((b >>> 16) & 255) * f) * scale + offset;
}

/**
 * Pixels `[from, to)` of a row, byte by byte with a bounds test per tap: for a frame view that is not 4-aligned (or
 * a frame under 2 pixels wide or high), the zero border's pixels outside the frame, and the pixels on an edge.
 */
function cropRowGeneral(row: RowSampler, x0: number, y0: number, from: number, to: number, rowQ: number): void {
  const { src, srcW, maxX, maxY, zeroBorder, dxdi, dydi, out, pixelStride, channelStride, scale, offset } = row;
  const stride = srcW * 4;
  for (let i = from, q = rowQ + from * pixelStride; i < to; i++, q += pixelStride) {
    const sx = x0 + i * dxdi;
    const sy = y0 + i * dydi;
    const xf = Math.floor(sx);
    const yf = Math.floor(sy);
    const fx = sx - xf;
    const fy = sy - yf;
    let r = 0;
    let g = 0;
    let b = 0;
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
    out[q] = r * scale + offset;
    out[q + channelStride] = g * scale + offset;
    out[q + 2 * channelStride] = b * scale + offset;
  }
}

/**
 * Pixels of a row whose taps all lie inside the frame, read as 32-bit RGBA words (4 loads per pixel instead of 12):
 * the crop's hot loop, without a bounds test. The weights take one product instead of four; the output is within
 * 1e-3 of a level of textbook bilinear (the test holds it).
 * @param src32 the frame's pixels (`row.src32`), borrowed; `n` pixels written from `q` on.
 */
function cropRowInside(row: RowSampler, src32: Uint32Array, sx: number, sy: number, n: number, q: number): void {
  const { srcW, dxdi, dydi, out, pixelStride, channelStride, scale, offset } = row;
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
