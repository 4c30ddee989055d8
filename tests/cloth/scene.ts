/**
 * The synthetic scene of the cloth shading checks (issue 14, "Checks"): a luma picture with a known make-up — a slow
 * ramp (the room's light falling off), folds (smooth diagonal waves ≈ 5 cm on the body) and a print (a fine, strong
 * checker: the letters of the shopper's own shirt) — and the reference band-pass the shading should follow, made
 * with true Gaussians here (not the shader's taps), so the check measures the shading against the scene, not against
 * itself.
 */
import { CLOTH_SHADING } from '../../src/renderer/cloth/cloth-shading';

export interface LumaScene {
  widthPx: number;
  heightPx: number;
  /** Luma (sRGB-encoded, 0..1) per pixel, rows top first. */
  luma: Float64Array;
  /** Each component alone. */
  ramp: Float64Array;
  folds: Float64Array;
  print: Float64Array;
  mean: number;
}

/**
 * @param cmPerPx the body's scale the folds and print are sized for.
 * @param printAmplitude the checker's half contrast in luma. @default 0.2
 */
export function lumaScene(widthPx: number, heightPx: number, cmPerPx: number, printAmplitude = 0.2): LumaScene {
  const n = widthPx * heightPx;
  const ramp = new Float64Array(n);
  const folds = new Float64Array(n);
  const print = new Float64Array(n);
  const luma = new Float64Array(n);
  const foldPeriodPx = 5 / cmPerPx;
  // A checker of 2-pixel squares: far finer than a fold, as sharp as a print's edge gets in a camera picture.
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const i = y * widthPx + x;
      ramp[i] = 0.12 * ((2 * y) / heightPx - 1) + 0.04 * ((2 * x) / widthPx - 1);
      folds[i] = 0.07 * Math.sin((2 * Math.PI * (x + 0.6 * y)) / foldPeriodPx) * (0.6 + 0.4 * Math.sin((2 * Math.PI * y) / (2.7 * foldPeriodPx)));
      print[i] = ((Math.floor(x / 2) + Math.floor(y / 2)) % 2 === 0 ? 1 : -1) * printAmplitude;
      luma[i] = 0.45 + ramp[i]! + folds[i]! + print[i]!;
    }
  }
  let mean = 0;
  for (const l of luma) mean += l;
  return { widthPx, heightPx, luma, ramp, folds, print, mean: mean / n };
}

/** Separable Gaussian blur (σ in px, clamped edges): a new array. */
export function gaussian(src: Float64Array, widthPx: number, heightPx: number, sigmaPx: number): Float64Array {
  const r = Math.ceil(3 * sigmaPx);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigmaPx * sigmaPx)));
  const sum = k.reduce((a, b) => a + b, 0);
  const tmp = new Float64Array(src.length);
  const out = new Float64Array(src.length);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r]! * src[y * widthPx + Math.min(widthPx - 1, Math.max(0, x + j))]!;
      tmp[y * widthPx + x] = s / sum;
    }
  }
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r]! * tmp[Math.min(heightPx - 1, Math.max(0, y + j)) * widthPx + x]!;
      out[y * widthPx + x] = s / sum;
    }
  }
  return out;
}

/** The scene's band-passed luma: a difference of Gaussians at the shading's fold scales (σ = radius / 2). */
export function referenceBand(scene: LumaScene, cmPerPx: number): Float64Array {
  const fine = gaussian(scene.luma, scene.widthPx, scene.heightPx, CLOTH_SHADING.foldFineCm / cmPerPx / 2);
  const coarse = gaussian(scene.luma, scene.widthPx, scene.heightPx, CLOTH_SHADING.foldCoarseCm / cmPerPx / 2);
  return fine.map((f, i) => f - coarse[i]!);
}

/** Pearson correlation of two equally long series. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * A box-filtered lookup of a luma picture (what the GPU's mip levels give the shader): the mean over a `boxPx`
 * square centred on camera px (x, y), edges clamped. Exact for the piecewise-constant picture (an integral image,
 * interpolated bilinearly).
 */
export function boxLookup(luma: Float64Array, widthPx: number, heightPx: number): (xPx: number, yPx: number, boxPx: number) => number {
  const W = widthPx + 1;
  const S = new Float64Array(W * (heightPx + 1));
  for (let y = 0; y < heightPx; y++) {
    let row = 0;
    for (let x = 0; x < widthPx; x++) {
      row += luma[y * widthPx + x]!;
      S[(y + 1) * W + x + 1] = S[y * W + x + 1]! + row;
    }
  }
  const at = (x: number, y: number): number => {
    const xc = Math.min(widthPx, Math.max(0, x));
    const yc = Math.min(heightPx, Math.max(0, y));
    const x0 = Math.min(widthPx - 1, Math.floor(xc));
    const y0 = Math.min(heightPx - 1, Math.floor(yc));
    const tx = xc - x0;
    const ty = yc - y0;
    const a = S[y0 * W + x0]! + (S[y0 * W + x0 + 1]! - S[y0 * W + x0]!) * tx;
    const b = S[(y0 + 1) * W + x0]! + (S[(y0 + 1) * W + x0 + 1]! - S[(y0 + 1) * W + x0]!) * tx;
    return a + (b - a) * ty;
  };
  return (x, y, box) => {
    const h = Math.max(box, 1) / 2;
    // Clamp the box inside the picture (the GPU clamps to the edge texel): keep its size.
    const cx = Math.min(widthPx - h, Math.max(h, x));
    const cy = Math.min(heightPx - h, Math.max(h, y));
    const sum = at(cx + h, cy + h) - at(cx - h, cy + h) - at(cx + h, cy - h) + at(cx - h, cy - h);
    return sum / (4 * h * h);
  };
}

/** A grey picture's lookup for the shading's TypeScript mirror: the box-filtered luma in all three channels. */
export function greyLookup(luma: Float64Array, widthPx: number, heightPx: number): (x: number, y: number, box: number, out: number[]) => number[] {
  const at = boxLookup(luma, widthPx, heightPx);
  return (x, y, box, out) => {
    out[0] = out[1] = out[2] = at(x, y, box);
    return out;
  };
}
