import { describe, expect, it } from 'vitest';
import { revealScrollPx, SelectionReveal, type Strip, type StripItem } from './reveal-selected';

/** The catalog rail on a 540 px portrait mirror: 15 tiles of 152 px, 12 px apart, in a 492 px wide strip. */
const TILE_PX = 152;
const GAP_PX = 12;
const VIEW = { left: 24, right: 24 + 492 };

class Rail extends EventTarget implements Strip {
  scrollLeft = 0;
  readonly items: StripItem[] = Array.from({ length: 15 }, (_, i) => ({
    getAttribute: (name: string) => (name === 'data-item-id' ? `p${i}` : null),
    getBoundingClientRect: () => {
      const left = VIEW.left + i * (TILE_PX + GAP_PX) - this.scrollLeft;
      return { left, right: left + TILE_PX };
    },
  }));
  getBoundingClientRect(): { left: number; right: number } {
    return VIEW;
  }
  querySelectorAll(selector: string): StripItem[] {
    expect(selector).toBe('[data-item-id]');
    return this.items;
  }
  /** The tiles wholly in view, by index. */
  inView(): number[] {
    return this.items.flatMap((t, i) => {
      const r = t.getBoundingClientRect();
      return r.left >= VIEW.left && r.right <= VIEW.right ? [i] : [];
    });
  }
}

/** The rail rendered with `selected` (an index), folded or not: the attachment made for it, run on it. */
const show = (reveal: SelectionReveal, rail: Rail, selected: number | null, folded: boolean): void =>
  void reveal.follow(selected === null ? null : `p${selected}`, folded)(rail);

describe('revealScrollPx', () => {
  it('scrolls an item cut off at either edge just into view, and leaves one in view where it is', () => {
    expect(revealScrollPx({ left: 0, right: 500 }, { left: 420, right: 572 })).toBe(72);
    expect(revealScrollPx({ left: 0, right: 500 }, { left: -40, right: 112 })).toBe(-40);
    expect(revealScrollPx({ left: 0, right: 500 }, { left: 0, right: 152 })).toBe(0);
    expect(revealScrollPx({ left: 0, right: 500 }, { left: 348, right: 500 })).toBe(0);
    // Wider than the view: its start.
    expect(revealScrollPx({ left: 0, right: 100 }, { left: 60, right: 212 })).toBe(60);
  });
});

describe('SelectionReveal on the catalog rail', () => {
  it('a swipe to a tile out of sight while folded: unfolded, the rail shows that tile whole', () => {
    const reveal = new SelectionReveal();
    const rail = new Rail();
    show(reveal, rail, null, false);
    expect(rail.inView()).toEqual([0, 1, 2]);
    // The last tile in view is put on: the panels fold.
    show(reveal, rail, 2, false);
    show(reveal, rail, 2, true);
    // Two swipes while folded: the rail, hidden and not laid out, is left alone.
    show(reveal, rail, 3, true);
    show(reveal, rail, 4, true);
    expect(rail.scrollLeft).toBe(0);
    show(reveal, rail, 4, false);
    // Scrolled just enough: the worn tile at the right edge, the ones before it still beside it.
    expect(rail.inView()).toEqual([2, 3, 4]);
    expect(rail.scrollLeft).toBe(4 * (TILE_PX + GAP_PX) + TILE_PX - 492);
  });

  it('unfolded on the same selection, the rail stays where the shopper scrolled it, even away from the tile', () => {
    const reveal = new SelectionReveal();
    const rail = new Rail();
    show(reveal, rail, 1, false);
    rail.scrollLeft = 1200;
    show(reveal, rail, 1, true);
    show(reveal, rail, 1, false);
    expect(rail.scrollLeft).toBe(1200);
  });

  it('a selection already in view moves nothing, and one going back is brought in from the left', () => {
    const reveal = new SelectionReveal();
    const rail = new Rail();
    rail.scrollLeft = 600;
    const [first] = rail.inView();
    show(reveal, rail, first!, false);
    expect(rail.scrollLeft).toBe(600);
    show(reveal, rail, first! - 1, true);
    show(reveal, rail, first! - 1, false);
    expect(rail.inView()[0]).toBe(first! - 1);
    expect(rail.items[first! - 1]!.getBoundingClientRect().left).toBe(VIEW.left);
  });
});
