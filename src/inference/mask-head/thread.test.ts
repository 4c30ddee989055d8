/**
 * MaskHeadThread against fake workers that misbehave (die, throw, hang, send nonsense) and against the real worker
 * (a head run and the shutdown). A fake is a worker thread speaking protocol.ts, told by `workerData` how to fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MODELS_HOW, requirePrerequisites } from '../../../tests/support/prerequisites';
import { MODELS_DIR } from '../../../tests/helpers/repo-paths';
import type { MaskHeadWorkerData } from './protocol';
import { MaskHeadThread, MAX_RESTARTS, spawnMaskHeadWorker } from './thread';

type Behaviour = 'good' | 'slow' | 'exit-on-second-job' | 'throw' | 'malformed' | 'hang' | 'fail-to-start';

const FAKE = `
const { parentPort, workerData } = require('node:worker_threads');
const how = workerData.how;
if (how === 'fail-to-start') throw new Error('no such model');
parentPort.postMessage({ t: 'ready' });
let jobs = 0;
parentPort.on('message', (m) => {
  if (m.t === 'close') return parentPort.close();
  jobs++;
  if (how === 'exit-on-second-job' && jobs === 2) process.exit(3);
  if (how === 'throw') throw new Error('boom in the head');
  if (how === 'hang') return;
  if (how === 'malformed') return parentPort.postMessage({ t: 'mask', seq: m.seq, data: 'not bytes', side: 128 });
  const answer = () => {
    const data = new Uint8Array(128 * 128).fill(m.seq);
    parentPort.postMessage({ t: 'mask', seq: m.seq, data, side: 128, frameFromMask: [1, 0, 0, 0, 1, 0], headMs: 1, blendMs: 0 }, [data.buffer]);
  };
  if (how === 'slow') setTimeout(answer, 200);
  else answer();
});`;

/** Starts a thread whose n-th worker behaves as `behaviours[n]` (the last one from then on). */
async function fakeThread(behaviours: Behaviour[], hangMs = 1000) {
  const log: string[] = [];
  const workers: Worker[] = [];
  const thread = await MaskHeadThread.start({
    spawn: () => {
      const w = new Worker(FAKE, { eval: true, workerData: { how: behaviours[Math.min(workers.length, behaviours.length - 1)] } });
      workers.push(w);
      return w;
    },
    hangMs,
    log: (line) => log.push(line),
  });
  return { thread, log, workers };
}

