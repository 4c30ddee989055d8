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
function build(memory: ScrollMemory, key = 'details'): [Panel, () => void] {
  const el = new Panel();
  const detach = memory.keep(key)(el);
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

describe('ScrollMemory keyed by the product shown', () => {
  it('a panel rebuilt on another product than it was left at (a swipe while folded) opens at the top', () => {
    const memory = new ScrollMemory();
    const [tee, fold] = build(memory, 'details:tee');
    tee.scrollTo(240);
    fold();
    expect(build(memory, 'details:shirt')[0].scrollTop).toBe(0);
    // Back on the tee, it opens where the shopper left the tee.
    expect(build(memory, 'details:tee')[0].scrollTop).toBe(240);
  });

  it('a panel kept on screen while another product opens in it stays put, and that product comes back there', () => {
    const memory = new ScrollMemory();
    const panel = new Panel();
    // Svelte tears the attachment down and makes the next one as the product shown changes.
    let detach = memory.keep('details:tee')(panel);
    const show = (key: string): void => {
      detach?.();
      detach = memory.keep(key)(panel);
    };
    panel.scrollTo(240);
    show('details:shirt');
    expect(panel.scrollTop).toBe(240);
    panel.scrollTo(60);
    // Tapping the tee again while the panel is out moves nothing under the shopper's eyes.
    show('details:tee');
    expect(panel.scrollTop).toBe(60);
    detach?.();
    expect(build(memory, 'details:shirt')[0].scrollTop).toBe(60);
    expect(build(memory, 'details:tee')[0].scrollTop).toBe(60);
  });
});
