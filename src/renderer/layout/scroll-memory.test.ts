import { describe, expect, it } from 'vitest';
import { ScrollMemory, type Scroller } from './scroll-memory';

/** A panel element as the browser builds it: at the top until scrolled, firing `scroll` when it is. */
class Panel extends EventTarget implements Scroller {
  scrollTop = 0;
  scrollLeft = 0;
  scrollTo(topPx: number): void {
    this.scrollTop = topPx;
    this.dispatchEvent(new Event('scroll'));
  }
}

/** Builds the panel with the attachment and returns it with its teardown (the fold destroying it). */
function build(memory: ScrollMemory): [Panel, () => void] {
  const el = new Panel();
  const detach = memory.keep('details')(el);
  return [el, () => detach?.()];
}

describe('ScrollMemory', () => {
  it('a panel rebuilt after a fold opens where the shopper had scrolled it, and only the session end forgets it', () => {
    const memory = new ScrollMemory();
    const [first, fold] = build(memory);
    first.scrollTo(240);
    fold();
    // Scrolling a torn-down panel (its last events) is not the rebuilt one's place.
    first.scrollTo(0);
    const [rebuilt, foldAgain] = build(memory);
    expect(rebuilt.scrollTop).toBe(240);
    rebuilt.scrollTo(310);
    foldAgain();
    expect(build(memory)[0].scrollTop).toBe(310);
    memory.clear();
    expect(build(memory)[0].scrollTop).toBe(0);
  });

  it('keeps panels apart by name', () => {
    const memory = new ScrollMemory();
    const el = new Panel();
    memory.keep('details')(el);
    el.scrollTo(120);
    const other = new Panel();
    memory.keep('advice')(other);
    expect(other.scrollTop).toBe(0);
  });
});
