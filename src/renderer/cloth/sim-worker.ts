/**
 * The cloth worker: one {@link HemCloth} (Jolt soft body) stepped off the renderer's main thread. Jolt is loaded
 * from our own bundle (sim-jolt.ts); every step message gets exactly one answer.
 */
import { HemCloth } from './sim-hem';
import { loadJolt } from './sim-jolt';
import type { FromClothWorker, ToClothWorker } from './sim-protocol';

/** The worker global, typed to what we use (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(message: FromClothWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToClothWorker>) => void) | null;
};

let cloth: HemCloth | null = null;
let generation = -1;
/** Messages run one after another (Jolt loads asynchronously once). */
let queue: Promise<void> = Promise.resolve();

async function handle(m: ToClothWorker): Promise<void> {
  if (m.t === 'dispose') {
    cloth?.dispose();
    cloth = null;
    return;
  }
  const J = await loadJolt();
  if (m.t === 'init') {
    cloth?.dispose();
    cloth = new HemCloth(J, m.spec);
    generation = m.generation;
    return;
  }
  if (!cloth || m.generation !== generation) return;
  const t0 = performance.now();
  const report = cloth.step(m);
  const offsetsM = cloth.offsetsM.slice();
  scope.postMessage({ t: 'offsets', generation, offsetsM, stepMs: performance.now() - t0, reset: report.reset }, [offsetsM.buffer]);
}

scope.onmessage = (e) => {
  queue = queue
    .then(() => handle(e.data))
    .catch((err: unknown) => scope.postMessage({ t: 'error', message: err instanceof Error ? err.message : String(err) }));
};
