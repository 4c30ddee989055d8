import { describe, expect, it } from 'vitest';
import { PanelDock } from './panel-dock';

/** The frame loop: ticks every `frameMs` from `fromMs` up to and including `toMs`. */
function frames(dock: PanelDock, fromMs: number, toMs: number, frameMs: number): void {
  for (let t = fromMs; t <= toMs; t += frameMs) dock.tick(t);
}

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
    // Touches in the open panel keep it open; at 50 frames/s it folds 8 s after the last.
    frames(dock, 2000, 9000, 20);
    dock.interact(9000);
    frames(dock, 9020, 16_980, 20);
    expect(dock.collapsed).toBe(false);
    frames(dock, 17_000, 17_020, 20);
    expect(dock.collapsed).toBe(true);
    expect(changes).toEqual([true, false, true]);
  });

  it('on a starved kiosk (a frame a second) a stalled frame is not idle time: the panels stay out under a reaching pointer', () => {
    // The outfit e2e on a shared CPU: the touch on Details, then 14–20 s until Playwright's click on a tile lands.
    const dock = new PanelDock(() => {});
    dock.setWearing(true, 0);
    dock.expand(1000);
    frames(dock, 1000, 26_000, 1000);
    expect(dock.collapsed).toBe(false);
    // Left alone it still folds: each slow frame counts its 0.75 s, 27 s.
    frames(dock, 27_000, 27_000, 1000);
    expect(dock.collapsed).toBe(false);
    frames(dock, 28_000, 28_000, 1000);
    expect(dock.collapsed).toBe(true);
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
