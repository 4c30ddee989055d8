/**
 * Entry point of the inference process: a forked Node child in the web shell, a utilityProcess in Electron.
 * Messages come from the host (init, frames, reset) and go back (ready, pose, error); everything else about
 * the engine lives in EngineWorker and the pipeline.
 */
import { EngineWorker } from './engine';
import { createNativeProcessor } from './native-processor';
import type { EngineToHost } from '../shared/engine-protocol';

interface PortLike {
  on(event: 'message', listener: (e: { data: unknown; ports?: PortLike[] }) => void): void;
  postMessage(message: unknown, transfer?: unknown[]): void;
  start?(): void;
}
type ParentPort = PortLike;

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

if (parentPort) {
  // Electron utilityProcess. The renderer gets a MessagePort of its own: frames arrive on it and pose frames go
  // back on it; the host (main) still gets every message, but pose frames without their mask (it only counts
  // them and watches health).
  let rendererPort: PortLike | null = null;
  const worker = new EngineWorker(createNativeProcessor, (m: EngineToHost) => {
    if (m.t === 'pose' && rendererPort) {
      rendererPort.postMessage(m);
      parentPort.postMessage({ t: 'pose', pose: { ...m.pose, mask: null } });
    } else {
      rendererPort?.postMessage(m);
      parentPort.postMessage(m);
    }
  });
  parentPort.on('message', (e) => {
    const port = e.ports?.[0];
    if (port) {
      rendererPort = port;
      port.on('message', (ev) => worker.handle(ev.data));
      port.start?.();
    } else {
      worker.handle(e.data);
    }
  });
} else if (process.send) {
  // Node child_process.fork with serialization: 'advanced'.
  const send = process.send.bind(process);
  const worker = new EngineWorker(createNativeProcessor, (m: EngineToHost) => {
    if (process.connected) send(m);
  });
  process.on('message', (m) => worker.handle(m));
  // The host is gone: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('atelier inference process: start it from the app (no parent channel)');
  process.exit(2);
}
