/**
 * MaskHeadThread: the one owner of the mask head's worker thread (worker.ts) — start, jobs, answers, death, restart
 * and shutdown. The engine's thread hands it a frame's feature maps and picks the finished mask up with the next
 * frame; a worker that dies, hangs or speaks nonsense costs masks, never the pose: the job's mask is missing (one log
 * line), the worker is restarted after a backoff, and after {@link MAX_RESTARTS} restarts the thread gives up
 * (`available` false) so that the caller runs the head itself again.
 */
import { existsSync } from 'node:fs';
import { setImmediate as immediate } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as v from 'valibot';
import { describeIssues } from '../../shared/contract-kit';
import type { TensorOut } from '../ort';
import type { LandmarkOutput, OffThreadRoiMask } from '../pipeline/pose-models';
import { FromMaskHeadWorkerSchema, type MaskHeadJob, type MaskHeadWorkerData, type ToMaskHeadWorker } from './protocol';

/** A mask the worker finished (its bytes transferred to the caller). */
export type OffThreadMask = OffThreadRoiMask;

/** Where the features' ROI lies (frame size in pixels: the rect's normalisation) and whether the worker blends. */
export type MaskHeadPlacement = Parameters<NonNullable<LandmarkOutput['segmentationOffThread']>>[0];

/**
 * Restarts before giving up, in the thread's life. A worker that failed five times has a cause a sixth start will not
 * fix (a broken model file, no memory); the engine's thread then runs the head as before the worker existed, the mask
 * on time again.
 */
export const MAX_RESTARTS = 5;
/** First restart delay, milliseconds; doubled per restart (100, 200, … 1600 ms: 3.1 s over the five). */
const RESTART_BACKOFF_MS = 100;
/**
 * Age at which a job without its mask means a hung worker, milliseconds. The head takes 3–12 ms (quiet to loaded); a
 * worker silent for a second is hung: it is ended and restarted, that job's mask is lost. The tracker does not wait
 * this long (it collects with a small bound and shows the last mask meanwhile); only a blocking collect does.
 */
const DEFAULT_HANG_MS = 1000;
/** Longest shutdown waits for the worker to close its session and exit before it is terminated, milliseconds. */
const CLOSE_TIMEOUT_MS = 2000;

export interface MaskHeadThreadOptions {
  /** Starts a worker speaking protocol.ts ({@link spawnMaskHeadWorker} with the head's data; tests pass fakes). */
  spawn: () => Worker;
  /** @default DEFAULT_HANG_MS */
  hangMs?: number;
  /** Where the thread says what went wrong (one line each). @default console.warn */
  log?: (line: string) => void;
}

interface Pending {
  seq: number;
  /** performance.now() when the job was posted: the hang limit counts from there. */
  postedAtMs: number;
  settle: (mask: OffThreadMask | null) => void;
  done: Promise<OffThreadMask | null>;
}

export class MaskHeadThread {
  private worker: Worker | null = null;
  private state: 'starting' | 'up' | 'down' | 'gave-up' | 'closed' = 'starting';
  private seq = 0;
  private pending: Pending | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartCount = 0;
  private readonly hangMs: number;
  private readonly log: (line: string) => void;
  private firstStart: { resolve: () => void; reject: (e: Error) => void } | null = null;

