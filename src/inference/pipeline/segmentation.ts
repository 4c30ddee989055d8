/**
 * The landmark model's person mask: sigmoid (TensorsToSegmentationCalculator `activation: SIGMOID`), warped from the
 * ROI back into the frame with zero outside the ROI (the inverse projection of pose_landmark_by_roi_cpu.pbtxt), and
 * blended with the previous frame's mask (SegmentationSmoothingCalculator in pose_segmentation_filtering.pbtxt).
 */
import { rectCornersPx, rectPx } from './roi';
import type { NormRect } from './types';

/** Side of the landmark model's segmentation output. Source: pose_landmark model output `1×256×256×1`. */
export const SEGMENTATION_SIZE_PX = 256;
/** Source: pose_segmentation_filtering.pbtxt, SegmentationSmoothingCalculator `combine_with_previous_ratio: 0.7`. */
export const SEGMENTATION_COMBINE_WITH_PREVIOUS_RATIO = 0.7;
/**
 * Sides of the ROI logits the builder takes: the model's own 256 × 256 mask, or 128 × 128 from the mask head whose
 * 256-px tail runs at 128 px (src/models/convert/split-mask-head.ts `lowerMaskHeadTail`), upsampled here by the same
 * bilinear taps that warp the mask into the frame.
 */
export const ROI_MASK_SIDES_PX = [SEGMENTATION_SIZE_PX, SEGMENTATION_SIZE_PX / 2] as const;

// Polynomial approximation of the squared uncertainty of a probability p, as a function of (p − 0.5)².
// Source: mediapipe/calculators/image/segmentation_smoothing_calculator.cc.
const C1 = 5.68842;
const C2 = -0.748699;
const C3 = -57.8051;
const C4 = 291.309;
const C5 = -624.717;

/** Logit range of the sigmoid table; beyond ±16 the probability is within 1.2e-7 of 0 or 1. */
const SIGMOID_TABLE_LIMIT = 16;
/** Table steps per logit unit: linear interpolation between them is within 3e-6 of the logistic, far below the mask's 1/255 step. */
const SIGMOID_TABLE_STEPS_PER_UNIT = 64;
const SIGMOID_TABLE = Float64Array.from({ length: 2 * SIGMOID_TABLE_LIMIT * SIGMOID_TABLE_STEPS_PER_UNIT + 2 }, (_, i) => {
  const x = i / SIGMOID_TABLE_STEPS_PER_UNIT - SIGMOID_TABLE_LIMIT;
  return 1 / (1 + Math.exp(-x));
});

/**
 * The logistic function from a table with linear interpolation: 65 536 `Math.exp` calls per frame cost more than the
 * rest of the mask at the model's resolution (measured ≈ 1 ms of CPU on this machine under load).
 */
export function fastSigmoid(logit: number): number {
  if (!(logit > -SIGMOID_TABLE_LIMIT)) return logit === logit ? 0 : 0.5;
  if (logit >= SIGMOID_TABLE_LIMIT) return 1;
  const t = (logit + SIGMOID_TABLE_LIMIT) * SIGMOID_TABLE_STEPS_PER_UNIT;
  const i = t | 0;
  const a = SIGMOID_TABLE[i]!;
  return a + (SIGMOID_TABLE[i + 1]! - a) * (t - i);
}

/**
 * SegmentationSmoothingCalculator's blend: the less certain the new value (close to 0.5), the more of the previous
 * one is kept, up to `ratio`.
 */
export function smoothMaskValue(previous: number, current: number, ratio = SEGMENTATION_COMBINE_WITH_PREVIOUS_RATIO): number {
  const t = current - 0.5;
  const x = t * t;
  const uncertainty = 1 - Math.min(1, x * (C1 + x * (C2 + x * (C3 + x * (C4 + x * C5)))));
  return current + (previous - current) * (uncertainty * ratio);
}

/** Inclusive-exclusive pixel bounds. */
export interface PixelBounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The frame pixels a rotated rect can touch, clipped to the frame. */
export function rectBoundsPx(rect: NormRect, widthPx: number, heightPx: number): PixelBounds {
  const corners = rectCornersPx(rect, widthPx, heightPx);
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (const [x, y] of corners) {
    xMin = Math.min(xMin, x);
    yMin = Math.min(yMin, y);
    xMax = Math.max(xMax, x);
    yMax = Math.max(yMax, y);
  }
  return {
    x0: Math.max(0, Math.floor(xMin)),
    y0: Math.max(0, Math.floor(yMin)),
    x1: Math.min(widthPx, Math.ceil(xMax) + 1),
    y1: Math.min(heightPx, Math.ceil(yMax) + 1),
  };
}

/**
 * How finely the person mask is sampled: one mask pixel per frame pixel, about one per model-output pixel (both warped
 * into the frame here), or the model's output over the ROI as it is, placed in the frame for the renderer to warp
 * (roi-mask.ts).
 */
