import { BOTTOM_SAMPLES, CLOTH_SAMPLES, isOutlineBlend, OUTLINE_BLEND_DIRECTIONS, OUTLINE_BLEND_REACH_PX, FACE_SAMPLES, KEY_GRADIENT_STEP_PX, OWN_TOP_PATH_SAMPLES, OWN_TOP_VOTE_SAMPLES, SKIN_SAMPLES, armKeyVote, featheredKey, guidedKeyMargin, KEY_GUIDE_SAMPLES, keyLuma, keyLumaGuide, keyReferences, occlusionKeyMargin, occlusionKeyWeight, ownTopAlpha, ownTopClothWeight, ownTopKeyWeight, ownTopVote, ownTopWithPath, ownTopEdgeAlpha, personMaskAlpha, regionAt, smoothstep, type OcclusionRegions } from './occlusion-regions';
import { chromaSaturation } from '../../shared/skin-chroma';

/**
 * The own-top key's final weight at one camera pixel, as the occluder shader computes it for region 3 (the shopper's
 * own top over a worn bottom's waistband): 1 redraws the camera picture over the bottom garment, 0 leaves the
 * garment; 0 outside the region (with its soft edge, {@link ownTopEdgeAlpha}). The shader is the one the mirror runs; this is its reference on the CPU, for tests.
 * @param rgba the camera picture, RGBA rows top first, `widthPx` × `heightPx` (borrowed, not kept).
 * @param isPerson whether the person mask says "person" at a camera pixel.
 */
export function ownTopWeightAt(
  rgba: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
  isPerson: (xPx: number, yPx: number) => boolean,
  regions: OcclusionRegions,
  xPx: number,
  yPx: number,
): number {
  // A sample counts where it is in the picture and on the person (the shader's seenOnPerson).
  const seen = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < widthPx && y < heightPx && isPerson(x, y);
  if (!(ownTopEdgeAlpha(regions, xPx, yPx) > 0) || !seen(xPx, yPx)) return 0;
  const at = (x: number, y: number): [number, number, number] => {
    const cx = Math.min(widthPx - 1, Math.max(0, Math.round(x)));
    const cy = Math.min(heightPx - 1, Math.max(0, Math.round(y)));
    const o = 4 * (cy * widthPx + cx);
    return [rgba[o]!, rgba[o + 1]!, rgba[o + 2]!];
  };
  const sample = (k: number): [number, number, number] => at(regions.samplesPx[2 * k]!, regions.samplesPx[2 * k + 1]!);
  // The face's most saturated sample is the skin; the torso's and the thighs' samples the top's and bottom's colours.
  let skin = sample(2 * SKIN_SAMPLES);
  for (let i = 1; i < FACE_SAMPLES; i++) {
    const c = sample(2 * SKIN_SAMPLES + i);
    if (chromaSaturation(c) > chromaSaturation(skin)) skin = c;
  }
  const tops = Array.from({ length: CLOTH_SAMPLES }, (_, i) => sample(2 * SKIN_SAMPLES + FACE_SAMPLES + i));
  // The own bottom's samples off the picture or off the person are no reference: with none, all of the person above
  // the hip line is their top.
  const bottoms: Array<[number, number, number]> = [];
  for (let i = 0; i < BOTTOM_SAMPLES; i++) {
    const k = 2 * SKIN_SAMPLES + FACE_SAMPLES + CLOTH_SAMPLES + i;
    if (seen(regions.samplesPx[2 * k]!, regions.samplesPx[2 * k + 1]!)) bottoms.push(sample(k));
  }
  const key = (x: number, y: number): number => ownTopKeyWeight(at(x, y), skin, tops, bottoms);
  const ring: number[] = [];
  for (let i = 0; i < OWN_TOP_VOTE_SAMPLES; i++) {
    const a = (2 * Math.PI * i) / OWN_TOP_VOTE_SAMPLES;
    const qx = xPx + regions.ownTopVoteRadiusPx * Math.cos(a);
    const qy = yPx + regions.ownTopVoteRadiusPx * Math.sin(a);
    if (seen(qx, qy)) ring.push(key(qx, qy));
  }
  // The samples from the pixel to the line through the hip line's centre across (dx, dy), a unit vector.
  const t = regions.ownTopLine;
  const along = (dx: number, dy: number): number[] => {
    const lengthPx = (xPx - t[0]!) * dx + (yPx - t[1]!) * dy;
    const out: number[] = [];
    for (let i = 0; i < OWN_TOP_PATH_SAMPLES; i++) {
      const qx = xPx - (lengthPx * (i + 0.5) * dx) / OWN_TOP_PATH_SAMPLES;
      const qy = yPx - (lengthPx * (i + 0.5) * dy) / OWN_TOP_PATH_SAMPLES;
      if (seen(qx, qy)) out.push(ownTopClothWeight(at(qx, qy), skin, tops, bottoms));
    }
    return out;
  };
  // Down to the hip line: the top's cloth between the pixel and its hem puts the pixel inside the top. Across to the
  // body's middle line at the pixel's height: the top's cloth there puts the pixel above the top's hem.
  return ownTopWithPath(ownTopWithPath(ownTopVote(key(xPx, yPx), ring), along(t[2]!, t[3]!)), along(-t[3]!, t[2]!));
}

