import { LowPassFilter } from '../../shared/math/low-pass';
import type { OwnSleeves } from '../../shared/pose';

/**
 * Share of a new reading taken per pose frame: the own sleeve's end follows the picture within ≈ 3 frames but not its
 * frame-to-frame jitter (a reading moves by one of its twenty steps, ≈ 1.4 cm, as the arm swings and the hem flaps).
 */
const SLEEVE_END_SMOOTHING = 0.35;
/**
 * Pose frames an arm's last reading is kept through while it is not read (motion blur, a hand passing in front):
 * ≈ 0.2 s at 30 fps. Longer, and a sleeve rolled down or a jacket put on would keep the old length.
 */
const HOLD_FRAMES = 6;

/**
 * The shopper's own sleeves' ends (`PoseFrame.ownSleeves`) smoothed from frame to frame, per arm, for the 2D rig
 * (BodyInput.ownSleeves). Allocates nothing per frame.
 */
export class OwnSleeveTrack {
  private readonly filters = { left: new LowPassFilter(SLEEVE_END_SMOOTHING), right: new LowPassFilter(SLEEVE_END_SMOOTHING) };
  private readonly missed = { left: 0, right: 0 };
  /** The smoothed ends (read by the rig; rewritten in place). */
  readonly current: OwnSleeves = { left: null, right: null };

  /** One pose frame's reading; absent (an engine that does not read them) or null per arm: not read this frame. */
  push(reading: OwnSleeves | undefined): void {
    for (const side of ['left', 'right'] as const) {
      const value = reading?.[side] ?? null;
      const filter = this.filters[side];
      if (value !== null) {
        this.missed[side] = 0;
        this.current[side] = filter.apply(value);
      } else if (++this.missed[side] > HOLD_FRAMES) {
        filter.reset();
        this.current[side] = null;
      }
    }
  }

  /** Nobody tracked: the next reading starts afresh. */
  reset(): void {
    for (const side of ['left', 'right'] as const) {
      this.filters[side].reset();
      this.missed[side] = 0;
      this.current[side] = null;
    }
  }
}
