/**
 * Colour maths shared by the cloth shading (its TypeScript mirror of the shader), the store-light estimate and the
 * checks that measure rendered garments: sRGB transfer, Oklab (Björn Ottosson, 2020: the perceptual space the
 * garment is shaded in) and CIELAB with ΔE*ab (CIE 1976; the "ΔE ≤ 5"). Channels in [0, 1]; D65 white.
 * Pure functions; the `out` arrays are written and returned, nothing is allocated per call.
 */

/** Rec. 709 / sRGB luminance weights of linear RGB. */
export const LUMA_WEIGHTS = [0.2126, 0.7152, 0.0722] as const;

/** sRGB-encoded channel → linear light. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linear light → sRGB-encoded channel (clamped to [0, 1]). */
export function linearToSrgb(c: number): number {
  const x = Math.min(1, Math.max(0, c));
  return x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
}

/** Linear sRGB → Oklab (L in [0, 1] for in-gamut colours; a, b about ±0.4). */
export function linearRgbToOklab(r: number, g: number, b: number, out: Float64Array | number[]): Float64Array | number[] {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  out[0] = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  out[1] = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  out[2] = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
  return out;
}

/** Oklab → linear sRGB (not clamped: out-of-gamut results may leave [0, 1]). */
export function oklabToLinearRgb(L: number, a: number, b: number, out: Float64Array | number[]): Float64Array | number[] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  out[0] = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  out[1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  out[2] = -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s;
  return out;
}

const labF = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);

/** sRGB-encoded RGB → CIELAB (L* in [0, 100]), D65. */
export function srgbToLab(r: number, g: number, b: number, out: Float64Array | number[]): Float64Array | number[] {
  const R = srgbToLinear(r);
  const G = srgbToLinear(g);
  const B = srgbToLinear(b);
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const fy = labF(y);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (labF(x) - fy);
  out[2] = 200 * (fy - labF(z));
  return out;
}

/** CIE 1976 colour difference ΔE*ab between two CIELAB colours. */
export function deltaE76(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** `#rrggbb` → sRGB-encoded channels in [0, 1]. */
export function hexToSrgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
