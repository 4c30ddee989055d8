import { describe, expect, it } from 'vitest';
import { ShopperSession } from './shopper-session';
import type { ZoneVerdict } from './shopper-zone';

function feed(s: ShopperSession, verdict: ZoneVerdict, fromMs: number, toMs: number, stepMs = 100): void {
  for (let t = fromMs; t < toMs; t += stepMs) s.observe(verdict, t);
}

function recorder() {
  const events: string[] = [];
  let n = 0;
  const session = (extra: ConstructorParameters<typeof ShopperSession>[0] = {}) =>
    new ShopperSession({ newId: () => `s${++n}`, onStart: (id) => events.push(`start ${id}`), onEnd: (id, why) => events.push(`end ${id} ${why}`), ...extra });
  return { events, session };
}

describe('ShopperSession', () => {
  it('starts after a second of facing the mirror and ends within leaveAfterMs of leaving', () => {
    const { events, session } = recorder();
    const s = session({ enterAfterMs: 1000, leaveAfterMs: 3000 });
    feed(s, 'facing', 0, 900);
    expect(s.phase).toBe('approaching');
    feed(s, 'facing', 900, 1100);
    expect(s.phase).toBe('session');
    feed(s, 'nobody', 2000, 4900);
    expect(s.phase).toBe('leaving');
    s.observe('nobody', 5000);
    expect(s.phase).toBe('attract');
    expect(events).toEqual(['start s1', 'end s1 left']);
  });

  it('a passer-by who is side-on, small or off-centre never starts one', () => {
    const { events, session } = recorder();
    const s = session();
    const seq: ZoneVerdict[] = ['side-on', 'small', 'off-centre', 'turned'];
    for (let t = 0; t < 20_000; t += 100) s.observe(seq[Math.floor(t / 500) % seq.length]!, t);
    expect(events).toEqual([]);
    // facing for less than the second, interrupted: still nothing.
    feed(s, 'facing', 20_000, 20_800);
    s.observe('side-on', 20_800);
    feed(s, 'facing', 20_900, 21_700);
    expect(s.phase).toBe('approaching');
    expect(events).toEqual([]);
  });

  it('turning round or sideways keeps the session; stepping back in during the grace period resumes it', () => {
    const { events, session } = recorder();
    const s = session({ leaveAfterMs: 3000 });
    feed(s, 'facing', 0, 1200);
    feed(s, 'turned', 1200, 5000);
    feed(s, 'side-on', 5000, 8000);
    expect(s.phase).toBe('session');
    feed(s, 'nobody', 8000, 10_000);
    expect(s.phase).toBe('leaving');
    feed(s, 'facing', 10_000, 10_500);
    expect(s.phase).toBe('session');
    expect(events).toEqual(['start s1']);
  });

  it('a stalled engine (no frames) empties the zone and ends the session by the clock alone', () => {
    const { events, session } = recorder();
    const s = session({ leaveAfterMs: 2000, staleAfterMs: 1000 });
    feed(s, 'facing', 0, 1200);
    for (let t = 1200; t <= 4300; t += 16) s.tick(t);
    expect(events).toEqual(['start s1', 'end s1 left']);
  });

  it('a busy engine (answers 1.3–9.6 s after each frame, never hung) keeps the session; a hung one ends it', () => {
    const { events, session } = recorder();
    const s = session({ leaveAfterMs: 2500 });
    // The frame pump: one frame out at a time, the next sent on the first tick after the answer.
    let awaitingSinceMs: number | null = null;
    let t = 0;
    const answerAfter = (latenciesMs: number[]): void => {
      for (const latencyMs of latenciesMs) {
        awaitingSinceMs = t;
        for (const end = t + latencyMs; t < end; t += 16) s.tick(t, awaitingSinceMs);
        s.observe('facing', t);
        awaitingSinceMs = null;
        t += 16;
        s.tick(t, awaitingSinceMs);
      }
    };
    answerAfter([1300, 1300, 1300, 1300, 4400, 1300, 9600, 1300]);
    expect(s.phase).toBe('session');
    expect(events).toEqual(['start s1']);
    // A frame out for twice the engine's hang timeout (10 s by default), and the grace period after it: the zone
    // counts as empty.
    const sentMs = t;
    for (; t < sentMs + 10_000 + 2500 - 32; t += 16) s.tick(t, sentMs);
    expect(events).toEqual(['start s1']);
    for (; t <= sentMs + 10_000 + 2500 + 32; t += 16) s.tick(t, sentMs);
    expect(events).toEqual(['start s1', 'end s1 left']);
  });

  it("I'm done ends at once and the same person must step out before a new session", () => {
    const { events, session } = recorder();
    const s = session({ rearmAfterMs: 8000 });
    feed(s, 'facing', 0, 1200);
    s.done(1200);
    expect(s.phase).toBe('attract');
    feed(s, 'facing', 1300, 5000);
    expect(s.phase).toBe('attract');
    s.observe('nobody', 5000);
    feed(s, 'facing', 5100, 6300);
    expect(s.phase).toBe('session');
    expect(events).toEqual(['start s1', 'end s1 done', 'start s2']);
  });

  it('clamps the leave delay to 1–10 s', () => {
    const { events, session } = recorder();
    const s = session({ leaveAfterMs: 60_000 });
    feed(s, 'facing', 0, 1200);
    feed(s, 'nobody', 1200, 11_300);
    expect(events).toEqual(['start s1', 'end s1 left']);
  });
});
