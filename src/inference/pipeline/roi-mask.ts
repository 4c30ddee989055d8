/**
 * The person mask over the ROI, for the renderer to warp (MaskResolution `roi`): the landmark model's probabilities
 * at the logits' own size (128 × 128 from the lowered mask head) as bytes, with the ROI's placement in the frame
 * (`PersonMask.frameFromMask`). The warp into the frame — 1.9 ms of CPU per frame at the model's resolution, more at
 * the frame's — becomes a texture lookup in the renderer's shaders, and the message carries 16 KB instead of the
 * frame-sized mask.
 *
 * The temporal blend (SegmentationSmoothingCalculator, see segmentation.ts) happens in ROI space: the previous
 * probabilities, resampled from their ROI into this one (bilinear, zero outside it, as the frame-space warp leaves
 * zero outside the previous ROI), are blended pixel by pixel with the new ones.
 */
import { bilinearZeroBorder, invertAffine, type Affine2 } from '../../shared/person-mask-at';
import { rectPx } from './roi';
import { fastSigmoid, ROI_MASK_SIDES_PX, smoothMaskValue } from './segmentation';
import type { NormRect } from './types';

/**
 * Where a rect's mask lies in the frame: mask-normalised (u, v) → frame-normalised (x, y). The rect's rotation turns
 * it in pixels (as the crop and `rectCornersPx` do), so the frame's aspect enters here.
 * @param widthPx frame width in pixels (the rect's normalisation).
 * @param heightPx frame height in pixels.
 */
export function roiPlacement(rect: NormRect, widthPx: number, heightPx: number): Affine2 {
  const { cxPx, cyPx, widthPx: rectWPx, heightPx: rectHPx, cos, sin } = rectPx(rect, widthPx, heightPx);
  return [
    (cos * rectWPx) / widthPx,
    (-sin * rectHPx) / widthPx,
    (cxPx - 0.5 * cos * rectWPx + 0.5 * sin * rectHPx) / widthPx,
    (sin * rectWPx) / heightPx,
    (cos * rectHPx) / heightPx,
    (cyPx - 0.5 * sin * rectWPx - 0.5 * cos * rectHPx) / heightPx,
  ];
}

/**
 * Builds ROI masks, keeping the previous one for the blend. One instance per tracker; its buffers are reallocated
 * only when the logits' size changes (which drops the previous mask).
 */
export class RoiPersonMaskBuilder {
  private probabilities = new Float32Array(0);
  private previous = new Float32Array(0);
  private previousPlacement: Affine2 | null = null;
  private side = 0;

  /** Side of the last built mask, pixels (0 before the first). */
  get sidePx(): number {
    return this.side;
  }

  /**
   * @param logits borrowed, 256 × 256 or 128 × 128 logits over the ROI ({@link ROI_MASK_SIDES_PX}; row-major).
   * @param rect the ROI the logits were computed on, normalised to the frame.
   * @param widthPx frame width in pixels (the rect's normalisation).
   * @param heightPx frame height in pixels.
   * @param out caller-owned, side × side bytes; fully overwritten (0 = background, 255 = person).
   * @param smooth blend with the previous mask (tracking mode). @default true
   * @returns the mask's placement in the frame (`PersonMask.frameFromMask`), a new array.
   */
  build(logits: Float32Array, rect: NormRect, widthPx: number, heightPx: number, out: Uint8Array, smooth = true): Affine2 {
    const side = ROI_MASK_SIDES_PX.find((s) => s * s === logits.length);
    if (side === undefined) throw new RangeError(`segmentation has ${logits.length} floats, expected ${ROI_MASK_SIDES_PX.map((s) => s * s).join(' or ')}`);
    if (out.length < side * side) throw new RangeError(`mask needs ${side * side} bytes`);
    if (side !== this.side) {
      this.probabilities = new Float32Array(side * side);
      this.previous = new Float32Array(side * side);
      this.previousPlacement = null;
      this.side = side;
    }
    const placement = roiPlacement(rect, widthPx, heightPx);
    const prob = this.probabilities;
    const previousPlacement = smooth ? this.previousPlacement : null;
    if (previousPlacement) {
      // This mask's pixel centres in the previous mask's pixel-centre coordinates: an affine map, stepped per pixel.
      const [a, b, c, d, e, f] = composeAffine(invertAffine(previousPlacement), placement);
      const previous = this.previous;
      for (let y = 0; y < side; y++) {
        const v = (y + 0.5) / side;
        let s = (a * (0.5 / side) + b * v + c) * side - 0.5;
        let t = (d * (0.5 / side) + e * v + f) * side - 0.5;
        for (let x = 0; x < side; x++, s += a, t += d) {
          const i = y * side + x;
          prob[i] = smoothMaskValue(bilinearZeroBorder(previous, side, side, s, t), fastSigmoid(logits[i]!));
        }
      }
    } else {
      for (let i = 0; i < side * side; i++) prob[i] = fastSigmoid(logits[i]!);
    }
    for (let i = 0; i < side * side; i++) out[i] = (prob[i]! * 255 + 0.5) | 0;
    // The blended values become the previous ones (swap, no copy).
    this.probabilities = this.previous;
    this.previous = prob;
    this.previousPlacement = placement;
    return placement;
  }

