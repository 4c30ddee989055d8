import { describe, expect, it } from 'vitest';
import type { PageProblem } from '../../shared/page-problem';
import { problemOf, reportCaught, watchPageProblems } from './page-problems';

/** The events a browser fires at the window (Node has Event but not ErrorEvent and the others). */
const errorEvent = (message: string, filename = 'http://127.0.0.1:7481/assets/index.js?v=2', lineno = 12, colno = 5): Event =>
  Object.assign(new Event('error'), { message, filename, lineno, colno, error: new Error(message) });
const rejection = (reason: unknown): Event => Object.assign(new Event('unhandledrejection'), { reason });
const cspViolation = (blockedURI: string, effectiveDirective: string): Event =>
  Object.assign(new Event('securitypolicyviolation'), { blockedURI, effectiveDirective, violatedDirective: effectiveDirective, sourceFile: 'http://127.0.0.1:7481/assets/three.js', lineNumber: 40, columnNumber: 2 });

function watch(maxDistinct?: number) {
  const target = new EventTarget();
  const sent: PageProblem[] = [];
  const timers: Array<() => void> = [];
  const stop = watchPageProblems(target, (p) => sent.push(p), {
    page: 'mirror',
    ...(maxDistinct ? { maxDistinct } : {}),
    setTimer: (fn) => timers.push(fn),
  });
  return { target, sent, stop, fireTimers: () => timers.splice(0).forEach((fn) => fn()) };
}

describe('watchPageProblems', () => {
  it('turns the window\'s error, rejection and CSP events into reports', () => {
    expect(problemOf(errorEvent('TypeError: a is undefined'))).toEqual({
      kind: 'error',
      message: 'TypeError: a is undefined',
      source: 'http://127.0.0.1:7481/assets/index.js?…:12:5',
    });
    expect(problemOf(rejection(new RangeError('bad size')))).toEqual({ kind: 'rejection', message: 'RangeError: bad size' });
    expect(problemOf(rejection({ code: 'busy' }))).toEqual({ kind: 'rejection', message: '{"code":"busy"}' });
    expect(problemOf(cspViolation('blob', 'connect-src'))).toEqual({ kind: 'csp', message: 'refused blob by connect-src', source: 'http://127.0.0.1:7481/assets/three.js:40:2' });
    // A picture that failed to load fires a plain Event, not an ErrorEvent: not a page problem.
    expect(problemOf(new Event('error'))).toBeNull();
  });

  it('sends the first of each problem at once and folds its repeats into one counted report', () => {
    const w = watch();
    for (let i = 0; i < 30; i++) w.target.dispatchEvent(errorEvent('frame loop failed'));
    w.target.dispatchEvent(cspViolation('blob', 'connect-src'));
    expect(w.sent.map((p) => [p.kind, p.count])).toEqual([['error', 1], ['csp', 1]]);
    w.fireTimers();
    expect(w.sent.slice(2)).toEqual([expect.objectContaining({ kind: 'error', message: 'frame loop failed', count: 29, page: 'mirror' })]);
    w.fireTimers();
    expect(w.sent).toHaveLength(3);
  });

  it('past its distinct problems, counts the rest in one report', () => {
    const w = watch(3);
    for (let i = 0; i < 10; i++) w.target.dispatchEvent(errorEvent(`problem ${i}`));
    expect(w.sent.map((p) => p.message)).toEqual(['problem 0', 'problem 1', 'problem 2', 'more distinct problems than the 3 reported one by one']);
    w.fireTimers();
    expect(w.sent[4]).toMatchObject({ message: 'more distinct problems than the 3 reported one by one', count: 6 });
  });

  it('never throws from the handler when reporting fails, and stops when told', () => {
    const target = new EventTarget();
    const stop = watchPageProblems(target, () => {
      throw new Error('bridge closed');
    }, { page: 'admin' });
    expect(() => target.dispatchEvent(errorEvent('x'))).not.toThrow();
    const w = watch();
    w.stop();
    w.target.dispatchEvent(errorEvent('after stop'));
    expect(w.sent).toEqual([]);
    stop();
  });

  it('takes what the page\'s code caught (reportCaught) with the window\'s problems, and ignores it with no watcher', () => {
    reportCaught('cloth motion off', 'no watcher: dropped');
    const w = watch();
    reportCaught('cloth motion off', 'the cloth worker failed to load');
    reportCaught('frame stage fit', new RangeError('bad index'));
    reportCaught('frame stage fit', new RangeError('bad index'));
    expect(w.sent).toEqual([
      { kind: 'error', page: 'mirror', message: 'the cloth worker failed to load', source: 'cloth motion off', count: 1 },
      { kind: 'error', page: 'mirror', message: 'RangeError: bad index', source: 'frame stage fit', count: 1 },
    ]);
    w.fireTimers();
    expect(w.sent[2]).toMatchObject({ source: 'frame stage fit', count: 1 });
    w.stop();
    reportCaught('frame stage fit', 'after stop');
    expect(w.sent).toHaveLength(3);
  });
});
