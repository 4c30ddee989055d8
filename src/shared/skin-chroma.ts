/**
 * Colours by their chromaticity, (r, g, b) / (r + g + b), which shading barely changes: how the occluder's key tells a
 * shopper's skin from their own clothes on the page, and the engine reads where their own sleeves end.
 */

/**
 * Chromaticity of the colour at offset `o`, into `out`. A colour whose r + g + b is under `darkSum` is taken as if
 * lifted to that sum with grey, so near black its chromaticity fades to grey instead of being the camera's noise.
 */
function chroma(rgb: ArrayLike<number>, o: number, out: Float64Array, darkSum = 0): void {
  const sum = rgb[o]! + rgb[o + 1]! + rgb[o + 2]!;
  const grey = Math.max(0, darkSum - sum) / 3;
  const total = Math.max(sum, darkSum, 1e-3);
  out[0] = (rgb[o]! + grey) / total;
  out[1] = (rgb[o + 1]! + grey) / total;
  out[2] = (rgb[o + 2]! + grey) / total;
}

const ka = new Float64Array(3);
const kb = new Float64Array(3);

/**
 * Chromaticity distance between two colours (rgb, any scale; read at offsets `ao`, `bo`).
 * @param darkSum colours darker than this sum of r, g and b (the colours' scale) are lifted to it with grey first.
 * @default 0 (none)
 */
export function chromaDistance(a: ArrayLike<number>, b: ArrayLike<number>, ao = 0, bo = 0, darkSum = 0): number {
  chroma(a, ao, ka, darkSum);
  chroma(b, bo, kb, darkSum);
  return Math.hypot(ka[0]! - kb[0]!, ka[1]! - kb[1]!, ka[2]! - kb[2]!);
}

/**
 * How far red must lead both green and blue, as a share of the three's sum, for a hand's sample to be skin. Skin of
 * every type reflects more red than green or blue (melanin and the blood's haemoglobin both absorb the short
 * wavelengths), so in a white-balanced picture red leads: on the shared pictures the most saturated sample of a hand
 * that is seen leads by 0.05 (a pale hand under warm light, COCO 536) to 0.22, where a hand the pose puts in front of a
 * back turned to the camera samples her jacket (blue or grey: red behind, the street frame).
 */
export const SKIN_RED_LEAD = 0.03;

/** Whether a colour (rgb, any scale, read at offset `o`) can be skin: red leads green and blue ({@link SKIN_RED_LEAD}). */
export function isSkinLike(rgb: ArrayLike<number>, o = 0): boolean {
  const r = rgb[o]!;
  const g = rgb[o + 1]!;
  const b = rgb[o + 2]!;
  return r - Math.max(g, b) >= SKIN_RED_LEAD * Math.max(r + g + b, 1e-3);
}

/** Saturation of a colour's chromaticity (0 for greys and whites). */
export function chromaSaturation(rgb: ArrayLike<number>, o = 0): number {
  chroma(rgb, o, ka);
  return Math.max(ka[0]!, ka[1]!, ka[2]!) - Math.min(ka[0]!, ka[1]!, ka[2]!);
}

/** The most saturated chromaticity bare skin takes (see {@link isBareSkin}). */
export const BARE_SKIN_MAX_SATURATION = 0.4;

/**
 * Whether a colour can be bare skin: red leads ({@link isSkinLike}), and it is no more saturated than skin gets (a red
 * or orange garment is: chromaticity saturation 0.45–0.6, where skin of every type measures 0.1–0.3).
 */
export function isBareSkin(c: ArrayLike<number>): boolean {
  return isSkinLike(c) && chromaSaturation(c) <= BARE_SKIN_MAX_SATURATION;
}
