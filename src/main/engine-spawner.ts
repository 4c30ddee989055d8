import type * as Electron from 'electron';
import type { EngineChild, SpawnEngine } from '../core/inference-host';

/**
 * Spawner for Electron: the inference process as a `utilityProcess` (its own V8 heap — a crash or OOM there
 * does not take the app down). Frames reach it the way they reach the web shell's forked child: from the renderer
 * to main on the contract's `engine.submitFrame` channel, through the `PoseRouter` and the `InferenceHost`'s
 * `FrameGate` (one in flight, hang watchdog), then `postMessage` here — a structured clone, no transfer list
 * (Electron #34905: ArrayBuffers transferred into a `MessagePortMain` can arrive empty). Pose frames come back on
 * the process's parent port and go to the window through main's routed `pose.subscribe`.
 */
export function utilityEngineSpawner(electron: Pick<typeof Electron, 'utilityProcess'>, scriptPath: string): SpawnEngine {
  return (): EngineChild => {
    const child = electron.utilityProcess.fork(scriptPath, [], { serviceName: 'Atelier inference', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(`exited with code ${code}`)),
      kill: () => {
        child.kill();
      },
    };
  };
}
