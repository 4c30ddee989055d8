import { PoseLandmark, type NormalizedLandmark } from '../../shared/pose';

/**
 * Is the shopper's back to the mirror? Read as the garment layer reads it: seen from the front, the wearer's left
 * shoulder is on the image's right; turned around, the order flips. Both states must hold for `settleMs` before
 * they count, so a shoulder swap from tracking noise while standing sideways does not flip it.
 */
export class FacingTracker {
  facingAway = false;
  private candidate = false;
  private sinceMs = 0;

  constructor(
    /** @default 400 */
    private readonly settleMs = 400,
  ) {}

  /** One pose frame's image landmarks (borrowed). Returns whether the back is turned. */
  update(landmarks: readonly NormalizedLandmark[], nowMs: number): boolean {
    if (landmarks.length < 33) return this.facingAway;
    const away = landmarks[PoseLandmark.leftShoulder]!.x < landmarks[PoseLandmark.rightShoulder]!.x;
    if (away !== this.candidate) {
      this.candidate = away;
      this.sinceMs = nowMs;
    }
    if (this.candidate !== this.facingAway && nowMs - this.sinceMs >= this.settleMs) this.facingAway = this.candidate;
    return this.facingAway;
  }

  reset(): void {
    this.facingAway = false;
    this.candidate = false;
  }
}
