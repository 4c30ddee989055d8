import type { Attachment } from 'svelte/attachments';

/** What a scrolled panel exposes: its offsets, px, and its scroll events. */
export type Scroller = EventTarget & { scrollTop: number; scrollLeft: number };

/**
 * Where the shopper had scrolled panels that are rebuilt each time the dock unfolds (the product panel, with the
 * size advice and suggestions below its fold): a rebuilt panel opens at the offsets it was left at, until
 * {@link clear} at the session's end. Keyed by what the panel shows: a product first shown opens at the top.
 */
export class ScrollMemory {
  private readonly offsets = new Map<string, { topPx: number; leftPx: number }>();
  /** Panels already attached once: their key changed while they stayed on screen. */
  private readonly kept = new WeakSet<Scroller>();

  /**
   * An attachment for the panel named `key`: restores its offsets when built and records them as it scrolls. A panel
   * kept while its key changes (another product opened in it) does not jump: its offsets become the new key's.
   */
  keep(key: string): Attachment<Scroller> {
    return (el) => {
      const record = (): void => void this.offsets.set(key, { topPx: el.scrollTop, leftPx: el.scrollLeft });
      const at = this.offsets.get(key);
      if (at && !this.kept.has(el)) {
        el.scrollTop = at.topPx;
        el.scrollLeft = at.leftPx;
      } else record();
      this.kept.add(el);
      el.addEventListener('scroll', record, { passive: true });
      return () => el.removeEventListener('scroll', record);
    };
  }

  /** The session ended: the next shopper's panels open at the top. */
  clear(): void {
    this.offsets.clear();
  }
}
