import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/contract';
import { CRASH_WINDOW_MS, EngineSelector, initialSelectorState, selectEngine, type SelectorState } from './select-engine';

const status = (state: EngineStatus['state'], restarts = 0, lastError: string | null = null): EngineStatus => ({
  state,
  provider: state === 'running' ? 'cpu' : null,
  providerNotes: [],
  modelSize: 'full',
  lastError,
  restarts,
});

/** Feeds statuses at the given times through the pure policy; returns every selection. */
function run(setting: 'auto' | 'native' | 'browser', steps: Array<[number, EngineStatus | null]>) {
  let state: SelectorState = initialSelectorState;
  return steps.map(([t, s]) => {
    const r = selectEngine(setting, state, s, t);
    state = r.state;
    return r.selection;
  });
}

describe('selectEngine', () => {
  it('obeys native and browser whatever the native engine does', () => {
    expect(run('native', [[0, status('failed')], [1, status('absent')]]).map((s) => s.engine)).toEqual(['native', 'native']);
    expect(run('browser', [[0, status('running')]])[0]).toMatchObject({ engine: 'browser', fellBack: false });
  });

  it('auto uses native while it starts and runs', () => {
    const sel = run('auto', [[0, null], [10, status('starting')], [500, status('running')], [600, status('restarting', 1)]]);
    expect(sel.map((s) => s.engine)).toEqual(['native', 'native', 'native', 'native']);
    expect(sel.every((s) => !s.fellBack)).toBe(true);
  });

  it('auto falls back when native is absent or failed, and says why', () => {
    const [absent] = run('auto', [[0, status('absent', 0, 'inference process not built')]]);
    expect(absent).toEqual({ engine: 'browser', fellBack: true, reason: 'engine: browser (auto: native absent: inference process not built)' });
    const sel = run('auto', [[0, status('running')], [5, status('failed', 0, 'onnxruntime: out of memory')]]);
    expect(sel[1]).toMatchObject({ engine: 'browser', fellBack: true });
    expect(sel[1]!.reason).toContain('failed: onnxruntime: out of memory');
  });

  it('auto falls back after 3 restarts within 60 s, not after 3 spread wider', () => {
    const crashing = run('auto', [
      [0, status('running', 0)],
      [10_000, status('running', 1)],
      [20_000, status('running', 2)],
      [30_000, status('running', 3)],
    ]);
    expect(crashing.map((s) => s.engine)).toEqual(['native', 'native', 'native', 'browser']);
    expect(crashing[3]!.reason).toBe('engine: browser (auto: native restarted 3 times in 60 s)');

    const spread = run('auto', [
      [0, status('running', 0)],
      [1_000, status('running', 1)],
      [40_000, status('running', 2)],
      [1_000 + CRASH_WINDOW_MS, status('running', 3)],
    ]);
    expect(spread.map((s) => s.engine)).toEqual(['native', 'native', 'native', 'native']);
  });

  it('counts a jump of several restarts in one status', () => {
    const sel = run('auto', [[0, status('running', 0)], [100, status('restarting', 3)]]);
    expect(sel[1]!.engine).toBe('browser');
  });

  it('takes the first status as the baseline: restarts before this page loaded do not count', () => {
    expect(run('auto', [[0, status('running', 7)], [100, status('running', 7)]]).map((s) => s.engine)).toEqual(['native', 'native']);
  });

  it('stays on the browser engine once it fell back, even when native recovers', () => {
    const sel = run('auto', [[0, status('failed')], [1_000, status('running')], [120_000, status('running')]]);
    expect(sel.map((s) => s.engine)).toEqual(['browser', 'browser', 'browser']);
    expect(sel[2]!.reason).toContain('failed');
  });
});

describe('EngineSelector', () => {
  it('keeps the policy state between updates, on the clock it is given', () => {
    let now = 0;
    const selector = new EngineSelector('auto', () => now);
    expect(selector.selection.engine).toBe('native');
    selector.update(status('running', 0));
    for (let i = 1; i <= 3; i++) {
      now += 5_000;
      selector.update(status('restarting', i));
    }
    expect(selector.selection).toMatchObject({ engine: 'browser', fellBack: true });
  });
});
