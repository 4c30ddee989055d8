/**
 * Where the shopper's own top ends over their bottoms, read from the camera picture down each side of the torso: a
 * worn top shorter than it (a hip-length tee over the mirror clip's long white T-shirt) leaves a band of the own top
 * showing under its hem, which the renderer hides (renderer/scene/own-top-cover-layer.ts). The person mask cannot say
 * where a top ends (top and shorts are both the person); colour can — the top's cloth above, the bottoms' below.
 *
 * The analogue of own-leg-hems.ts for the torso, with one difference: here both sides of the hem are cloth, often of
 * the same hue (a white tee over grey shorts), so samples are told apart by their colour's distance in RGB (lightness
 * included), not by chromaticity. Per side, on a line a quarter of the way in from the side (clear of an arm hanging
 * beside the body), the top is sampled on the belly and the bottoms on the thigh; walking down from the lower chest
 * to below the hips, the hem is where a run of the top's colour meets a run of the bottoms' with the strongest step
 * between the two colours: a shaded fold of a white tee reads as darker cloth for a sample or two, a lit patch of grey
 * shorts as lighter, each by part of that step. Skin (a fist in front of the belly) is neither and is stepped over.
 * A shaded fold as dark as the bottoms lying right on the hem cannot be told from them: the hem is read at the
 * fold's top (a fold ending 2 cm or more above the hem is told apart). No reading where top and bottoms are
 * alike (a dress, a black tee over black jeans: nothing would show either) or where no change is found (a top tucked
 * in, or longer than the walk).
 */
import { patchMean, type RgbaPicture } from './picture-patch';
import { isBareSkin } from './skin-chroma';
import { PoseLandmark as L, type NormalizedLandmark, type OwnTopHems } from './pose';

/** The least RGB distance (0–255 channels) between the top's and the bottoms' colours for the two to be told apart. */
export const OWN_TOP_MIN_CONTRAST = 40;
/**
 * How far in from each side the line is walked, a share of the way to the other side (at the shoulders and at the
 * hips): clear of an arm hanging beside the torso, and off the fly's seam in the middle.
 */
export const TORSO_LINE_INSET = 0.25;
/** Where the walk starts and ends, places on the line (0 shoulder height, 1 hip landmarks, 1 + s further on by s). */
export const OWN_TOP_HEM_FROM = 0.8;
export const OWN_TOP_HEM_TO = 1.45;
/**
 * Samples along the walk: one every ≈ 1.3 cm of a 50 cm torso, finer than a hem's band (its shadow and curl, 2 cm).
 */
const TORSO_SAMPLES = 26;
/** One step of the walk, in the line's places. */
export const OWN_TOP_HEM_STEP = (OWN_TOP_HEM_TO - OWN_TOP_HEM_FROM) / (TORSO_SAMPLES - 1);
/** Samples of each colour in a row on each side of the hem (one alone is a fold's shadow or a fleck of a print). */
const RUN = 2;
/** Where the top is sampled on the line: the belly, above any hem and below the chest's print. */
const BELLY_AT = [0.55, 0.65, 0.75] as const;
/**
 * Where the bottoms are sampled on the thigh, shares of hip → knee (≈ 8, 14 and 20 cm below the hip landmarks): the
 * one least like the top is taken, so a long top over the upper two (a longline tee to 1.3 of the torso) still
 * leaves the bottoms' colour to the lowest; above most shorts' hems.
 */
const THIGH_AT = [0.2, 0.35, 0.5] as const;
/** Half-size of the square each sample averages, as a share of the shoulders' breadth (≈ 1 cm; at least a pixel). */
const PATCH_OF_SHOULDERS = 0.03;

const SIDES = {
  left: { shoulder: L.leftShoulder, hip: L.leftHip, knee: L.leftKnee, otherShoulder: L.rightShoulder, otherHip: L.rightHip },
  right: { shoulder: L.rightShoulder, hip: L.rightHip, knee: L.rightKnee, otherShoulder: L.leftShoulder, otherHip: L.leftHip },
} as const;

type Rgb = [number, number, number];

function rgbDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Of three samples, the one closest to the other two (a fist or a fold in front of one of them is outvoted). */
function medoid(samples: Rgb[]): Rgb | null {
  if (samples.length === 0) return null;
  let best = samples[0]!;
  let bestSum = Infinity;
  for (const a of samples) {
    let sum = 0;
    for (const b of samples) sum += rgbDistance(a, b);
    if (sum < bestSum) {
      bestSum = sum;
      best = a;
    }
  }
  return best;
}

/**
 * The point at a place on one side's torso line (see the header), picture px. The line runs from
 * {@link TORSO_LINE_INSET} in from the shoulder to as far in from the hip landmark, and on past it.
 */
