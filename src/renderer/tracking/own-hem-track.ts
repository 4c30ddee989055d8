import { LowPassFilter } from '../../shared/math/low-pass';

/** A reading per side of where the shopper's own clothes end (PoseFrame `ownSleeves`, `ownLegHems`); null: not read. */
export interface PerSide {
  left: number | null;
  right: number | null;
}

/**
 * Share of a new reading taken per pose frame: the own hem follows the picture within ≈ 3 frames but not its
 * frame-to-frame jitter (a reading moves by one of its steps, ≈ 1.4 cm, as a limb swings and the hem flaps).
 */
const HEM_SMOOTHING = 0.35;
/**
 * Pose frames a side's last reading is kept through while it is not read (motion blur, a hand passing in front):
 * ≈ 0.2 s at 30 fps. Longer, and a sleeve rolled down or a jacket put on would keep the old length.
 */
const HOLD_FRAMES = 6;

/**
 * Where the shopper's own sleeves or shorts end, smoothed from frame to frame, per side: the sleeves for the 2D rig
 * (BodyInput.ownSleeves), the legs for the cover of their own shorts under a shorter bottom (OwnHemCoverLayer).
 * Allocates nothing per frame.
 */
export class OwnHemTrack {
  private readonly filters = { left: new LowPassFilter(HEM_SMOOTHING), right: new LowPassFilter(HEM_SMOOTHING) };
  private readonly missed = { left: 0, right: 0 };
  /** The smoothed readings (rewritten in place). */
  readonly current: PerSide = { left: null, right: null };

  /** One pose frame's reading; absent (an engine that does not read them) or null per side: not read this frame. */
  push(reading: PerSide | undefined): void {
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
