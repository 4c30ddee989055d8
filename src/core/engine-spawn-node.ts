import { fork } from 'node:child_process';
import type { EngineChild, SpawnEngine } from './inference-host';

/**
 * Spawner for the web shell: the inference process as a forked Node child. `advanced` serialization carries
 * typed arrays (frames, masks) as structured clones instead of JSON. Its heap is its own: a crash or an
 * out-of-memory there ends only the child, and the host restarts it.
 */
export function nodeEngineSpawner(scriptPath: string, opts: { maxHeapMB?: number } = {}): SpawnEngine {
  return (): EngineChild => {
    const child = fork(scriptPath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [`--max-old-space-size=${opts.maxHeapMB ?? 1024}`],
      env: { ...process.env, ATELIER_INFERENCE_CHILD: '1' },
    });
    return {
      pid: child.pid,
      post: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        child.on('exit', (code, signal) => listener(signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`));
        child.on('error', (err) => listener(`process error: ${err.message}`));
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}
