export interface PanelDockOptions {
  /**
   * Expanded panels fold back into the bar after this long without a touch or a dwell selection while a garment is
   * on: long enough to read the product card and the suggestions. (A raised hand alone does not count: a shopper
   * moving their arms to see the garment move would keep the panels up.) @default 20000
   */
  idleCollapseMs?: number;
}

/**
 * Where the shop's panels are while a garment is worn: putting a garment on folds the product panel and the
 * catalog rail into a slim bar at the screen's edge, so the shopper sees themself wearing it; a touch or a dwell on
 * the bar brings them back, and they fold again after a while without interaction. With nothing worn the panels
 * are always out. Pure: the caller passes the clock and is told of every change.
 */
export class PanelDock {
  /** Panels folded into the slim bar. */
  collapsed = false;
  private wearing = false;
  private lastInteractionMs = 0;
  private readonly idleCollapseMs: number;

  constructor(
    private readonly onChange: (collapsed: boolean) => void,
    opts: PanelDockOptions = {},
  ) {
    this.idleCollapseMs = opts.idleCollapseMs ?? 20_000;
  }

  /**
   * Whether a garment is worn now. A garment going on from none folds the panels; changing garments keeps them
   * where they are (a shopper comparing colours in the open panel keeps it); taking it off brings them out.
   */
  setWearing(wearing: boolean, nowMs: number): void {
    const was = this.wearing;
    this.wearing = wearing;
    if (wearing && !was) this.set(true);
    if (!wearing) this.set(false);
    this.lastInteractionMs = nowMs;
  }

  /** The shopper touched or dwelt on the bar: the panels come out. */
  expand(nowMs: number): void {
    this.lastInteractionMs = nowMs;
    this.set(false);
  }

  /** Any touch or dwell selection: keeps open panels open a while longer. */
  interact(nowMs: number): void {
    this.lastInteractionMs = nowMs;
  }

  /** Call periodically: folds open panels after the idle time while a garment is worn. */
  tick(nowMs: number): void {
    if (this.wearing && !this.collapsed && nowMs - this.lastInteractionMs >= this.idleCollapseMs) this.set(true);
  }

  /** The session ended. */
  reset(): void {
    this.wearing = false;
    this.set(false);
  }

  private set(collapsed: boolean): void {
    if (collapsed === this.collapsed) return;
    this.collapsed = collapsed;
    this.onChange(collapsed);
  }
}
