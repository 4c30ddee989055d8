import type { Attachment } from 'svelte/attachments';

/** What a scrolled panel exposes: its offsets, px, and its scroll events. */
export type Scroller = EventTarget & { scrollTop: number; scrollLeft: number };

/**
 * Where the shopper had scrolled panels that are rebuilt each time the dock unfolds (the product panel, with the
 * size advice and suggestions below its fold): a rebuilt panel opens at the offsets it was left at, until
 * {@link clear} at the session's end.
 */
export class ScrollMemory {
  private readonly offsets = new Map<string, { topPx: number; leftPx: number }>();

  /** An attachment for the panel named `key`: restores its offsets when built and records them as it scrolls. */
  keep(key: string): Attachment<Scroller> {
    return (el) => {
      const at = this.offsets.get(key);
      if (at) {
        el.scrollTop = at.topPx;
        el.scrollLeft = at.leftPx;
      }
      const record = (): void => void this.offsets.set(key, { topPx: el.scrollTop, leftPx: el.scrollLeft });
      el.addEventListener('scroll', record, { passive: true });
      return () => el.removeEventListener('scroll', record);
    };
  }

  /** The session ended: the next shopper's panels open at the top. */
  clear(): void {
    this.offsets.clear();
  }
}
