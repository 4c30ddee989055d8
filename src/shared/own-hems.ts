import { ownLegHemEnds } from './own-leg-hems';
import { ownSleeveEnds } from './own-sleeves';
import { ownTopHemEnds } from './own-top-hems';
import type { RgbaPicture } from './picture-patch';
import type { NormalizedLandmark, OwnLegHems, OwnSleeves, OwnTopHems } from './pose';

/**
 * Where the shopper's own sleeves, top and shorts end, read off one frame's picture along the tracked limbs: what every
 * engine sends with a pose for a sender that draws a garment (PoseFrame `ownSleeves`, `ownTopHems`, `ownLegHems`).
 */
export function ownHemsOf(picture: RgbaPicture, landmarks: readonly NormalizedLandmark[]): { ownSleeves: OwnSleeves; ownTopHems: OwnTopHems; ownLegHems: OwnLegHems } {
  return { ownSleeves: ownSleeveEnds(picture, landmarks), ownTopHems: ownTopHemEnds(picture, landmarks), ownLegHems: ownLegHemEnds(picture, landmarks) };
}