export type MaskResolution = 'frame' | 'model' | 'roi';

/** Largest frame-pixel step between mask pixels. Source: none needed beyond keeping a 4K frame's mask ≥ 480 px tall. */
const MAX_MASK_STEP = 8;

/**
 * Frame pixels per mask pixel for `resolution: 'model'`: the power of two nearest (in ratio) to the ROI's frame pixels
 * per segmentation pixel, so a mask pixel is within √2 of a model-output pixel either way — the mask holds the detail
 * the 256 × 256 model output has (the renderer's linear texture sampling upsamples it on the GPU) and the warp
 * touches ≈ 256² / 2 to 2 × 256² pixels whatever the camera's size. Powers of two so the mask's size changes only
 * when the shopper's distance changes by √2 or more.
 */
export function maskStepPx(rect: NormRect, widthPx: number, heightPx: number): number {
  const roiSidePx = Math.max(rect.widthNorm * widthPx, rect.heightNorm * heightPx);
  const perModelPx = roiSidePx / SEGMENTATION_SIZE_PX;
  if (!(perModelPx > 1)) return 1;
  return Math.min(MAX_MASK_STEP, 2 ** Math.round(Math.log2(perModelPx)));
}

/** Mask size for a frame and a step: the frame's size divided by the step, rounded (at least 1 × 1). */
export function maskSizePx(widthPx: number, heightPx: number, stepPx: number): { widthPx: number; heightPx: number } {
  return { widthPx: Math.max(1, Math.round(widthPx / stepPx)), heightPx: Math.max(1, Math.round(heightPx / stepPx)) };
}

/**
 * Builds person masks in the frame's framing (the mask spans the whole frame, row-major) from ROI masks, keeping the
 * previous mask for the temporal blend. The mask may have fewer pixels than the frame (see {@link maskStepPx}); its
 * pixel centres then sit at (i + 0.5) × frame / mask size. One instance per tracker; its buffers are reallocated only
 * when the mask's size changes (which also drops the previous mask: the blend needs the same grid).
 */
export class PersonMaskBuilder {
  private probabilities = new Float32Array(0);
  private previous = new Float32Array(0);
  /** Where `previous` may be non-zero (it is zero elsewhere). */
  private previousBounds: PixelBounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
  /**
   * Per output buffer (the tracker pools and reuses them), where it may be non-zero: clearing just that rectangle
   * instead of the whole mask keeps the cost in proportion to the person, not to the camera's resolution.
   */
  private readonly written = new WeakMap<Uint8Array, PixelBounds>();
  private hasPrevious = false;
  private maskW = 0;
  private maskH = 0;

  /** Size of the last built mask (0 × 0 before the first). */
  get sizePx(): { widthPx: number; heightPx: number } {
    return { widthPx: this.maskW, heightPx: this.maskH };
  }

