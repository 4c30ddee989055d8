/**
 * Where the shopper's own sleeves end on their upper arms, read from the camera picture along the tracked arm: a worn
 * garment's short sleeve that ends above the shopper's own sleeve leaves a band of their own T-shirt showing under it
 * (the mirror clip: his white sleeve's hem under a navy tee's sleeve on both arms). The person mask cannot say where
 * a sleeve ends (sleeve and arm are both the person); colour can — the own top's cloth above, bare skin below.
 *
 * Per arm, colours are compared by chromaticity (shading barely changes it, as the occluder's key does): the own
 * top's from the chest, the skin's from the forearm. Walking down the arm's line from shoulder to elbow, the sleeve
 * ends where the first run of skin starts after a run of the top's cloth. No reading where the forearm shows no
 * skin (a long sleeve, a glove, the arm out of the picture), where skin and top are alike (a beige top), or where no
 * cloth is seen on the upper arm (sleeveless).
 */
import { patchMean, type RgbaPicture } from './picture-patch';
import { chromaDistance, chromaSaturation, isBareSkin } from './skin-chroma';
import { PoseLandmark as L, type NormalizedLandmark, type OwnSleeves } from './pose';

/** The least chromaticity distance between the top's and the skin's colours for the two to be told apart. */
export const OWN_SLEEVE_MIN_CONTRAST = 0.05;
/**
 * Samples down the arm's line, from {@link OWN_SLEEVE_FROM} of the way from the shoulder to the elbow. Twenty: one
 * every ≈ 1.4 cm of a 28 cm upper arm, finer than a sleeve's hem band (2–3 cm).
 */
const ARM_SAMPLES = 20;
/**
 * Where the walk starts: a little below the shoulder joint, past the shoulder's top where a collar, hair or the
 * strap of a bag lie.
 */
export const OWN_SLEEVE_FROM = 0.1;
/** One step of the walk, a share of shoulder → elbow. */
const ARM_STEP = (1 - OWN_SLEEVE_FROM) / (ARM_SAMPLES - 1);
/** Skin samples in a row that end the sleeve (one is a highlight on the cloth, a fleck of the print). */
const SKIN_RUN = 2;
/** Cloth samples needed above the end for a sleeve to count (fewer: a sleeveless top, a strap). */
const CLOTH_RUN = 2;
/** Where the skin is sampled on the forearm, shares of elbow → wrist: clear of the sleeve's hem and of the hand. */
const FOREARM_AT = [0.35, 0.5, 0.65] as const;
/** Where the own top is sampled on the torso: shares across the shoulders (from the left) and down to the hips. */
const CHEST_AT: ReadonlyArray<readonly [number, number]> = [
  [1 / 3, 0.25],
  [2 / 3, 0.25],
  [1 / 3, 0.5],
  [2 / 3, 0.5],
];
/** Half-size of the square each sample averages, as a share of the shoulders' breadth (≈ 1 cm; at least a pixel). */
const PATCH_OF_SHOULDERS = 0.03;

const ARMS = {
  left: { shoulder: L.leftShoulder, elbow: L.leftElbow, wrist: L.leftWrist },
  right: { shoulder: L.rightShoulder, elbow: L.rightElbow, wrist: L.rightWrist },
} as const;


/**
 * The own sleeves' ends of the tracked person (see the header), as shares of each arm's shoulder → elbow, or null
 * where not read. Reads a few hundred pixels; allocates a few small arrays.
 * @param landmarks the pose's 33 image landmarks, normalised to the picture (borrowed).
 */
export function ownSleeveEnds(picture: RgbaPicture, landmarks: readonly NormalizedLandmark[]): OwnSleeves {
  if (landmarks.length < 33) return { left: null, right: null };
  const px = (i: number): [number, number] => [landmarks[i]!.x * picture.widthPx, landmarks[i]!.y * picture.heightPx];
  const ls = px(L.leftShoulder);
  const rs = px(L.rightShoulder);
  const lh = px(L.leftHip);
  const rh = px(L.rightHip);
  const breadthPx = Math.hypot(ls[0] - rs[0], ls[1] - rs[1]);
  const half = Math.max(1, Math.round(PATCH_OF_SHOULDERS * breadthPx));
  const chest = CHEST_AT.map(([a, d]) => {
    const tx = rs[0] + a * (ls[0] - rs[0]);
    const ty = rs[1] + a * (ls[1] - rs[1]);
    const bx = rh[0] + a * (lh[0] - rh[0]);
    const by = rh[1] + a * (lh[1] - rh[1]);
    return patchMean(picture, tx + d * (bx - tx), ty + d * (by - ty), half);
  });
  const read = (side: 'left' | 'right'): number | null => {
    const arm = ARMS[side];
    const [sx, sy] = px(arm.shoulder);
    const [ex, ey] = px(arm.elbow);
    const [wx, wy] = px(arm.wrist);
    // The forearm's most saturated sample that can be skin (a sample off the arm is the room or the shirt: greyer).
    let skin: [number, number, number] | null = null;
    for (const f of FOREARM_AT) {
      const c = patchMean(picture, ex + f * (wx - ex), ey + f * (wy - ey), half);
      if (c && isBareSkin(c) && (!skin || chromaSaturation(c) > chromaSaturation(skin))) skin = c;
    }
    if (!skin) return null;
    // The chest's sample least like that skin: a forearm across the chest covers some samples, never all.
    let top: [number, number, number] | null = null;
    for (const c of chest) if (c && (!top || chromaDistance(c, skin) > chromaDistance(top, skin))) top = c;
    if (!top || chromaDistance(top, skin) < OWN_SLEEVE_MIN_CONTRAST) return null;
    let cloth = 0;
    let skinRun = 0;
    for (let i = 0; i < ARM_SAMPLES; i++) {
      const t = OWN_SLEEVE_FROM + i * ARM_STEP;
      const c = patchMean(picture, sx + t * (ex - sx), sy + t * (ey - sy), half);
      if (!c) return null;
      if (isBareSkin(c) && chromaDistance(c, skin) < chromaDistance(c, top)) {
        skinRun++;
        // The end lies half a step above the run's first sample.
        if (skinRun === SKIN_RUN) return cloth >= CLOTH_RUN ? Math.max(OWN_SLEEVE_FROM, t - (SKIN_RUN - 0.5) * ARM_STEP) : null;
      } else {
        // Skin seen before the sleeve's cloth is a strap's gap or a bare shoulder: the count starts again.
        if (skinRun > 0 && cloth < CLOTH_RUN) cloth = 0;
        skinRun = 0;
        cloth++;
      }
    }
    // Cloth down to the elbow: the own sleeve reaches it (a short sleeve's own that ends at or below the elbow).
    return cloth >= CLOTH_RUN ? 1 : null;
  };
  return { left: read('left'), right: read('right') };
}
