import type { AtelierApi, EngineStatus } from '../../shared/contract';
import type { PoseFrame } from '../../shared/pose';
import type { BrowserPoseEngine } from './browser-pose-engine';
import { EngineSelector, type EngineSelection, type EngineSetting } from './select-engine';

export interface EngineRouter {
  /** The shell's API with its engine channels served by whichever engine is selected now. */
  readonly api: AtelierApi;
  readonly selection: EngineSelection;
  dispose(): void;
}

/**
 * `engine: native | browser | auto` for the whole renderer: one API whose `engine.submitFrame`, `engine.onStatus`
 * and `pose.subscribe` go to the native engine (the shell's inference process) or to the browser engine
 * (tasks-vision in a worker), switching once — for good — when `auto` sees the native engine absent, failed or
 * crashing repeatedly. Subscribers stay subscribed across the switch, so the frame pump and the pose stream never
 * notice. The status the renderer sees names the engine in use and why (first provider note).
 */
export function routeEngine(api: AtelierApi, setting: EngineSetting, makeBrowser: () => BrowserPoseEngine): EngineRouter {
  const poseListeners = new Set<(pose: PoseFrame) => void>();
  const statusListeners = new Set<(status: EngineStatus) => void>();
  const selector = new EngineSelector(setting);
  let browser: BrowserPoseEngine | null = null;
  let lastStatus: EngineStatus | null = null;
  const offs: Array<() => void> = [];

  const emitStatus = (s: EngineStatus): void => {
    lastStatus = { ...s, providerNotes: [selector.selection.reason, ...s.providerNotes] };
    for (const fn of statusListeners) fn(lastStatus);
  };
  const useBrowser = (): void => {
    if (browser) return;
    const b = makeBrowser();
    browser = b;
    offs.push(
      b.subscribe((p) => poseListeners.forEach((fn) => fn(p))),
      b.onStatus((s) => emitStatus(s)),
    );
  };

  if (selector.selection.engine === 'browser') useBrowser();
  offs.push(
    api.engine.onStatus((native) => {
      const sel = selector.update(native);
      if (sel.engine === 'browser') useBrowser();
      else emitStatus(native);
    }),
    api.pose.subscribe((p) => {
      if (!browser) poseListeners.forEach((fn) => fn(p));
    }),
  );

  const routed: AtelierApi = {
    ...api,
    engine: {
      ...api.engine,
      submitFrame: (frame, transfer) => (browser ? browser.submitRgba(frame) : api.engine.submitFrame(frame, transfer)),
      onStatus: (fn) => {
        statusListeners.add(fn);
        if (lastStatus) fn(lastStatus);
        return () => statusListeners.delete(fn);
      },
    },
    pose: {
      ...api.pose,
      subscribe: (fn) => {
        poseListeners.add(fn);
        return () => poseListeners.delete(fn);
      },
    },
  };
  return {
    api: routed,
    get selection() {
      return selector.selection;
    },
    dispose() {
      offs.forEach((off) => off());
      browser?.dispose();
    },
  };
}
