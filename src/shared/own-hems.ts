import { ownLegHemEnds } from './own-leg-hems';
import { ownSleeveEnds } from './own-sleeves';
import type { RgbaPicture } from './picture-patch';
import type { NormalizedLandmark, OwnLegHems, OwnSleeves } from './pose';

/**
 * Where the shopper's own sleeves and shorts end, read off one frame's picture along the tracked limbs: what every
 * engine sends with a pose for a sender that draws a garment (PoseFrame `ownSleeves`, `ownLegHems`).
 */
export function ownHemsOf(picture: RgbaPicture, landmarks: readonly NormalizedLandmark[]): { ownSleeves: OwnSleeves; ownLegHems: OwnLegHems } {
  return { ownSleeves: ownSleeveEnds(picture, landmarks), ownLegHems: ownLegHemEnds(picture, landmarks) };
}