/**
 * The camera picture's colour at a point as the occluder shader's `videoAt` reads it: bilinear between pixel
 * centres (pixel (i, j) covers [i, i + 1) × [j, j + 1), so its centre is at i + 0.5), clamped at the edges.
 * @param rgba RGBA rows top first, `widthPx` × `heightPx` (borrowed). @returns rgb, 0..255 (a new array).
 */
export function cameraRgbAt(rgba: ArrayLike<number>, widthPx: number, heightPx: number, xPx: number, yPx: number): [number, number, number] {
  const u = Math.min(widthPx - 1, Math.max(0, xPx - 0.5));
  const v = Math.min(heightPx - 1, Math.max(0, yPx - 0.5));
  const x0 = Math.min(widthPx - 2, Math.floor(u));
  const y0 = Math.min(heightPx - 2, Math.floor(v));
  const fx = u - x0;
  const fy = v - y0;
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const o = 4 * (y0 * widthPx + x0) + c;
    const top = rgba[o]! + fx * (rgba[o + 4]! - rgba[o]!);
    const bottom = rgba[o + 4 * widthPx]! + fx * (rgba[o + 4 * widthPx + 4]! - rgba[o + 4 * widthPx]!);
    out[c] = top + fy * (bottom - top);
  }
  return out;
}

/**
 * The hands', forearms' and chin's key at a point of region `region` (0 left arm, 1 right arm, 2 head below the
 * mouth), as the occluder shader computes its alpha there: the feathered key ({@link featheredKey}) on the picture
 * sampled bilinearly ({@link cameraRgbAt}), then its ring vote ({@link armKeyVote}). The point is in camera pixels,
 * continuous (a pixel's centre is at +0.5; a screen pixel of the mirror lands between them); the caller knows it is
 * in that region. Same other parameters as {@link ownTopWeightAt}.
 */
export function armKeyWeightAt(
  rgba: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
  isPerson: (xPx: number, yPx: number) => boolean,
  regions: OcclusionRegions,
  region: 0 | 1 | 2,
  xPx: number,
  yPx: number,
): number {
  const seen = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < widthPx && y < heightPx && isPerson(x, y);
  if (!seen(xPx, yPx)) return 0;
  const skin = new Float64Array(3);
  const cloth = new Float64Array(3);
  if (!keyReferences(rgba, widthPx, regions, region, skin, cloth)) return 0;
  // The hands and forearms: the camera's blend across the shopper's outline is not in front (isOutlineBlend).
  if (region !== 2 && regions.outlineBlends) {
    const pixel = cameraRgbAt(rgba, widthPx, heightPx, xPx, yPx);
    for (const [ux, uy] of OUTLINE_BLEND_DIRECTIONS) {
      const ax = xPx - OUTLINE_BLEND_REACH_PX * ux;
      const ay = yPx - OUTLINE_BLEND_REACH_PX * uy;
      const bx = xPx + OUTLINE_BLEND_REACH_PX * ux;
      const by = yPx + OUTLINE_BLEND_REACH_PX * uy;
      const a = cameraRgbAt(rgba, widthPx, heightPx, ax, ay);
      const b = cameraRgbAt(rgba, widthPx, heightPx, bx, by);
      const aOn = seen(ax, ay);
      if (isOutlineBlend(pixel, a, b, aOn, seen(bx, by), occlusionKeyWeight(aOn ? a : b, skin, cloth))) return 0;
    }
  }
  const centre = guidedFeatheredKey(rgba, widthPx, heightPx, skin, cloth, xPx, yPx);
  if (!(regions.armVoteRadiusPx > 0)) return centre;
  const ring: number[] = [];
  for (let i = 0; i < OWN_TOP_VOTE_SAMPLES; i++) {
    const a = (2 * Math.PI * i) / OWN_TOP_VOTE_SAMPLES;
    const qx = xPx + regions.armVoteRadiusPx * Math.cos(a);
    const qy = yPx + regions.armVoteRadiusPx * Math.sin(a);
    if (seen(qx, qy)) ring.push(occlusionKeyWeight(cameraRgbAt(rgba, widthPx, heightPx, qx, qy), skin, cloth));
  }
  return armKeyVote(centre, ring);
}

