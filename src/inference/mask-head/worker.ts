/**
 * The mask head's worker thread: its own ONNX Runtime session (one intra-op thread) and the ROI mask's sigmoid and
 * temporal blend, off the engine's thread. One job at a time, in the order they come; each answer transfers a new
 * mask buffer to the engine's thread. Started and owned by MaskHeadThread (thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThreadsPriority } from './thread-priority';
import { RoiPersonMaskBuilder } from '../pipeline/roi-mask';
import type { FromMaskHeadWorker, MaskHeadJob, MaskHeadWorkerData, ToMaskHeadWorker } from './protocol';
import { openMaskHeadSession } from './session';

/**
 * Intra-op threads of the worker's session: the head overlaps the next frame's crop and trunk, which already run two
 * threads on a 2-core kiosk; more threads here would only queue for the same cores.
 */
const WORKER_THREADS = 1;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the mask head worker runs as a worker thread');
  const data = workerData as MaskHeadWorkerData;
  if (data.niceBy) lowerThisThreadsPriority(data.niceBy);
  const head = await openMaskHeadSession({ file: data.file, features: Object.keys(data.features), maskSizePx: data.maskSizePx, ep: data.ep, threads: WORKER_THREADS });
  // Warm-up on zeros of the trunk's shapes, so that the first frame's head is not the slow one.
  await head.run(Object.fromEntries(Object.entries(data.features).map(([name, dims]) => [name, { data: new Float32Array(dims.reduce((a, b) => a * b, 1)), dims }])));
  const builder = new RoiPersonMaskBuilder();
  const post = (m: FromMaskHeadWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  const run = async (job: MaskHeadJob): Promise<void> => {
    const t0 = performance.now();
    const logits = await head.run(job.features);
    const t1 = performance.now();
    const mask = new Uint8Array(head.maskSizePx * head.maskSizePx);
    const frameFromMask = builder.build(logits, job.rect, job.widthPx, job.heightPx, mask, job.blend);
    post({ t: 'mask', seq: job.seq, data: mask, side: head.maskSizePx, frameFromMask: [...frameFromMask], headMs: t1 - t0, blendMs: performance.now() - t1 }, [mask.buffer]);
  };
  // Jobs run one after another: the blend reads the previous job's mask.
  let queue = Promise.resolve();
  port.on('message', (m: ToMaskHeadWorker) => {
    if (m.t === 'close') {
      void queue.then(async () => {
        await head.dispose();
        port.close();
      });
      return;
    }
    queue = queue.then(() => run(m).catch((e: unknown) => post({ t: 'failed', seq: m.seq, message: (e as Error).message })));
  });
  post({ t: 'ready' });
}

// An error opening the session ends the thread with it: the owner sees the 'error' event and says why.
main().catch((e: unknown) => {
  setImmediate(() => {
    throw e;
  });
});