  /**
   * Writes the last built mask again (the body did not move, or the tracker holds a briefly lost pose).
   * @param out caller-owned, at least {@link sidePx}² bytes.
   * @returns its placement, or null when there is no previous mask.
   */
  writePrevious(out: Uint8Array): Affine2 | null {
    const placement = this.previousPlacement;
    if (!placement || out.length < this.previous.length) return null;
    const previous = this.previous;
    for (let i = 0; i < previous.length; i++) out[i] = (previous[i]! * 255 + 0.5) | 0;
    return placement;
  }

  /**
   * Takes a mask built elsewhere (the mask head's worker, which blends with its own previous one) as the previous
   * mask: written again by {@link writePrevious}, blended with by the next {@link build}.
   * @param mask borrowed, side × side bytes (128 or 256 a side).
   * @param placement its placement in the frame (copied).
   */
  adopt(mask: Uint8Array, placement: Affine2): void {
    const side = ROI_MASK_SIDES_PX.find((s) => s * s === mask.length);
    if (side === undefined) throw new RangeError(`mask has ${mask.length} bytes, expected ${ROI_MASK_SIDES_PX.map((s) => s * s).join(' or ')}`);
    if (side !== this.side) {
      this.probabilities = new Float32Array(side * side);
      this.previous = new Float32Array(side * side);
      this.side = side;
    }
    const previous = this.previous;
    for (let i = 0; i < mask.length; i++) previous[i] = mask[i]! / 255;
    this.previousPlacement = [...placement] as Affine2;
  }

  /**
   * Moves the previous mask with the body (see {@link carryPlacement}): written again, and blended with, where the body
   * is now. Nothing to move: nothing happens.
   */
  carryPrevious(from: Affine2, to: Affine2): void {
    if (this.previousPlacement) this.previousPlacement = carryPlacement(this.previousPlacement, from, to);
  }

  /** Forget the previous mask (nobody present, or a new person). */
  reset(): void {
    this.previousPlacement = null;
  }
}

/**
 * A mask's placement moved as a body moved: `placement` put it on the body where `from` (a ROI's placement around that
 * body) was; the result puts it the same way on the body where `to` is. The mask keeps its place in the ROI's frame.
 * @returns a new array.
 */
export function carryPlacement(placement: Affine2, from: Affine2, to: Affine2): Affine2 {
  return composeAffine(composeAffine(to, invertAffine(from)), placement);
}

/** `outer ∘ inner` (inner first). Allocates the result. */
function composeAffine(outer: Affine2, inner: Affine2): Affine2 {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + b * s, a * q + b * t, a * r + b * u + c, d * p + e * s, d * q + e * t, d * r + e * u + f];
}

