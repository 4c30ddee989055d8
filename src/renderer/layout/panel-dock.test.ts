import { describe, expect, it } from 'vitest';
import { PanelDock } from './panel-dock';

describe('PanelDock', () => {
  it('folds the panels when a garment goes on and brings them back on a touch, folding again when left alone', () => {
    const changes: boolean[] = [];
    const dock = new PanelDock((c) => changes.push(c), { idleCollapseMs: 8000 });
    dock.tick(0);
    expect(dock.collapsed).toBe(false);
    dock.setWearing(true, 1000);
    expect(dock.collapsed).toBe(true);
    dock.expand(2000);
    expect(dock.collapsed).toBe(false);
    // Touches in the open panel keep it open.
    dock.interact(9000);
    dock.tick(16_999);
    expect(dock.collapsed).toBe(false);
    dock.tick(17_000);
    expect(dock.collapsed).toBe(true);
    expect(changes).toEqual([true, false, true]);
  });

  it('keeps an open panel open when the garment changes, and never folds with nothing worn', () => {
    const dock = new PanelDock(() => {});
    dock.setWearing(true, 0);
    dock.expand(100);
    dock.setWearing(true, 200); // another colour put on from the open panel
    expect(dock.collapsed).toBe(false);
    dock.setWearing(false, 300);
    expect(dock.collapsed).toBe(false);
    dock.tick(60_000);
    expect(dock.collapsed).toBe(false);
  });

  it('a new session starts with the panels out', () => {
    const dock = new PanelDock(() => {});
    dock.setWearing(true, 0);
    dock.reset();
    expect(dock.collapsed).toBe(false);
    dock.setWearing(true, 10);
    expect(dock.collapsed).toBe(true);
  });
});
