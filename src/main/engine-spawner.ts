import type * as Electron from 'electron';
import { IPC_ENGINE_PORT } from '../shared/ipc-channels';
import type { EngineChild, SpawnEngine } from '../core/inference-host';

/**
 * Spawner for Electron: the inference process as a `utilityProcess` (its own V8 heap — a crash or OOM there
 * does not take the app down), wired straight to the renderer by a MessagePort so camera frames and pose frames
 * skip the main process. A new port is handed over whenever a process becomes the active one (start, or a warm
 * standby promoted after a crash) and on every renderer (re)load.
 */
export function utilityEngineSpawner(
  electron: Pick<typeof Electron, 'utilityProcess' | 'MessageChannelMain'>,
  scriptPath: string,
  renderer: () => Electron.WebContents | null,
): SpawnEngine & { connectRenderer(): void } {
  let current: Electron.UtilityProcess | null = null;

  const connectRenderer = (): void => {
    const wc = renderer();
    if (!current || !wc || wc.isDestroyed()) return;
    const { port1, port2 } = new electron.MessageChannelMain();
    current.postMessage({ t: 'renderer-port' }, [port1]);
    wc.postMessage(IPC_ENGINE_PORT, null, [port2]);
  };

  const spawn = (): EngineChild => {
    const child = electron.utilityProcess.fork(scriptPath, [], { serviceName: 'Atelier inference', stdio: 'inherit' });
    let spawned = false;
    // The renderer is wired to the process the host made active — not to a warm standby that was forked later.
    child.once('spawn', () => {
      spawned = true;
      if (current === child) connectRenderer();
    });
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
      activate: () => {
        current = child;
        if (spawned) connectRenderer();
      },
    };
  };
  return Object.assign(spawn, { connectRenderer });
}