const placement = { rect: { xCenterNorm: 0.5, yCenterNorm: 0.5, widthNorm: 0.5, heightNorm: 0.5, rotationRad: 0 }, widthPx: 640, heightPx: 360, blend: true };
const features = () => ({ conv_3: { data: new Float32Array(16), dims: [1, 16] } });
const until = async (what: () => boolean, ms = 5000) => {
  for (const t0 = Date.now(); !what(); ) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('MaskHeadThread', () => {
  it('gives the mask of the last job handed over, and transfers the features (the caller holds them no more)', async () => {
    const { thread } = await fakeThread(['good']);
    const f = features();
    expect(thread.submit(f, ['conv_3'], placement)).toBe(true);
    expect(f.conv_3.data.byteLength, 'transferred, not copied').toBe(0);
    const mask = await thread.collect();
    expect(mask?.data[0]).toBe(1);
    expect(mask?.widthPx).toBe(128);
    // A job superseded before it was collected: only the later one's mask comes.
    thread.submit(features(), ['conv_3'], placement);
    thread.submit(features(), ['conv_3'], placement);
    expect((await thread.collect())?.data[0]).toBe(3);
    expect(await thread.collect(), 'nothing handed over since').toBeNull();
    await thread.dispose();
  });

  it('with a bound, a job not finished is busy and stays with the worker; a hang is found without ever waiting long', async () => {
    const { thread } = await fakeThread(['slow']);
    thread.submit(features(), ['conv_3'], placement);
    expect(await thread.collect(2), 'a 200-ms head is not done in 2 ms').toBe('busy');
    await new Promise((r) => setTimeout(r, 300));
    expect(((await thread.collect(2)) as { data: Uint8Array }).data[0], 'the same job, collected later').toBe(1);
    await thread.dispose();

    const hung = await fakeThread(['hang', 'good'], 300);
    hung.thread.submit(features(), ['conv_3'], placement);
    const answers: unknown[] = [];
    for (const t0 = performance.now(); performance.now() - t0 < 500; ) {
      const a = await hung.thread.collect(2);
      answers.push(a);
      if (a !== 'busy') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(answers.at(-1), 'past the hang limit: lost').toBeNull();
    expect(answers.slice(0, -1).every((a) => a === 'busy')).toBe(true);
    expect(hung.log[0]).toMatch(/no mask for 300 ms/);
    await until(() => hung.thread.available);
    expect(hung.workers.length).toBe(2);
    await hung.thread.dispose();
  });

  it('a worker that dies: that mask is missing with a log line, the worker is restarted and masks come again', async () => {
    const { thread, log, workers } = await fakeThread(['exit-on-second-job', 'good']);
    thread.submit(features(), ['conv_3'], placement);
    expect(await thread.collect()).not.toBeNull();
    thread.submit(features(), ['conv_3'], placement);
    expect(await thread.collect()).toBeNull();
    expect(log.join('\n')).toMatch(/mask head worker exited with code 3; masks missing until it is restarted in 100 ms \(restart 1 of 5\)/);
    expect(thread.available).toBe(false);
    expect(thread.submit(features(), ['conv_3'], placement), 'nothing taken while it restarts').toBe(false);
    await until(() => thread.available);
    expect(workers.length).toBe(2);
    expect(thread.restarts).toBe(1);
    thread.submit(features(), ['conv_3'], placement);
    expect((await thread.collect())?.widthPx).toBe(128);
    await thread.dispose();
  });

  it('a worker that throws, hangs or sends a malformed message is refused, ended and restarted', async () => {
    for (const how of ['throw', 'hang', 'malformed'] as const) {
      const { thread, log, workers } = await fakeThread([how, 'good'], 300);
      thread.submit(features(), ['conv_3'], placement);
      expect(await thread.collect(), how).toBeNull();
      expect(log[0], how).toMatch({ throw: /threw: boom in the head/, hang: /no mask for 300 ms/, malformed: /sent a malformed message, refused/ }[how]);
      await until(() => thread.available);
      expect(workers.length, how).toBe(2);
      thread.submit(features(), ['conv_3'], placement);
      expect(await thread.collect(), how).not.toBeNull();
      await thread.dispose();
    }
  });

  it(`gives up after ${MAX_RESTARTS} restarts (the caller runs the head itself then); a first start that fails throws`, async () => {
    const { thread, log, workers } = await fakeThread(['exit-on-second-job', 'fail-to-start']);
    thread.submit(features(), ['conv_3'], placement);
    await thread.collect();
    thread.submit(features(), ['conv_3'], placement);
    await thread.collect();
    await until(() => log.some((l) => l.includes('gave up')), 10_000);
    expect(workers.length).toBe(1 + MAX_RESTARTS);
    expect(thread.available).toBe(false);
    expect(log.at(-1)).toMatch(/gave up after 5 restarts: the engine's thread runs the mask head from now on/);
    await thread.dispose();
    await expect(fakeThread(['fail-to-start'])).rejects.toThrow(/mask head worker threw: no such model/);
  }, 20_000);

  it('a worker started a few nice steps down lowers its own thread only, not the engine\'s (Linux)', async () => {
    requirePrerequisites([{ path: path.join(MODELS_DIR, 'manifest.json'), how: MODELS_HOW }]);
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
    // A thread may end between the listing and the read (other tests' workers shutting down): it has no nice to count.
    const statOf = (tid: string) => {
      try {
        return readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    };
    const threadNices = () => readdirSync('/proc/self/task').flatMap((tid) => {
      const stat = statOf(tid);
      return stat === null ? [] : [niceOf(stat)];
    });
    const mine = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
    const lowered = Math.min(19, mine + 5);
    const before = threadNices().filter((n) => n === lowered).length;
    const data: MaskHeadWorkerData = { file: path.join(MODELS_DIR, 'pose_landmark_lite_maskhead128.onnx'), features: { conv_3: [1, 8, 128, 128], add_121: [1, 32, 64, 64] }, maskSizePx: 128, ep: 'cpu', niceBy: 5 };
    const thread = await MaskHeadThread.start({ spawn: () => spawnMaskHeadWorker(data) });
    try {
      // Its session is open and warmed up ('ready'): the worker's thread (and any its session started) runs five steps
      // down, this one does not.
      expect(threadNices().filter((n) => n === lowered).length).toBeGreaterThan(before);
      expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(mine);
    } finally {
      await thread.dispose();
    }
  }, 60_000);

  it('the real worker: a head run over the ROI, and shutdown joins it (it closes its session and exits by itself)', async () => {
    requirePrerequisites([{ path: path.join(MODELS_DIR, 'manifest.json'), how: MODELS_HOW }]);
    let worker: Worker | undefined;
    // lite's 128-px head and the shapes of the trunk outputs it reads (models/manifest.json maskHeadSplit).
    const data: MaskHeadWorkerData = { file: path.join(MODELS_DIR, 'pose_landmark_lite_maskhead128.onnx'), features: { conv_3: [1, 8, 128, 128], add_121: [1, 32, 64, 64] }, maskSizePx: 128, ep: 'cpu' };
    const thread = await MaskHeadThread.start({ spawn: () => (worker = spawnMaskHeadWorker(data)) });
    const zeros = (dims: number[]) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)), dims });
    expect(thread.submit({ conv_3: zeros(data.features.conv_3!), add_121: zeros(data.features.add_121!) }, ['conv_3', 'add_121'], placement)).toBe(true);
    const mask = await thread.collect();
    expect(mask?.data.length).toBe(128 * 128);
    // The ROI's placement: the rect's left edge at x = 0.5 − 0.25 of the frame.
    expect(mask?.frameFromMask[2]).toBeCloseTo(0.25, 6);
    const exit = new Promise<number>((resolve) => worker!.once('exit', resolve));
    await thread.dispose();
    // terminate() would give 1: 0 is the worker's own exit after closing its port.
    expect(await exit).toBe(0);
    expect(thread.available).toBe(false);
  }, 60_000);
});
