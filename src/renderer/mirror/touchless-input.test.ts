import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pointTrack } from '../../../tools/synth/tracks';
import { TouchlessInput } from './touchless-input.svelte';

const ASPECT = 1280 / 720;

/** A mirror button as the page holds it: pressed by `click()`, in the page until its panel is torn down. */
class Button {
  isConnected = true;
  disabled = false;
  clicks = 0;
  closest(): this {
    return this;
  }
  click(): void {
    this.clicks++;
  }
}

/** The page under the cursor: the mirror's host and whichever button is under the cursor now (or none). */
let under: Button | null = null;
const host = { getBoundingClientRect: () => ({ left: 0, top: 0, width: 540, height: 960 }), contains: (el: Button) => el.isConnected };

beforeEach(() => {
  under = null;
  vi.stubGlobal('document', { elementFromPoint: () => under });
});
afterEach(() => vi.unstubAllGlobals());

/** A hand raised at the screen's middle, held `holdMs` and lowered, from `startMs`; `at(tMs)` says what is under it. */
function point(input: TouchlessInput, startMs: number, holdMs: number, at: (tMs: number) => Button | null): number {
  const track = pointTrack(0.5, 0.5, holdMs, { seed: 3 });
  for (const f of track.frames) {
    under = at(f.tMs);
    input.onPose(f.landmarks, ASPECT, startMs + f.tMs);
  }
  return startMs + track.frames.at(-1)!.tMs + 1000;
}

/**
 * A store day: `sessions` shoppers, each unfolding the panels `folds` times and hovering `perPanel` of the rebuilt
 * panel's buttons (each fold tears the last ones down). Returns the targets named after each session's end.
 */
function storeDay(input: TouchlessInput, sessions: number, folds: number, perPanel: number): number[] {
  let nowMs = 0;
  const after: number[] = [];
  for (let s = 0; s < sessions; s++) {
    for (let f = 0; f < folds; f++) {
      const panel = Array.from({ length: perPanel }, () => new Button());
      // Hovered 600 ms each: named, never pressed.
      for (const b of panel) nowMs = point(input, nowMs, 600, () => b);
      for (const b of panel) b.isConnected = false;
    }
    input.reset();
    after.push(input.targetCount);
  }
  return after;
}

describe('TouchlessInput hit-test targets', () => {
  it('follow the buttons in the page over a store day of sessions and folds, and are empty at each session end', () => {
    const input = new TouchlessInput();
    input.attach(host as unknown as HTMLElement);
    // 20 sessions × 3 folds × 4 buttons = 240 buttons hovered and torn down.
    expect(storeDay(input, 20, 3, 4)).toEqual(Array(20).fill(0));
  });

  it('within a session, hold only the buttons still in the page', () => {
    const input = new TouchlessInput();
    input.attach(host as unknown as HTMLElement);
    let nowMs = 0;
    for (let fold = 0; fold < 5; fold++) {
      const panel = [new Button(), new Button(), new Button()];
      for (const b of panel) nowMs = point(input, nowMs, 600, () => b);
      // The first hit of a rebuilt panel drops the torn-down one's buttons.
      expect(input.targetCount).toBe(3);
      for (const b of panel) b.isConnected = false;
    }
    const bar = new Button();
    point(input, nowMs, 600, () => bar);
    expect(input.targetCount).toBe(1);
  });

  it('never press a button torn down under the cursor (the panels folding as its ring fills)', () => {
    const input = new TouchlessInput();
    input.attach(host as unknown as HTMLElement);
    const details = new Button();
    // The hand is raised over ~500 ms; the ring fills in 1 s from the first hit. Just before it is full, the panel
    // folds: the button leaves the page and nothing is under the cursor for the selector's grace.
    let firstHitMs: number | null = null;
    point(input, 0, 1500, (tMs) => {
      if (details.isConnected && input.cursor.target !== null) firstHitMs ??= tMs;
      if (firstHitMs !== null && tMs - firstHitMs >= 900) details.isConnected = false;
      return details.isConnected ? details : null;
    });
    expect(firstHitMs).not.toBeNull();
    expect(details.clicks).toBe(0);
  });

  it('still press a button dwelt on that stays in the page', () => {
    const input = new TouchlessInput();
    input.attach(host as unknown as HTMLElement);
    const tryOn = new Button();
    point(input, 0, 1500, () => tryOn);
    expect(tryOn.clicks).toBe(1);
  });
});