export function torsoLineAt(imagePx: (i: number) => readonly [number, number], side: 'left' | 'right', place: number): [number, number] {
  const s = SIDES[side];
  const [sx, sy] = imagePx(s.shoulder);
  const [ox, oy] = imagePx(s.otherShoulder);
  const [hx, hy] = imagePx(s.hip);
  const [px, py] = imagePx(s.otherHip);
  const tx = sx + TORSO_LINE_INSET * (ox - sx);
  const ty = sy + TORSO_LINE_INSET * (oy - sy);
  const bx = hx + TORSO_LINE_INSET * (px - hx);
  const by = hy + TORSO_LINE_INSET * (py - hy);
  return [tx + place * (bx - tx), ty + place * (by - ty)];
}

/**
 * The own top's hems of the tracked person (see the header), as places on each side's torso line — 0 at the
 * shoulders' height, 1 at the hip landmarks', 1 + s on by s of that length — or null where not read. Reads a few
 * hundred pixels.
 * @param picture RGBA pixels (borrowed).
 * @param landmarks the pose's 33 image landmarks, normalised to the picture (borrowed).
 */
export function ownTopHemEnds(picture: RgbaPicture, landmarks: readonly NormalizedLandmark[]): OwnTopHems {
  if (landmarks.length < 33) return { left: null, right: null };
  const px = (i: number): [number, number] => [landmarks[i]!.x * picture.widthPx, landmarks[i]!.y * picture.heightPx];
  const ls = px(L.leftShoulder);
  const rs = px(L.rightShoulder);
  const half = Math.max(1, Math.round(PATCH_OF_SHOULDERS * Math.hypot(ls[0] - rs[0], ls[1] - rs[1])));
  const read = (side: 'left' | 'right'): number | null => {
    const at = (place: number) => torsoLineAt(px, side, place);
    const top = medoid(BELLY_AT.map((p) => patchMean(picture, ...at(p), half)).filter((c): c is Rgb => c !== null));
    if (!top) return null;
    const [hx, hy] = px(SIDES[side].hip);
    const [kx, ky] = px(SIDES[side].knee);
    // The thigh's sample least like the top, skin left out where there is cloth (a hand on the thigh).
    const thigh = THIGH_AT.map((s) => patchMean(picture, hx + s * (kx - hx), hy + s * (ky - hy), half)).filter((c): c is Rgb => c !== null);
    const cloth = thigh.filter((c) => !isBareSkin(c));
    let bottom: Rgb | null = null;
    for (const c of cloth.length > 0 ? cloth : thigh) if (!bottom || rgbDistance(c, top) > rgbDistance(bottom, top)) bottom = c;
    if (!bottom || rgbDistance(top, bottom) < OWN_TOP_MIN_CONTRAST) return null;
    // Each sample's colour and class down the walk: 1 the top's colour, -1 the bottoms'. Skin (a fist in front of the
    // belly) and points off the picture are left out.
    // (Unless the top or the bottoms are of skin's hue themselves: then skin cannot be told from them.)
    const skinIsCloth = isBareSkin(bottom) || isBareSkin(top);
    const colours: Rgb[] = [];
    const classes: number[] = [];
    const places: number[] = [];
    for (let i = 0; i < TORSO_SAMPLES; i++) {
      const place = OWN_TOP_HEM_FROM + i * OWN_TOP_HEM_STEP;
      const c = patchMean(picture, ...at(place), half);
      if (!c || (!skinIsCloth && isBareSkin(c))) continue;
      colours.push(c);
      classes.push(rgbDistance(c, top) < rgbDistance(c, bottom) ? 1 : -1);
      places.push(place);
    }
    // Of the changes from a run of the top's colour to a run of the bottoms', the strongest: the step from the top's
    // colour to the bottoms' across it, measured along top → bottoms. A shaded fold of the top or a lit patch of the
    // shorts changes the class too, but only by part of that step.
    const dir: Rgb = [top[0] - bottom[0], top[1] - bottom[1], top[2] - bottom[2]];
    const norm = Math.hypot(...dir);
    let best = 0;
    let hem: number | null = null;
    for (let i = RUN; i + RUN <= classes.length; i++) {
      let step = 0;
      for (let k = 0; k < RUN; k++) {
        if (classes[i - 1 - k] !== 1 || classes[i + k] !== -1) {
          step = -Infinity;
          break;
        }
        const a = colours[i - 1 - k]!;
        const b = colours[i + k]!;
        step += ((a[0] - b[0]) * dir[0] + (a[1] - b[1]) * dir[1] + (a[2] - b[2]) * dir[2]) / norm / RUN;
      }
      // The hem lies half a step above the first sample of the bottoms (where skin was stepped over between the two, a
      // fist resting on the hem, that is its lowest place: read too low, the cover only carries the bottoms up from a
      // little further down; too high, it would leave a strip of the top).
      if (step > best) {
        best = step;
        hem = places[i]! - 0.5 * OWN_TOP_HEM_STEP;
      }
    }
    return hem;
  };
  return { left: read('left'), right: read('right') };
}
