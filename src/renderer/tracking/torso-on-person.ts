import type { PersonMaskInput } from '../garment/leg-silhouette';
import { PersonMaskSampler } from '../../shared/person-mask-at';
import { PoseLandmark as L } from '../../shared/pose';

/**
 * A pose whose torso is not on the person is no body to hang a garment on. On COCO 488 (an umpire crouched behind a
 * catcher) BlazePose's landmarks mix the two: the torso between its shoulders and hips lies on the umpire's person
 * mask at only 14 of 25 points, and every garment came out as a crumpled sheet across both men. On every sixth frame
 * of the mirror clip and of the street video, and on every other shared photo, all 25 points are on the person (COCO
 * 428: the 10 in the picture). The garments are not drawn on such a pose (the mirror shows the shopper as they are
 * until the pose fits them again), rather than drawn wrong.
 */

/** The torso's points as shares of the way across (shoulder to shoulder, hip to hip) and down (shoulders to hips). */
const GRID = [0.15, 0.325, 0.5, 0.675, 0.85] as const;
/** The least number of those points in the picture and inside the mask's square for a judgement. */
const MIN_JUDGED = 8;
/**
 * The share of the torso's points on the person under which the garments are hidden, and at or above which they are
 * drawn again: between the two the last frame's choice holds, so a pose on the edge does not flicker.
 */
export const TORSO_ON_PERSON_TO_HIDE = 0.7;
export const TORSO_ON_PERSON_TO_SHOW = 0.85;
/** A mask value at or over this reads as the person (the 0.5 the renderer's shaders use). */
const PERSON_OF_255 = 128;

/** Whether the pose's torso lies on the person mask, frame by frame, with hysteresis. Allocation-free per frame. */
export class TorsoOnPerson {
  /** Whether garments may be hung on the pose (the last {@link check}'s answer). */
  onPerson = true;
  /** The share of the torso's judged points on the person at the last check; NaN when it could not judge. */
  share = Number.NaN;
  private sampler: PersonMaskSampler | null = null;

  /** Forgets the last frame's choice (a new person, or nobody). */
  reset(): void {
    this.onPerson = true;
    this.share = Number.NaN;
  }

  /**
   * @param landmarksPx 33 landmarks, camera px, interleaved x, y (borrowed).
   * @param personMask the person mask and its frame; null: nothing is judged and the garments are drawn.
   * @returns whether garments may be hung on this pose.
   */
  check(landmarksPx: ArrayLike<number>, personMask: PersonMaskInput | null): boolean {
    this.share = Number.NaN;
    if (!personMask) return (this.onPerson = true);
    if (this.sampler?.mask !== personMask.mask) this.sampler = new PersonMaskSampler(personMask.mask);
    const sampler = this.sampler;
    const { frameWidthPx: w, frameHeightPx: h } = personMask;
    const lm = landmarksPx;
    let judged = 0;
    let on = 0;
    for (const across of GRID) {
      const topX = lm[2 * L.leftShoulder]! + across * (lm[2 * L.rightShoulder]! - lm[2 * L.leftShoulder]!);
      const topY = lm[2 * L.leftShoulder + 1]! + across * (lm[2 * L.rightShoulder + 1]! - lm[2 * L.leftShoulder + 1]!);
      const bottomX = lm[2 * L.leftHip]! + across * (lm[2 * L.rightHip]! - lm[2 * L.leftHip]!);
      const bottomY = lm[2 * L.leftHip + 1]! + across * (lm[2 * L.rightHip + 1]! - lm[2 * L.leftHip + 1]!);
      for (const down of GRID) {
        const x = topX + down * (bottomX - topX);
        const y = topY + down * (bottomY - topY);
        const value = sampler.judgedAt(x, y, w, h);
        if (Number.isNaN(value)) continue;
        judged++;
        if (value >= PERSON_OF_255) on++;
      }
    }
    if (judged < MIN_JUDGED) return this.onPerson;
    this.share = on / judged;
    if (this.share < TORSO_ON_PERSON_TO_HIDE) this.onPerson = false;
    else if (this.share >= TORSO_ON_PERSON_TO_SHOW) this.onPerson = true;
    return this.onPerson;
  }
}
