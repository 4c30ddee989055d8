/**
 * Entry point of the inference process: a forked Node child in the web shell, a utilityProcess in Electron.
 * Messages come from the host (init, frames, reset) and go back (ready, pose, error); everything else about
 * the engine lives in EngineWorker and the pipeline.
 */
import { EngineWorker } from './engine';
import { createNativeProcessor } from './native-processor';
import type { EngineToHost } from '../shared/engine-protocol';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

if (parentPort) {
  // Electron utilityProcess: main's inference host is the only peer (frames in, each pose out once, serialised by
  // the structured clone here; no transfer list, see engine-spawner.ts).
  const worker = new EngineWorker(createNativeProcessor, (m: EngineToHost) => parentPort.postMessage(m));
  parentPort.on('message', (e) => worker.handle(e.data));
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
