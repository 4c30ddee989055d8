import type { NormalizedLandmark } from '../../shared/pose';
import { DwellSelector, type DwellOptions, type DwellState } from './dwell';
import { HandCursor, type CursorState } from './hand-cursor';
import { SwipeDetector, type SwipeDirection, type SwipeOptions } from './swipe';

/** What one pose frame did to the touchless controls. The objects are reused: read them, do not keep them. */
export interface TouchlessUpdate {
  cursor: CursorState;
  dwell: DwellState;
  swipe: SwipeDirection | null;
}

/** Names the selectable target under a screen point (normalised), or null. The UI answers from the DOM. */
export type HitTest = (xNorm: number, yNorm: number) => string | null;

/**
 * The touchless controls of one shopper: the hand cursor, dwell-to-select on whatever target is under it, and
 * swipes. Pure apart from the hit test the caller passes; `reset()` when the session ends.
 */
export class TouchlessController {
  private readonly cursor = new HandCursor();
  private readonly dwell: DwellSelector;
  private readonly swipe: SwipeDetector;
  private readonly out: TouchlessUpdate;

  constructor(opts: { dwell?: DwellOptions; swipe?: SwipeOptions } = {}) {
    this.dwell = new DwellSelector(opts.dwell);
    this.swipe = new SwipeDetector(opts.swipe);
    this.out = { cursor: this.cursor.state, dwell: this.dwell.state, swipe: null };
  }

  /** One pose frame (image landmarks, borrowed; `aspect` = camera frame width / height). */
  onPose(landmarks: readonly NormalizedLandmark[], aspect: number, nowMs: number, hitTest: HitTest): TouchlessUpdate {
    const c = this.cursor.update(landmarks, aspect, nowMs);
    const swipe = this.swipe.update(landmarks, aspect, nowMs);
    if (swipe) this.dwell.reset();
    this.dwell.update(c.active && !swipe ? hitTest(c.xNorm, c.yNorm) : null, nowMs);
    this.out.swipe = swipe;
    return this.out;
  }

  reset(): void {
    this.cursor.reset();
    this.dwell.reset();
    this.swipe.clear();
  }
}
