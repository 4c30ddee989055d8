/**
 * Where the shopper's own shorts (or skirt) end on their legs, read from the camera picture along the tracked leg: a
 * worn garment that ends above the own hem (Bermuda shorts over the mirror clip's grey shorts) leaves a band of the
 * own shorts showing under it, which the renderer hides. The person mask cannot say where shorts end (shorts and leg
 * are both the person); colour can — the own shorts' cloth above, bare skin below.
 *
 * The analogue of src/shared/own-sleeves.ts for legs. Per leg, colours are compared by chromaticity: the skin's from
 * the shin, the shorts' from the same leg's thigh. Walking down the leg's landmark path from the thigh onto the shin,
 * the shorts end where the first run of skin starts after a run of their cloth. No reading where the shin shows no
 * skin (trousers, tights, socks, the leg out of the picture), where skin and shorts are alike (beige shorts, bare
 * thighs), or where the cloth goes on past the walk's end (trousers, a long skirt: further than any short garment
 * would be stretched to).
 */
import { patchMean, type RgbaPicture } from './picture-patch';
import { chromaDistance, chromaSaturation, isBareSkin } from './skin-chroma';
import { PoseLandmark as L, type NormalizedLandmark, type OwnLegHems } from './pose';

/** The least chromaticity distance between the shorts' and the skin's colours for the two to be told apart. */
export const OWN_LEG_HEM_MIN_CONTRAST = 0.05;
/**
 * Where the walk starts, a share of hip → knee: below the crotch, where the other thigh, a hand in a pocket or the
 * top's hem lie, and above any shorts' hem.
 */
export const OWN_LEG_HEM_FROM = 0.3;
/**
 * Where the walk ends: 1 + this share of knee → ankle. Cloth past it is trousers or a long skirt, not shorts a worn
 * garment's hem could end above.
 */
const SHIN_TO = 0.4;
/**
 * Samples along the leg path, from {@link OWN_LEG_HEM_FROM} of hip → knee to {@link SHIN_TO} of knee → ankle.
 * Twenty-four: one every ≈ 1.8 cm of a 38 cm thigh and 1.4 cm of a 30 cm shin (the mirror clip's), finer than a hem's
 * band.
 */
const LEG_SAMPLES = 24;
/** One step of the walk, in the path's places (a share of hip → knee on the thigh, of knee → ankle on the shin). */
const LEG_STEP = (1 + SHIN_TO - OWN_LEG_HEM_FROM) / (LEG_SAMPLES - 1);
/** Skin samples in a row that end the shorts (one is a highlight on the cloth, a fleck of the print). */
const SKIN_RUN = 2;
/** Cloth samples needed above the end for shorts to count (fewer: a hand or the top's hem over bare thighs). */
const CLOTH_RUN = 2;
/** Where the skin is sampled on the shin, shares of knee → ankle: clear of a knee-length hem and of a sock. */
const SHIN_AT = [0.45, 0.6, 0.75] as const;
/** Where the shorts are sampled on the thigh, shares of hip → knee: above any shorts' hem. */
const THIGH_AT = [0.15, 0.25, 0.35] as const;
/** Half-size of the square each sample averages, as a share of the shoulders' breadth (≈ 1 cm; at least a pixel). */
const PATCH_OF_SHOULDERS = 0.03;

const LEGS = {
  left: { hip: L.leftHip, knee: L.leftKnee, ankle: L.leftAnkle },
  right: { hip: L.rightHip, knee: L.rightKnee, ankle: L.rightAnkle },
} as const;


/**
 * The own shorts' hems of the tracked person (see the header), as places on each leg's path — 0 at the hip landmark,
 * 1 at the knee, 1 + s at share s of knee → ankle — or null where not read. Reads a few hundred pixels; allocates a
 * few small arrays.
 * @param picture RGBA pixels (borrowed).
 * @param landmarks the pose's 33 image landmarks, normalised to the picture (borrowed).
 */
export function ownLegHemEnds(picture: RgbaPicture, landmarks: readonly NormalizedLandmark[]): OwnLegHems {
  if (landmarks.length < 33) return { left: null, right: null };
  const px = (i: number): [number, number] => [landmarks[i]!.x * picture.widthPx, landmarks[i]!.y * picture.heightPx];
  const ls = px(L.leftShoulder);
  const rs = px(L.rightShoulder);
  const breadthPx = Math.hypot(ls[0] - rs[0], ls[1] - rs[1]);
  const half = Math.max(1, Math.round(PATCH_OF_SHOULDERS * breadthPx));
  const read = (side: 'left' | 'right'): number | null => {
    const leg = LEGS[side];
    const [hx, hy] = px(leg.hip);
    const [kx, ky] = px(leg.knee);
    const [ax, ay] = px(leg.ankle);
    // The picture's point at a place on the path (0 hip, 1 knee, 2 ankle).
    const at = (place: number): [number, number] =>
      place <= 1 ? [hx + place * (kx - hx), hy + place * (ky - hy)] : [kx + (place - 1) * (ax - kx), ky + (place - 1) * (ay - ky)];
    // The shin's most saturated sample that can be skin (a sample off the leg is the room or the floor: greyer).
    let skin: [number, number, number] | null = null;
    for (const s of SHIN_AT) {
      const c = patchMean(picture, ...at(1 + s), half);
      if (c && isBareSkin(c) && (!skin || chromaSaturation(c) > chromaSaturation(skin))) skin = c;
    }
    if (!skin) return null;
    // The thigh's sample least like that skin: a hand on the thigh covers one sample, never all.
    let cloth: [number, number, number] | null = null;
    for (const s of THIGH_AT) {
      const c = patchMean(picture, ...at(s), half);
      if (c && (!cloth || chromaDistance(c, skin) > chromaDistance(cloth, skin))) cloth = c;
    }
    if (!cloth || chromaDistance(cloth, skin) < OWN_LEG_HEM_MIN_CONTRAST) return null;
    let clothRun = 0;
    let skinRun = 0;
    for (let i = 0; i < LEG_SAMPLES; i++) {
      const place = OWN_LEG_HEM_FROM + i * LEG_STEP;
      const c = patchMean(picture, ...at(place), half);
      if (!c) return null;
      if (isBareSkin(c) && chromaDistance(c, skin) < chromaDistance(c, cloth)) {
        skinRun++;
        // The hem lies half a step above the run's first sample.
        if (skinRun === SKIN_RUN && clothRun >= CLOTH_RUN) return place - (SKIN_RUN - 0.5) * LEG_STEP;
      } else {
        // Skin seen before the shorts' cloth is a bare thigh under a short skirt's slit or a hand: the count starts again.
        if (skinRun > 0 && clothRun < CLOTH_RUN) clothRun = 0;
        skinRun = 0;
        clothRun++;
      }
    }
    // Cloth past the walk's end, or no cloth at all: trousers, a long skirt, bare legs.
    return null;
  };
  return { left: read('left'), right: read('right') };
}
