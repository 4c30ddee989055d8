import { describe, expect, it } from 'vitest';
import { PresenceSession } from './presence-session';

function run(session: PresenceSession, frames: Array<[present: boolean, atMs: number]>): void {
  for (const [p, t] of frames) session.observe(p, t);
}

describe('PresenceSession', () => {
  it('starts only after someone has stood there, ends after the idle timeout, and reports both', () => {
    const events: string[] = [];
    let n = 0;
    const s = new PresenceSession({ enterAfterMs: 500, leaveAfterMs: 3000, newId: () => `s${++n}`, onStart: (id) => events.push(`start ${id}`), onEnd: (id) => events.push(`end ${id}`) });
    run(s, [[true, 0], [true, 200], [false, 300], [true, 400], [true, 800]]);
    expect(s.state).toBe('attract'); // the presence was interrupted: 400 → 800 is < 500 ms
    s.observe(true, 900);
    expect(s.state).toBe('active');
    expect(s.sessionId).toBe('s1');
    run(s, [[false, 1000], [false, 3800]]);
    expect(s.state).toBe('active'); // last seen at 900: 2.9 s ago
    s.tick(3900);
    expect(s.state).toBe('attract');
    expect(events).toEqual(['start s1', 'end s1']);
  });

  it('a passer-by in a few frames does not start a session', () => {
    const s = new PresenceSession({ enterAfterMs: 700 });
    for (let t = 0; t < 5000; t += 100) s.observe(t % 1000 < 300, t);
    expect(s.state).toBe('attract');
  });

  it('times out with no frames at all (engine down) and can be ended early', () => {
    const s = new PresenceSession({ enterAfterMs: 0, leaveAfterMs: 1000 });
    s.observe(true, 0);
    expect(s.state).toBe('active');
    s.tick(999);
    expect(s.state).toBe('active');
    s.tick(1000);
    expect(s.state).toBe('attract');
    s.observe(true, 2000);
    s.end();
    expect(s.state).toBe('attract');
  });
});
