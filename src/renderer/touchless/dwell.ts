export interface DwellOptions {
  /** Hover this long on one target to select it, ms. @default 1000 */
  dwellMs?: number;
  /** The cursor may slip off its target this long without losing the progress, ms. @default 250 */
  graceMs?: number;
  /** After a selection nothing is selected for this long, ms. @default 700 */
  cooldownMs?: number;
}

export interface DwellState {
  /** The target being filled, or null. */
  targetId: string | null;
  /** 0..1 of the dwell ring. */
  progress: number;
  /** Set on the one update where the target is selected. */
  selected: string | null;
}

/**
 * Dwell-to-select: hovering one target fills a ring; when it is full the target is selected once. The cursor
 * must leave the target (or it must change) before it can be selected again, so a hand left resting on a button
 * selects it once, not every second. Pure: the caller passes the clock.
 */
export class DwellSelector {
  private readonly dwellMs: number;
  private readonly graceMs: number;
  private readonly cooldownMs: number;
  private target: string | null = null;
  private startMs = 0;
  private lastOnMs = 0;
  /** Target already selected and still hovered: wait until the cursor leaves it. */
  private spent: string | null = null;
  private cooldownUntilMs = -Infinity;
  readonly state: DwellState = { targetId: null, progress: 0, selected: null };

  constructor(opts: DwellOptions = {}) {
    this.dwellMs = opts.dwellMs ?? 1000;
    this.graceMs = opts.graceMs ?? 250;
    this.cooldownMs = opts.cooldownMs ?? 700;
  }

  /** The target under the cursor now (null: none, or the cursor is inactive). Returns the reused state. */
  update(targetId: string | null, nowMs: number): DwellState {
    const st = this.state;
    st.selected = null;
    if (targetId !== this.spent) this.spent = null;
    if (targetId !== null && targetId === this.target) {
      this.lastOnMs = nowMs;
    } else if (targetId !== null) {
      this.target = targetId;
      this.startMs = nowMs;
      this.lastOnMs = nowMs;
    } else if (this.target !== null && nowMs - this.lastOnMs > this.graceMs) {
      this.target = null;
    }
    if (this.target === null || this.target === this.spent || nowMs < this.cooldownUntilMs) {
      if (nowMs < this.cooldownUntilMs && this.target !== null) this.startMs = nowMs;
      st.targetId = this.target === this.spent ? null : this.target;
      st.progress = 0;
      return st;
    }
    st.targetId = this.target;
    st.progress = Math.min(1, (nowMs - this.startMs) / this.dwellMs);
    if (st.progress >= 1) {
      st.selected = this.target;
      this.spent = this.target;
      this.target = null;
      this.cooldownUntilMs = nowMs + this.cooldownMs;
      st.targetId = null;
      st.progress = 0;
    }
    return st;
  }

  /**
   * Another input (a pinch) selected `targetId`: count it as this selector's own selection, so the ring does not go on
   * to select it a second time while the cursor stays on it.
   */
  consume(targetId: string, nowMs: number): void {
    this.spent = targetId;
    this.target = null;
    this.cooldownUntilMs = nowMs + this.cooldownMs;
    this.state.targetId = null;
    this.state.progress = 0;
  }

  reset(): void {
    this.target = null;
    this.spent = null;
    this.cooldownUntilMs = -Infinity;
    this.state.targetId = null;
    this.state.progress = 0;
    this.state.selected = null;
  }
}
