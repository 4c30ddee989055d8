export interface PanelDockOptions {
  /**
   * Expanded panels fold back into the bar after this long without a touch or a dwell selection while a garment is
   * on: long enough to read the product card and the suggestions. (A raised hand alone does not count: a shopper
   * moving their arms to see the garment move would keep the panels up.) @default 20000
   */
  idleCollapseMs?: number;
  /**
   * The most one frame adds to the idle time, ms. On a starved kiosk (e2e on a shared CPU drew a frame a second, and
   * Playwright's click on a tile took 14–20 s of that from the touch on Details) the panels folded away under the
   * reaching pointer; a frame drawn that late is a stall the shopper could not use the panels through, not their idle
   * time. At frame rates the mirror is usable at (over 1.3 frames/s) the fold comes after `idleCollapseMs` as
   * before; at 1 frame/s after 27 s, and at one per 1.5 s still within 40 s (framing.spec's wait for the fold).
   * @default 750
   */
  maxFrameMs?: number;
}

/**
 * Where the shop's panels are while a garment is worn: putting a garment on folds the product panel and the
 * catalog rail into a slim bar at the screen's edge, so the shopper sees themself wearing it; a touch or a dwell on
 * the bar brings them back, and they fold again after a while without interaction. With nothing worn the panels
 * are always out. Pure: the caller passes the clock (each frame's time to {@link tick}) and is told of every change.
 */
export class PanelDock {
  /** Panels folded into the slim bar. */
  collapsed = false;
  private wearing = false;
  /** Time without interaction, counted frame by frame (each at most `maxFrameMs`). */
  private idleMs = 0;
  private lastTickMs: number | null = null;
  private readonly idleCollapseMs: number;
  private readonly maxFrameMs: number;

  constructor(
    private readonly onChange: (collapsed: boolean) => void,
    opts: PanelDockOptions = {},
  ) {
    this.idleCollapseMs = opts.idleCollapseMs ?? 20_000;
    this.maxFrameMs = opts.maxFrameMs ?? 750;
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
    this.interact(nowMs);
  }

  /** The shopper touched or dwelt on the bar: the panels come out. */
  expand(nowMs: number): void {
    this.interact(nowMs);
    this.set(false);
  }

  /** Any touch, swipe along a panel (the rail scrolling) or dwell selection: keeps open panels open a while longer. */
  interact(nowMs: number): void {
    this.idleMs = 0;
    // The frame under way when the shopper touched counts from the touch.
    if (this.lastTickMs !== null) this.lastTickMs = Math.max(this.lastTickMs, nowMs);
  }

  /** Call every frame: folds open panels after the idle time while a garment is worn. */
  tick(nowMs: number): void {
    const frameMs = this.lastTickMs === null ? 0 : Math.min(Math.max(nowMs - this.lastTickMs, 0), this.maxFrameMs);
    this.lastTickMs = nowMs;
    this.idleMs += frameMs;
    if (this.wearing && !this.collapsed && this.idleMs >= this.idleCollapseMs) this.set(true);
  }

  /** The session ended. */
  reset(): void {
    this.wearing = false;
    this.idleMs = 0;
    this.set(false);
  }

  private set(collapsed: boolean): void {
    if (collapsed === this.collapsed) return;
    this.collapsed = collapsed;
    this.onChange(collapsed);
  }
}
