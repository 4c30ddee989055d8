/**
 * Reading a person mask at a point of the camera frame on the CPU, through its placement (`PersonMask.frameFromMask`):
 * the same bilinear sampling, zero border and edge clamp as the renderer's shader (PERSON_MASK_GLSL in
 * src/renderer/scene/person-mask-texture.ts), for the renderer's CPU readers (the trouser fit's leg scans).
 */
import type { PersonMask } from './pose';

/** A 2-D affine map [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine2 = readonly [number, number, number, number, number, number];

/** The placement of a mask that spans the frame (no `frameFromMask`). */
export const FRAME_SPANNING: Affine2 = [1, 0, 0, 0, 1, 0];

/** The inverse of an affine map. Allocates the result. @throws RangeError when it has no inverse. */
export function invertAffine([a, b, c, d, e, f]: Affine2): Affine2 {
  const det = a * e - b * d;
  if (!(Math.abs(det) > 0)) throw new RangeError('affine map without an inverse');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/**
 * A mask and the inverse of its placement, computed once per mask so that sampling allocates nothing. Borrows the
 * mask (its bytes are read at each {@link at}).
 */
export class PersonMaskSampler {
  /** Frame-normalised → mask-normalised. */
  readonly maskFromFrame: Affine2;
  /** Zero past the mask's edge (a placed mask) or clamp to it (a frame-spanning one). */
  readonly zeroBorder: boolean;

  constructor(readonly mask: PersonMask) {
    this.zeroBorder = mask.frameFromMask !== undefined;
    this.maskFromFrame = mask.frameFromMask ? invertAffine(mask.frameFromMask) : FRAME_SPANNING;
  }

  /** Size of one mask pixel in camera px (the larger of its two sides) for a frame `widthPx × heightPx`. */
  pixelSizePx(widthPx: number, heightPx: number): number {
    const [a, b, , d, e] = this.mask.frameFromMask ?? FRAME_SPANNING;
    return Math.max(Math.hypot(a * widthPx, d * heightPx) / this.mask.widthPx, Math.hypot(b * widthPx, e * heightPx) / this.mask.heightPx);
  }

  /**
   * The mask at camera pixel (xPx, yPx) of a `widthPx × heightPx` frame, 0..255 (fractional), or NaN where it says
   * nothing of the person: off the frame, or past a placed mask's square (below the tracker's crop, say), where its
   * zero border is no reading.
   */
  judgedAt(xPx: number, yPx: number, widthPx: number, heightPx: number): number {
    if (!(xPx >= 0 && yPx >= 0 && xPx < widthPx && yPx < heightPx)) return Number.NaN;
    const u = xPx / widthPx;
    const v = yPx / heightPx;
    if (this.zeroBorder) {
      const [a, b, c, d, e, f] = this.maskFromFrame;
      const s = a * u + b * v + c;
      const t = d * u + e * v + f;
      if (!(s >= 0 && t >= 0 && s <= 1 && t <= 1)) return Number.NaN;
    }
    return this.at(u, v);
  }

  /** The mask at a frame-normalised point, bilinear, 0..255 (fractional). */
  at(xNorm: number, yNorm: number): number {
    const [a, b, c, d, e, f] = this.maskFromFrame;
    const { widthPx: w, heightPx: h, data } = this.mask;
    // Pixel-centre coordinates: pixel (i, j) at (i, j).
    let s = (a * xNorm + b * yNorm + c) * w - 0.5;
    let t = (d * xNorm + e * yNorm + f) * h - 0.5;
    if (!this.zeroBorder) {
      s = Math.min(Math.max(s, 0), w - 1);
      t = Math.min(Math.max(t, 0), h - 1);
    }
    return bilinearZeroBorder(data, w, h, s, t);
  }
}

/**
 * An image (row-major, `w × h`) at pixel-centre coordinates (s, t) — pixel (i, j) at (i, j) — bilinear, with zero
 * outside it (BORDER_ZERO). Allocates nothing.
 */
export function bilinearZeroBorder(img: ArrayLike<number>, w: number, h: number, s: number, t: number): number {
  if (!(s > -1 && t > -1 && s < w && t < h)) return 0;
  const i0 = Math.floor(s);
  const j0 = Math.floor(t);
  const fs = s - i0;
  const ft = t - j0;
  const left = i0 >= 0;
  const right = i0 + 1 < w;
  const up = j0 >= 0;
  const down = j0 + 1 < h;
  const p00 = left && up ? img[j0 * w + i0]! : 0;
  const p10 = right && up ? img[j0 * w + i0 + 1]! : 0;
  const p01 = left && down ? img[(j0 + 1) * w + i0]! : 0;
  const p11 = right && down ? img[(j0 + 1) * w + i0 + 1]! : 0;
  const top = p00 + (p10 - p00) * fs;
  return top + (p01 + (p11 - p01) * fs - top) * ft;
}
