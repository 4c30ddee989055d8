import type { Hand } from '../../shared/hands';
import type { NormalizedLandmark } from '../../shared/pose';
import { DwellSelector, type DwellOptions, type DwellState } from './dwell';
import { HandCursor, type CursorState } from './hand-cursor';
import { OpenPalmDetector, PinchDetector } from './hand-gestures';
import { SwipeDetector, type SwipeDirection, type SwipeOptions } from './swipe';

/** What one pose frame did to the touchless controls. The objects are reused: read them, do not keep them. */
export interface TouchlessUpdate {
  cursor: CursorState;
  dwell: DwellState;
  swipe: SwipeDirection | null;
  /** The target a pinch selected on this update, or null. */
  pinched: string | null;
  /** Whether the pointing hand is pinched now (the cursor shows it). */
  pinching: boolean;
  /** Set on the update where an open palm has been held: go back / close. */
  back: boolean;
  /** 0..1 of the open-palm hold. */
  backProgress: number;
}

/** Names the selectable target under a screen point (normalised), or null. The UI answers from the DOM. */
export type HitTest = (xNorm: number, yNorm: number) => string | null;

/**
 * The touchless controls of one shopper: the hand cursor (the index fingertip when the engine sends hand landmarks,
 * else the pose's hand), pinch-to-select and dwell-to-select (the fallback, and the only way without hand landmarks)
 * on whatever target is under it, an open palm held to go back, and swipes. Pure apart from the hit test the caller
 * passes; `reset()` when the session ends.
 */
export class TouchlessController {
  private readonly cursor = new HandCursor();
  private readonly dwell: DwellSelector;
  private readonly swipe: SwipeDetector;
  private readonly pinch = new PinchDetector();
  private readonly palm = new OpenPalmDetector();
  private readonly out: TouchlessUpdate;

  constructor(opts: { dwell?: DwellOptions; swipe?: SwipeOptions } = {}) {
    this.dwell = new DwellSelector(opts.dwell);
    this.swipe = new SwipeDetector(opts.swipe);
    this.out = { cursor: this.cursor.state, dwell: this.dwell.state, swipe: null, pinched: null, pinching: false, back: false, backProgress: 0 };
  }

  /**
   * One pose frame (image landmarks and the engine's raised hands, borrowed; `aspect` = camera frame width / height).
   */
  onPose(landmarks: readonly NormalizedLandmark[], aspect: number, nowMs: number, hitTest: HitTest, hands: readonly Hand[] = []): TouchlessUpdate {
    const c = this.cursor.update(landmarks, aspect, nowMs, hands);
    const swipe = this.swipe.update(landmarks, aspect, nowMs);
    if (swipe) this.dwell.reset();
    const target = c.active && !swipe ? hitTest(c.xNorm, c.yNorm) : null;
    // Gestures read the hand that drives the cursor only: the other hand may be anywhere.
    const hand = c.active ? (hands.find((h) => h.side === c.hand) ?? null) : null;
    const pinchStarted = this.pinch.update(hand, aspect, nowMs);
    this.out.back = this.palm.update(hand, aspect, nowMs);
    this.out.pinched = null;
    if (pinchStarted && target !== null) {
      this.out.pinched = target;
      this.dwell.consume(target, nowMs);
      this.dwell.state.selected = null;
    } else if (this.pinch.isClosed || this.palm.isOpen) {
      // Mid-pinch the shopper is clicking, and an open palm is going back: neither is hovering, so no ring. The
      // target a pinch just selected stays spent (the selector forgets that when it sees another target, or none).
      this.dwell.state.selected = null;
      this.dwell.state.progress = 0;
    } else {
      this.dwell.update(target, nowMs);
    }
    this.out.backProgress = this.palm.progress;
    this.out.pinching = this.pinch.isClosed;
    this.out.swipe = swipe;
    return this.out;
  }

  reset(): void {
    this.cursor.reset();
    this.dwell.reset();
    this.swipe.clear();
    this.pinch.reset();
    this.palm.reset();
  }
}
