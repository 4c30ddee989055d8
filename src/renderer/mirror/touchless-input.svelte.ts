import type { PoseFrame } from '../../shared/pose';
import { TouchlessController } from '../touchless/touchless';
import { HitTargets } from './hit-targets';

/** The hand cursor as the shopper sees it. */
export interface CursorView {
  active: boolean;
  xNorm: number;
  yNorm: number;
  /** Dwell progress on the button under the cursor, 0..1. */
  progress: number;
  target: string | null;
  /** The pointing hand is pinched (the click is happening). */
  pinching: boolean;
  /** 0..1 of an open palm held to go back. */
  backProgress: number;
}

const IDLE_CURSOR: CursorView = { active: false, xNorm: 0.5, yNorm: 0.5, progress: 0, target: null, pinching: false, backProgress: 0 };

/** Buttons that close what is open (an overlay, a comparison) carry this attribute: an open palm held presses the last one shown. */
export const TOUCHLESS_BACK_ATTR = 'data-touchless-back';

/**
 * Touchless control of the mirror's own buttons: the raised hand's cursor, dwell to press, swipe to step through
 * the rail. Buttons are found by hit-testing the mirror's element at the cursor.
 */
export class TouchlessInput {
  cursor = $state<CursorView>({ ...IDLE_CURSOR });
  /** The gesture guide was dismissed or the shopper already used the cursor. */
  guideSeen = $state(false);
  private readonly touchless = new TouchlessController();
  private readonly targets = new HitTargets<HTMLButtonElement>();
  private host: HTMLElement | null = null;

  /** The element whose buttons the cursor may press (the mirror's own, never the staff screen over it). */
  attach(host: HTMLElement): void {
    this.host = host;
  }

  /**
   * Moves the cursor and presses what it was pinched or dwelt on; an open palm held presses the last "back" button
   * shown, or else calls `onBack`. Returns a swipe (`1` next, `-1` previous) or 0.
   */
  onPose(landmarks: PoseFrame['landmarks'], aspect: number, nowMs: number, hands: NonNullable<PoseFrame['hands']> = [], onBack?: () => void): number {
    const u = this.touchless.onPose(landmarks, aspect, nowMs, (x, y) => this.hitTest(x, y), hands);
    this.cursor = {
      active: u.cursor.active,
      xNorm: u.cursor.xNorm,
      yNorm: u.cursor.yNorm,
      progress: u.dwell.progress,
      target: u.dwell.targetId,
      pinching: u.pinching,
      backProgress: u.backProgress,
    };
    if (u.cursor.active) this.guideSeen = true;
    const selected = u.pinched ?? u.dwell.selected;
    if (selected) this.targets.get(selected)?.click();
    if (u.back) {
      const closers = this.host?.querySelectorAll<HTMLButtonElement>(`button[${TOUCHLESS_BACK_ATTR}]:not([disabled])`);
      const last = closers && closers.length > 0 ? closers[closers.length - 1] : undefined;
      if (last) last.click();
      else onBack?.();
    }
    return u.swipe === 'left' ? 1 : u.swipe === 'right' ? -1 : 0;
  }

  /** The button under a screen point (normalised to the mirror view), named for the dwell selector. */
  private hitTest(xNorm: number, yNorm: number): string | null {
    const host = this.host;
    if (!host) return null;
    const r = host.getBoundingClientRect();
    const el = document.elementFromPoint(r.left + xNorm * r.width, r.top + yNorm * r.height)?.closest('button');
    // Only the mirror's own buttons: a passer-by's raised hand must never press the staff screen laid over it.
    if (!el || !host.contains(el) || el.disabled) return null;
    return this.targets.name(el);
  }

  /** How many buttons the cursor could press by name now: those it hit that are still in the page. */
  get targetCount(): number {
    return this.targets.size;
  }

  /** The session ended. */
  reset(): void {
    this.touchless.reset();
    this.targets.clear();
    this.cursor = { ...IDLE_CURSOR };
    this.guideSeen = false;
  }
}
