import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageProblem } from '../../shared/page-problem';
import { watchPageProblems } from '../bridge/page-problems';
import { FrameLoop } from './frame-loop';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('FrameLoop', () => {
  it('runs stages in the frame order whatever order controllers add them in', () => {
    const loop = new FrameLoop();
    loop.add('render', () => {});
    loop.add('session', () => {});
    loop.add('advice', () => {});
    loop.add('fit', () => {});
    loop.add('capture', () => {});
    expect(loop.order).toEqual(['session', 'fit', 'render', 'capture', 'advice']);
  });

  it('removes exactly the stage it added', () => {
    const loop = new FrameLoop();
    const a = (): void => {};
    const offA = loop.add('debug', a);
    loop.add('debug', () => {});
    offA();
    offA();
    expect(loop.order).toEqual(['debug']);
  });

  it('a stage that throws does not stop the others, and its failure reaches the shell once, then as a count', () => {
    const ticks: Array<(t: number) => void> = [];
    vi.stubGlobal('requestAnimationFrame', (fn: (t: number) => void) => ticks.push(fn));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const sent: PageProblem[] = [];
    const timers: Array<() => void> = [];
    const stop = watchPageProblems(new EventTarget(), (p) => sent.push(p), { page: 'mirror', setTimer: (fn) => timers.push(fn) });
    const loop = new FrameLoop();
    let rendered = 0;
    loop.add('fit', () => {
      throw new TypeError('garment rig: no shoulders');
    });
    loop.add('render', () => rendered++);
    loop.start();
    for (let i = 0; i < 5; i++) ticks.shift()!(16 * i);
    loop.stop();
    stop();
    expect(rendered).toBe(5);
    expect(sent).toEqual([{ kind: 'error', page: 'mirror', message: 'TypeError: garment rig: no shoulders', source: 'frame stage fit', count: 1 }]);
    timers.forEach((fn) => fn());
    // The watcher stopped before its timer: nothing more is sent after a page's watcher is gone.
    expect(sent).toHaveLength(1);
  });
});