/**
 * The feathered key ({@link featheredKey}) at a point with its margins guided by the picture's luma
 * ({@link keyLumaGuide}: the window is the point and its eight neighbours a camera pixel away), as the occluder
 * shader's `featheredKeyAt`. `skin`, `cloth`: the region's references, rgb 0..255 (borrowed).
 */
export function guidedFeatheredKey(
  rgba: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
  skin: ArrayLike<number>,
  cloth: ArrayLike<number>,
  xPx: number,
  yPx: number,
): number {
  const lumas = new Float64Array(KEY_GUIDE_SAMPLES);
  const margins = new Float64Array(KEY_GUIDE_SAMPLES);
  for (let i = 0; i < KEY_GUIDE_SAMPLES; i++) {
    // The point first (the guide's sums are taken about its luma), then its neighbours row by row.
    const k = (i + 4) % 9;
    const rgb = cameraRgbAt(rgba, widthPx, heightPx, xPx + (k % 3) - 1, yPx + Math.floor(k / 3) - 1);
    lumas[i] = keyLuma(rgb, 255);
    margins[i] = occlusionKeyMargin(rgb, skin, cloth);
  }
  const guide = keyLumaGuide(lumas, margins, new Float64Array(3));
  const margin = (x: number, y: number): number => {
    const rgb = cameraRgbAt(rgba, widthPx, heightPx, x, y);
    return guidedKeyMargin(guide, keyLuma(rgb, 255), occlusionKeyMargin(rgb, skin, cloth));
  };
  const h = KEY_GRADIENT_STEP_PX;
  return featheredKey(margin(xPx, yPx), margin(xPx + h, yPx), margin(xPx - h, yPx), margin(xPx, yPx + h), margin(xPx, yPx - h));
}

/**
 * All the occluder draws at a point, 0..1, as its shader computes it on the mirror (the alpha the camera picture is
 * blended over the garment with): the region there ({@link regionAt}, its outline's soft edge and the neck's), its
 * key — the own top's ({@link ownTopWeightAt}, through its 0.5–0.75 ramp), the arms' and chin's
 * ({@link armKeyWeightAt}), or 1 on the head above the mouth line — and the person mask's soft edge
 * ({@link personMaskAlpha}; off the person the own top's region draws the picture, {@link ownTopAlpha}). Same parameters as {@link armKeyWeightAt}, with the mask's value at a point, 0..1.
 */
export function occluderAlphaAt(
  rgba: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
  maskAt: (xPx: number, yPx: number) => number,
  regions: OcclusionRegions,
  xPx: number,
  yPx: number,
): number {
  const at = regionAt(regions, xPx, yPx);
  const region = at.region;
  if (region === -1) return 0;
  const person = personMaskAlpha(maskAt(xPx, yPx));
  // The keys' samples count where the mask says "person"; the point itself is keyed wherever it is drawn at all.
  const isPerson = (x: number, y: number): boolean => (x === xPx && y === yPx) || maskAt(x, y) >= 0.5;
  if (region === 3) {
    const weight = person > 0 ? ownTopWeightAt(rgba, widthPx, heightPx, isPerson, regions, xPx, yPx) : 0;
    return ownTopAlpha(weight < 0.5 ? 0 : smoothstep(0.5, 0.75, weight), person) * at.alpha;
  }
  if (!(person > 0)) return 0;
  let key = 1;
  if (region !== 2 || yPx > regions.mouthYPx) {
    key = armKeyWeightAt(rgba, widthPx, heightPx, isPerson, regions, region, xPx, yPx);
  }
  return key * at.alpha * person;
}
