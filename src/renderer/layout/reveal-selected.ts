import type { Attachment } from 'svelte/attachments';

/** A box's horizontal extent on screen, px. */
export interface SpanPx {
  left: number;
  right: number;
}

/** The attribute the strip's items carry: the id each is selected by. */
const ITEM_ID_ATTR = 'data-item-id';

/** An item of the strip: its box, and its `data-item-id`. */
export interface StripItem {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): SpanPx;
}

/** A horizontally scrolled strip (the catalog rail's product list), px, and its items. */
export interface Strip extends EventTarget {
  scrollLeft: number;
  getBoundingClientRect(): SpanPx;
  querySelectorAll(selector: string): Iterable<StripItem>;
}

/**
 * How far to scroll a strip, px (positive: towards its end), so that `item` lies wholly inside `view`: to the nearer
 * edge, and 0 when it already does. An item wider than the view is brought to its start.
 */
export function revealScrollPx(view: SpanPx, item: SpanPx): number {
  if (item.left < view.left || item.right - item.left > view.right - view.left) return item.left - view.left;
  if (item.right > view.right) return item.right - view.right;
  return 0;
}

/**
 * Keeps the selected item of a strip in sight when it was selected where the shopper could not see the strip: a swipe
 * steps to the next garment while the rail is folded away under the wearing bar (or scrolled past while it is out).
 * When the strip is shown with a selection it has not shown yet, it scrolls just enough to show that item whole;
 * shown again on the same selection it stays where the shopper left it.
 */
export class SelectionReveal {
  private shownId: string | null = null;

  /**
   * An attachment for the strip; make a new one whenever the selection (`selectedId`, null: none) or `hidden` (the
   * strip out of sight, not laid out) changes.
   */
  follow(selectedId: string | null, hidden: boolean): Attachment<Strip> {
    return (strip) => {
      if (hidden) return;
      if (selectedId !== null && selectedId !== this.shownId) reveal(strip, selectedId);
      this.shownId = selectedId;
    };
  }
}

function reveal(strip: Strip, id: string): void {
  for (const item of strip.querySelectorAll(`[${ITEM_ID_ATTR}]`)) {
    if (item.getAttribute(ITEM_ID_ATTR) !== id) continue;
    // Measured now: the strip was just shown, so this is its first layout since the fold.
    strip.scrollLeft += revealScrollPx(strip.getBoundingClientRect(), item.getBoundingClientRect());
    return;
  }
}
