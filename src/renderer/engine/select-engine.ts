/**
 * Which pose engine the mirror listens to. `native` (ONNX Runtime in its own process) and `browser` (tasks-vision
 * in a Web Worker) are obeyed; `auto` uses the native engine and falls back to the browser engine when the native
 * one cannot start (`absent`, `failed`) or keeps crashing. Once fallen back, `auto` stays on the browser engine for
 * the rest of the session: flapping between engines would make the garment jump each time.
 */
import type { EngineStatus } from '../../shared/contract';

export type EngineSetting = 'auto' | 'native' | 'browser';
export type EngineKind = 'native' | 'browser';

/** Native restarts within {@link CRASH_WINDOW_MS} that count as "keeps crashing". @default 3 */
export const CRASH_RESTARTS = 3;
/** Window over which native restarts are counted, ms. @default 60000 */
export const CRASH_WINDOW_MS = 60_000;

export interface EngineSelection {
  engine: EngineKind;
  /** One line for the debug overlay: why this engine. */
  reason: string;
  /** True when `auto` chose the browser engine because the native one did not work. */
  fellBack: boolean;
}

/**
 * What the selector remembers between native status updates. Plain data so the policy stays a pure function.
 */
export interface SelectorState {
  /** Times (ms, caller's clock) at which the native engine's restart count went up, oldest first. */
  restartTimesMs: readonly number[];
  /** Restart count in the last native status seen, or null before the first. */
  lastRestarts: number | null;
  /** Set once `auto` fell back; the fallback is final. */
  fallback: EngineSelection | null;
}

export const initialSelectorState: SelectorState = { restartTimesMs: [], lastRestarts: null, fallback: null };

/**
 * Folds one native status (or `null` before any has arrived) into the selector state and says which engine to use.
 * Pure: the caller supplies the clock.
 */
export function selectEngine(
  setting: EngineSetting,
  state: SelectorState,
  native: EngineStatus | null,
  nowMs: number,
): { state: SelectorState; selection: EngineSelection } {
  const next = recordRestarts(state, native, nowMs);
  if (setting === 'native') return { state: next, selection: { engine: 'native', reason: 'engine: native (configured)', fellBack: false } };
  if (setting === 'browser') return { state: next, selection: { engine: 'browser', reason: 'engine: browser (configured)', fellBack: false } };
  if (next.fallback) return { state: next, selection: next.fallback };
  const why = fallbackReason(next, native);
  if (why) {
    const fallback: EngineSelection = { engine: 'browser', reason: `engine: browser (auto: native ${why})`, fellBack: true };
    return { state: { ...next, fallback }, selection: fallback };
  }
  const reason = native ? `engine: native (auto; native ${native.state})` : 'engine: native (auto; waiting for native status)';
  return { state: next, selection: { engine: 'native', reason, fellBack: false } };
}

function recordRestarts(state: SelectorState, native: EngineStatus | null, nowMs: number): SelectorState {
  if (!native) return state;
  const added = state.lastRestarts === null ? 0 : Math.max(0, native.restarts - state.lastRestarts);
  const times = [...state.restartTimesMs, ...Array<number>(added).fill(nowMs)].filter((t) => nowMs - t < CRASH_WINDOW_MS);
  return { ...state, restartTimesMs: times, lastRestarts: native.restarts };
}

function fallbackReason(state: SelectorState, native: EngineStatus | null): string | null {
  if (!native) return null;
  if (native.state === 'absent') return `absent${native.lastError ? `: ${native.lastError}` : ''}`;
  if (native.state === 'failed') return `failed${native.lastError ? `: ${native.lastError}` : ''}`;
  if (state.restartTimesMs.length >= CRASH_RESTARTS) {
    return `restarted ${state.restartTimesMs.length} times in ${CRASH_WINDOW_MS / 1000} s`;
  }
  return null;
}

/** {@link selectEngine} with its state kept: feed it every native status, read the selection. */
export class EngineSelector {
  private state: SelectorState = initialSelectorState;
  selection: EngineSelection;

  /** @param nowMs the clock restarts are timed with. @default performance.now */
  constructor(
    private readonly setting: EngineSetting,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.selection = this.update(null);
  }

  /** Folds in a native status (null: none yet) and returns the engine to use now. */
  update(native: EngineStatus | null): EngineSelection {
    const r = selectEngine(this.setting, this.state, native, this.nowMs());
    this.state = r.state;
    this.selection = r.selection;
    return r.selection;
  }
}
