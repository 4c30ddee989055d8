/**
 * The shopper's latest choice for each slot of the outfit wins. Garments load asynchronously (a GLB can take
 * seconds to fetch and parse on a busy kiosk): a shopper tapping the tee, then the dress, must end up in the dress
 * even when the tee's load finishes last; one tapping a top, then trousers, gets both. Each `load` supersedes the
 * earlier loads that share one of its slots; a load that finishes after it was superseded or cancelled (the shopper
 * took the garment off, or left) is handed to `discard` instead of being worn.
 */
export class GarmentSwitch<Slot extends string = string> {
  private tickets = 0;
  /** Per slot, the ticket of the load that may fill it. */
  private readonly latest = new Map<Slot, number>();

  /**
   * Loads a garment for `slots` and wears it if no later `load` for one of those slots, and no `cancel`, came
   * meanwhile, and `wanted()` still holds when the load lands.
   * @param load fetches and decodes the garment; its result is owned by this call until worn or discarded.
   * @param wear puts it on (takes ownership); may throw, the error is the caller's.
   * @param discard frees a garment that is no longer wanted (takes ownership).
   * @param wanted checked when the load lands (e.g. the session is still on). @default always
   * @returns true when the garment was worn, false when it was dropped (a dropped load's error is dropped too).
   */
  async load<G>(slots: readonly Slot[], load: () => Promise<G>, wear: (garment: G) => void, discard: (garment: G) => void, wanted: () => boolean = () => true): Promise<boolean> {
    const ticket = ++this.tickets;
    for (const slot of slots) this.latest.set(slot, ticket);
    const current = (): boolean => slots.every((slot) => this.latest.get(slot) === ticket) && wanted();
    let garment: G;
    try {
      garment = await load();
    } catch (e) {
      // A superseded load's failure is nobody's concern any more: the shopper chose something else.
      if (!current()) return false;
      throw e;
    }
    if (!current()) {
      discard(garment);
      return false;
    }
    wear(garment);
    return true;
  }

  /** What is loading for `slots` (default: every slot) will not be worn: taken off, or the shopper left. */
  cancel(slots?: readonly Slot[]): void {
    const ticket = ++this.tickets;
    for (const slot of slots ?? [...this.latest.keys()]) this.latest.set(slot, ticket);
  }
}