  /**
   * @param logits borrowed, 256 × 256 or 128 × 128 logits over the ROI ({@link ROI_MASK_SIDES_PX}; row-major, as the
   *   model's HWC output with one channel).
   * @param rect the ROI the logits were computed on, normalised to the frame.
   * @param widthPx frame width in pixels (the rect's normalisation).
   * @param heightPx frame height in pixels.
   * @param out caller-owned, `mask.widthPx × mask.heightPx` bytes; fully overwritten (0 = background, 255 = person).
   * @param smooth blend with the previous mask (tracking mode). @default true
   * @param mask the mask's size. @default the frame's size
   */
  build(
    logits: Float32Array,
    rect: NormRect,
    widthPx: number,
    heightPx: number,
    out: Uint8Array,
    smooth = true,
    mask: { widthPx: number; heightPx: number } = { widthPx, heightPx },
  ): void {
    const size = ROI_MASK_SIDES_PX.find((side) => side * side === logits.length);
    if (size === undefined) throw new RangeError(`segmentation has ${logits.length} floats, expected ${ROI_MASK_SIDES_PX.map((side) => side * side).join(' or ')}`);
    const maskW = mask.widthPx;
    const maskH = mask.heightPx;
    if (out.length < maskW * maskH) throw new RangeError(`mask needs ${maskW * maskH} bytes`);
    if (maskW !== this.maskW || maskH !== this.maskH) {
      this.previous = new Float32Array(maskW * maskH);
      this.previousBounds = { x0: 0, y0: 0, x1: 0, y1: 0 };
      this.maskW = maskW;
      this.maskH = maskH;
      this.hasPrevious = false;
    }
    // Probabilities with a one-pixel zero border (BORDER_ZERO), so every bilinear tap of a point within one pixel of
    // the mask is a plain read.
    const padded = size + 2;
    if (this.probabilities.length !== padded * padded) this.probabilities = new Float32Array(padded * padded);
    const prob = this.probabilities;
    for (let y = 0; y < size; y++) {
      const src = y * size;
      const dst = (y + 1) * padded + 1;
      for (let x = 0; x < size; x++) prob[dst + x] = fastSigmoid(logits[src + x]!);
    }

    const blend = smooth && this.hasPrevious;
    const previous = this.previous;
    // Frame pixels per mask pixel, per axis.
    const sx = widthPx / maskW;
    const sy = heightPx / maskH;
    const frameBounds = rectBoundsPx(rect, widthPx, heightPx);
    const bounds = {
      x0: Math.max(0, Math.floor(frameBounds.x0 / sx)),
      y0: Math.max(0, Math.floor(frameBounds.y0 / sy)),
      x1: Math.min(maskW, Math.ceil(frameBounds.x1 / sx)),
      y1: Math.min(maskH, Math.ceil(frameBounds.y1 / sy)),
    };
    const { cxPx: cx, cyPx: cy, widthPx: rectWPx, heightPx: rectHPx, cos, sin } = rectPx(rect, widthPx, heightPx);
    // Padded-mask coordinates (pixel centres at integers, +1 for the border) change by these per mask pixel step.
    const dudx = ((cos * sx) / rectWPx) * size;
    const dvdx = ((-sin * sx) / rectHPx) * size;
    const limit = size + 1; // taps at indices 0..size+1 exist; a base index must be < size + 1

    // Zero what the last frames left outside this ROI: in `out` (a pooled buffer: its own last rectangle, or all of
    // it when we have not written it before) and in `previous` (its rectangle minus this one, which the loop rewrites).
    const stale = this.written.get(out);
    if (stale) clearRect(out, maskW, stale, null);
    else out.fill(0, 0, maskW * maskH);
    clearRect(previous, maskW, this.previousBounds, bounds);
    this.written.set(out, bounds);
    this.previousBounds = bounds;

    for (let y = bounds.y0; y < bounds.y1; y++) {
      const row = y * maskW;
      const dx0 = (bounds.x0 + 0.5) * sx - cx;
      const dy = (y + 0.5) * sy - cy;
      let u = ((cos * dx0 + sin * dy) / rectWPx + 0.5) * size + 0.5;
      let v = ((-sin * dx0 + cos * dy) / rectHPx + 0.5) * size + 0.5;
      for (let x = bounds.x0; x < bounds.x1; x++, u += dudx, v += dvdx) {
        const i = row + x;
        let p = 0;
        if (u >= 0 && v >= 0 && u < limit && v < limit) {
          const uf = u | 0;
          const vf = v | 0;
          const fu = u - uf;
          const fv = v - vf;
          const base = vf * padded + uf;
          const top = prob[base]! + (prob[base + 1]! - prob[base]!) * fu;
          const bottom = prob[base + padded]! + (prob[base + padded + 1]! - prob[base + padded]!) * fu;
          p = top + (bottom - top) * fv;
        }
        // Outside the ROI the new value is 0, a certain value, so the blend keeps ≈ 1e-4 of the previous one: we
        // write 0 there directly instead of visiting every mask pixel.
        const value = blend ? smoothMaskValue(previous[i]!, p) : p;
        previous[i] = value;
        out[i] = (value * 255 + 0.5) | 0;
      }
    }
    this.hasPrevious = true;
  }

  /**
   * Writes the last built mask again (used while the tracker holds a briefly lost pose).
   * @param out caller-owned, at least {@link sizePx} bytes.
   * @returns false when there is no previous mask.
   */
  writePrevious(out: Uint8Array): boolean {
    if (!this.hasPrevious || out.length < this.previous.length) return false;
    const previous = this.previous;
    const maskW = this.maskW;
    // Only the rectangle where the previous mask may be non-zero, as build() does (the tracker writes it again on
    // every frame the body stands still).
    const stale = this.written.get(out);
    if (stale) clearRect(out, maskW, stale, null);
    else out.fill(0, 0, maskW * this.maskH);
    const b = this.previousBounds;
    for (let y = b.y0; y < b.y1; y++) {
      for (let i = y * maskW + b.x0, end = y * maskW + b.x1; i < end; i++) out[i] = (previous[i]! * 255 + 0.5) | 0;
    }
    this.written.set(out, b);
    return true;
  }

  /** Forget the previous mask (nobody present, or a new person). */
  reset(): void {
    this.hasPrevious = false;
  }
}

/** Zeroes `rect` of a row-major image `widthPx` wide, except the part inside `keep` (when given). */
function clearRect(data: Uint8Array | Float32Array, widthPx: number, rect: PixelBounds, keep: PixelBounds | null): void {
  for (let y = rect.y0; y < rect.y1; y++) {
    const row = y * widthPx;
    if (!keep || y < keep.y0 || y >= keep.y1 || keep.x0 >= rect.x1 || keep.x1 <= rect.x0) {
      data.fill(0, row + rect.x0, row + rect.x1);
      continue;
    }
    if (keep.x0 > rect.x0) data.fill(0, row + rect.x0, row + keep.x0);
    if (keep.x1 < rect.x1) data.fill(0, row + keep.x1, row + rect.x1);
  }
}
