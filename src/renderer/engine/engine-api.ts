import type { AtelierApi } from '../../shared/contract';
import type { BrowserPoseEngine } from './browser-pose-engine';

/**
 * The same `AtelierApi` with its engine channels (`engine.submitFrame`, `engine.onStatus`, `pose.subscribe`) served
 * by the browser engine instead of the native one, so `FramePump` and `PoseStream` work unchanged on either engine.
 * Everything else (catalog, app) still goes to the shell. Borrows both: disposing the engine is the caller's job.
 */
export function withBrowserEngine(api: AtelierApi, engine: BrowserPoseEngine): AtelierApi {
  return {
    ...api,
    engine: {
      ...api.engine,
      // The frame's buffer moves to the worker; `transfer` is already implied.
      submitFrame: (frame) => engine.submitRgba(frame),
      onStatus: (cb) => engine.onStatus(cb),
    },
    pose: { ...api.pose, subscribe: (cb) => engine.subscribe(cb) },
  };
}
