/**
 * The landmark model's person mask: sigmoid (TensorsToSegmentationCalculator `activation: SIGMOID`), warped from the
 * ROI back into the frame with zero outside the ROI (the inverse projection of pose_landmark_by_roi_cpu.pbtxt), and
 * blended with the previous frame's mask (SegmentationSmoothingCalculator in pose_segmentation_filtering.pbtxt).
 */
import { rectCornersPx } from './roi';
import type { NormRect } from './types';

/** Side of the landmark model's segmentation output. Source: pose_landmark model output `1×256×256×1`. */
export const SEGMENTATION_SIZE_PX = 256;
/** Source: pose_segmentation_filtering.pbtxt, SegmentationSmoothingCalculator `combine_with_previous_ratio: 0.7`. */
export const SEGMENTATION_COMBINE_WITH_PREVIOUS_RATIO = 0.7;
const PADDED_SIZE_PX = SEGMENTATION_SIZE_PX + 2;

// Polynomial approximation of the squared uncertainty of a probability p, as a function of (p − 0.5)².
// Source: mediapipe/calculators/image/segmentation_smoothing_calculator.cc.
const C1 = 5.68842;
const C2 = -0.748699;
const C3 = -57.8051;
const C4 = 291.309;
const C5 = -624.717;

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
 * Builds frame-sized person masks from ROI masks, keeping the previous mask for the temporal blend. One instance per
 * tracker; its buffers are allocated for one frame size and reallocated only when the size changes.
 */
export class PersonMaskBuilder {
  private readonly probabilities = new Float32Array(PADDED_SIZE_PX * PADDED_SIZE_PX);
  private previous = new Float32Array(0);
  private hasPrevious = false;
  private widthPx = 0;
  private heightPx = 0;

  /**
   * @param logits borrowed, 256 × 256 logits (row-major, as the model's HWC output with one channel).
   * @param out caller-owned, `widthPx × heightPx` bytes; fully overwritten (0 = background, 255 = person).
   * @param smooth blend with the previous mask (tracking mode). @default true
   */
  build(logits: Float32Array, rect: NormRect, widthPx: number, heightPx: number, out: Uint8Array, smooth = true): void {
    const size = SEGMENTATION_SIZE_PX;
    if (logits.length < size * size) throw new RangeError(`segmentation needs ${size * size} floats`);
    if (out.length < widthPx * heightPx) throw new RangeError(`mask needs ${widthPx * heightPx} bytes`);
    if (widthPx !== this.widthPx || heightPx !== this.heightPx) {
      this.previous = new Float32Array(widthPx * heightPx);
      this.widthPx = widthPx;
      this.heightPx = heightPx;
      this.hasPrevious = false;
    }
    // Probabilities with a one-pixel zero border (BORDER_ZERO), so every bilinear tap of a point within one pixel of
    // the mask is a plain read.
    const padded = PADDED_SIZE_PX;
    const prob = this.probabilities;
    for (let y = 0; y < size; y++) {
      const src = y * size;
      const dst = (y + 1) * padded + 1;
      for (let x = 0; x < size; x++) prob[dst + x] = 1 / (1 + Math.exp(-logits[src + x]!));
    }

    const blend = smooth && this.hasPrevious;
    const previous = this.previous;
    const bounds = rectBoundsPx(rect, widthPx, heightPx);
    const rectWPx = rect.widthNorm * widthPx;
    const rectHPx = rect.heightNorm * heightPx;
    const cos = Math.cos(rect.rotationRad);
    const sin = Math.sin(rect.rotationRad);
    const cx = rect.xCenterNorm * widthPx;
    const cy = rect.yCenterNorm * heightPx;
    // Padded-mask coordinates (pixel centres at integers, +1 for the border) change by these per frame pixel step.
    const dudx = (cos / rectWPx) * size;
    const dvdx = (-sin / rectHPx) * size;
    const limit = size + 1; // taps at indices 0..size+1 exist; a base index must be < size + 1

    for (let y = 0; y < heightPx; y++) {
      const row = y * widthPx;
      if (y < bounds.y0 || y >= bounds.y1) {
        out.fill(0, row, row + widthPx);
        previous.fill(0, row, row + widthPx);
        continue;
      }
      out.fill(0, row, row + bounds.x0);
      previous.fill(0, row, row + bounds.x0);
      out.fill(0, row + bounds.x1, row + widthPx);
      previous.fill(0, row + bounds.x1, row + widthPx);
      const dx0 = bounds.x0 + 0.5 - cx;
      const dy = y + 0.5 - cy;
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
        // write 0 there directly instead of visiting every frame pixel.
        const value = blend ? smoothMaskValue(previous[i]!, p) : p;
        previous[i] = value;
        out[i] = (value * 255 + 0.5) | 0;
      }
    }
    this.hasPrevious = true;
  }

  /**
   * Writes the last built mask again (used while the tracker holds a briefly lost pose).
   * @param out caller-owned, `widthPx × heightPx` bytes.
   * @returns false when there is no previous mask.
   */
  writePrevious(out: Uint8Array): boolean {
    if (!this.hasPrevious || out.length < this.previous.length) return false;
    const previous = this.previous;
    for (let i = 0; i < previous.length; i++) out[i] = (previous[i]! * 255 + 0.5) | 0;
    return true;
  }

  /** Forget the previous mask (nobody present, or a new person). */
  reset(): void {
    this.hasPrevious = false;
  }
}