  private constructor(private readonly options: MaskHeadThreadOptions) {
    this.hangMs = options.hangMs ?? DEFAULT_HANG_MS;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /** Starts the worker and waits until its session is open. @throws when the first start fails (nothing restarted). */
  static async start(options: MaskHeadThreadOptions): Promise<MaskHeadThread> {
    const thread = new MaskHeadThread(options);
    await new Promise<void>((resolve, reject) => {
      thread.firstStart = { resolve, reject };
      thread.spawn();
    });
    return thread;
  }

  /** Whether a job handed over now will be run (false while restarting, after giving up, or after shutdown). */
  get available(): boolean {
    return this.state === 'up';
  }

  /** Times the worker was restarted after dying, hanging or a refused message. */
  get restarts(): number {
    return this.restartCount;
  }

  /**
   * Hands one frame's feature maps to the worker. Their buffers are transferred when each array owns its whole
   * buffer (ORT's outputs do), else copied into new ones that are; either way the caller must not read `features`
   * again. Supersedes an earlier job not collected (its mask is dropped).
   * @returns false (nothing taken, `features` untouched) when the worker is not {@link available}.
   */
  submit(features: Record<string, TensorOut>, names: readonly string[], placement: MaskHeadPlacement): boolean {
    if (this.state !== 'up' || !this.worker) return false;
    this.pending?.settle(null);
    const sent: MaskHeadJob['features'] = {};
    const transfer: ArrayBuffer[] = [];
    for (const name of names) {
      const t = features[name];
      if (!t) throw new Error(`the landmark trunk gave no ${name} for its mask head`);
      const owned = t.data.byteOffset === 0 && t.data.buffer instanceof ArrayBuffer && t.data.buffer.byteLength === t.data.byteLength && !transfer.includes(t.data.buffer);
      const data = owned ? t.data : new Float32Array(t.data);
      transfer.push(data.buffer as ArrayBuffer);
      sent[name] = { data, dims: t.dims };
    }
    const seq = ++this.seq;
    let settle!: (mask: OffThreadMask | null) => void;
    const done = new Promise<OffThreadMask | null>((resolve) => (settle = resolve));
    this.pending = { seq, postedAtMs: performance.now(), settle, done };
    this.post({ t: 'job', seq, features: sent, ...placement }, transfer);
    return true;
  }

  /**
   * The mask of the last job handed over, once the worker has finished it; null when there is no job, it failed,
   * the worker died, or it is older than the hang limit (the worker is then ended and restarted).
   * @param maxWaitMs longest this call waits for it, milliseconds, after one turn of the event loop (0: that turn only);
   *   a job not finished by then is `busy`: it stays with the worker, to be collected by a later call. Without it:
   *   wait for the mask or the hang verdict.
   */
  collect(): Promise<OffThreadMask | null>;
  collect(maxWaitMs: number): Promise<OffThreadMask | null | 'busy'>;
  async collect(maxWaitMs?: number): Promise<OffThreadMask | null | 'busy'> {
    const pending = this.pending;
    if (!pending) return null;
    // Waiting up to the hang limit, time up is the verdict (no clock's rounding can turn it into `busy`).
    const untilHang = maxWaitMs === undefined || maxWaitMs >= this.hangMs - (performance.now() - pending.postedAtMs);
    let timer: NodeJS.Timeout | undefined;
    // One turn of the event loop first: an answer already posted is read in its poll phase. A timer alone could fire
    // before that, its start taken from the loop's clock, which stood still while the engine's thread ran the trunk.
    let answered = false;
    const timeUp = immediate().then((): Promise<'time-up'> | 'time-up' =>
      answered || maxWaitMs === 0 ? 'time-up' : new Promise((resolve) => (timer = setTimeout(() => resolve('time-up'), Math.max(0, untilHang ? this.hangMs - (performance.now() - pending.postedAtMs) : maxWaitMs)))),
    );
    const result = await Promise.race([pending.done, timeUp]);
    answered = true;
    clearTimeout(timer);
    if (result !== 'time-up') {
      if (this.pending === pending) this.pending = null;
      return result;
    }
    if (this.pending !== pending) return null;
    if (!untilHang && performance.now() - pending.postedAtMs < this.hangMs) return 'busy';
    this.fail(`no mask for ${this.hangMs} ms`);
    return null;
  }

  /** Shuts the worker down: it finishes the job in hand, closes its session and exits (terminated if it does not within 2 s). */
  async dispose(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.pending?.settle(null);
    this.pending = null;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ t: 'close' } satisfies ToMaskHeadWorker);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_TIMEOUT_MS)));
    if ((await Promise.race([exited, late])) === 'late') await worker.terminate();
    clearTimeout(timer);
  }

  private spawn(): void {
    this.state = 'starting';
    let worker: Worker;
    try {
      worker = this.options.spawn();
    } catch (e) {
      this.fail(`could not start: ${(e as Error).message}`);
      return;
    }
    this.worker = worker;
    worker.on('message', (raw: unknown) => this.receive(worker, raw));
    worker.on('error', (e) => {
      if (this.worker === worker) this.fail(`threw: ${e.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(`exited with code ${code}`);
    });
  }

  private receive(worker: Worker, raw: unknown): void {
    if (this.worker !== worker) return;
    const parsed = v.safeParse(FromMaskHeadWorkerSchema, raw);
    if (!parsed.success) {
      this.fail(`sent a malformed message, refused (${describeIssues(parsed.issues).slice(0, 2).join('; ')})`);
      return;
    }
    const m = parsed.output;
    if (m.t === 'ready') {
      this.state = 'up';
      this.firstStart?.resolve();
      this.firstStart = null;
      return;
    }
    const pending = this.pending;
    // An answer to a job superseded or given up on: dropped.
    if (!pending || pending.seq !== m.seq) return;
    if (m.t === 'failed') {
      this.log(`mask head worker: frame's mask missing, the head failed: ${m.message}`);
      pending.settle(null);
      return;
    }
    pending.settle({ widthPx: m.side, heightPx: m.side, data: m.data as Uint8Array<ArrayBuffer>, frameFromMask: m.frameFromMask, headMs: m.headMs, blendMs: m.blendMs });
  }

  /** The worker is no good any more: end it, say why, restart it after a backoff or give up. */
  private fail(why: string): void {
    if (this.state === 'closed') return;
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    this.pending?.settle(null);
    this.pending = null;
    if (this.firstStart) {
      this.firstStart.reject(new Error(`mask head worker ${why}`));
      this.firstStart = null;
      this.state = 'gave-up';
      return;
    }
    if (this.restartCount >= MAX_RESTARTS) {
      this.state = 'gave-up';
      this.log(`mask head worker ${why}; gave up after ${MAX_RESTARTS} restarts: the engine's thread runs the mask head from now on`);
      return;
    }
    this.state = 'down';
    const delayMs = RESTART_BACKOFF_MS * 2 ** this.restartCount;
    this.restartCount++;
    this.log(`mask head worker ${why}; masks missing until it is restarted in ${delayMs} ms (restart ${this.restartCount} of ${MAX_RESTARTS})`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'down') this.spawn();
    }, delayMs);
    // A restart pending must not keep a finished process alive.
    this.restartTimer.unref();
  }

  private post(message: ToMaskHeadWorker, transfer: ArrayBuffer[]): void {
    this.worker!.postMessage(message, transfer);
  }
}

/**
 * Starts the real mask head worker. From the built app, `mask-head-worker.js` beside this chunk or one folder up
 * (scripts/build.mjs makes it an entry); from the sources (vitest, `npx jiti`), worker.ts through the repository's
 * scripts/ts-worker.mjs (jiti is a development dependency: the app never loads it).
 */
export function spawnMaskHeadWorker(data: MaskHeadWorkerData): Worker {
  const here = import.meta.url;
  const name = 'mask-head-worker';
  if (here.endsWith('.ts')) {
    const source = fileURLToPath(new URL('./worker.ts', here));
    return new Worker(new URL('../../../scripts/ts-worker.mjs', here), { argv: [source], workerData: data, name });
  }
  const built = [new URL(`./${name}.js`, here), new URL(`../${name}.js`, here)].find((u) => existsSync(fileURLToPath(u)));
  if (!built) throw new Error(`${name}.js is not beside ${fileURLToPath(here)}: rebuild (npm run build)`);
  return new Worker(built, { workerData: data, name });
}
