import os from 'node:os';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from '../../shared/config-schema';
import { providerPlan } from './providers';

/** The one module that talks to onnxruntime-node (with providers.ts, which only looks at files). */

export type Feeds = Record<string, Float32Array>;

export interface TensorOut {
  /** Owned by the caller (ORT hands over a fresh buffer per run). */
  data: Float32Array;
  dims: number[];
}

export interface OrtSessionOptions {
  /** @default 'auto' */
  ep?: ExecutionProvider;
  /**
   * Intra-op threads. @default min(available cores, 4): a kiosk shares its cores with the renderer, and
   * beyond 4 threads these small convnets stop scaling.
   */
  threads?: number;
  /** Run once on zeros after loading, so the first real frame is not the slow one. @default true */
  warmUp?: boolean;
  /**
   * ORT graph optimisation level. `extended` stops before the layout transformations (NCHWc), which pay off on wide
   * convolutions and cost on narrow ones (see the mask head in pose-models-ort.ts). @default 'all'
   */
  optimizationLevel?: 'all' | 'extended';
  /**
   * Let the intra-op threads spin between parallel sections instead of sleeping. Off by default: on a 2-core kiosk the
   * spinning thread takes the core the renderer and the mask head's worker need (see `sessionOptions`). @default false
   */
  spinning?: boolean;
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Provider the session actually runs on. */
  readonly provider: 'cuda' | 'dml' | 'cpu';
  /** Why better providers were not used (empty when the first choice loaded). */
  readonly notes: readonly string[];
  /** Milliseconds of the warm-up run (NaN when warmUp is off). */
  readonly warmUpMs: number;
  /**
   * Runs the model. Borrows `feeds` (each array must match the input's shape, given in `shapes`), returns
   * new arrays owned by the caller.
   */
  run(feeds: Feeds, shapes: Record<string, readonly number[]>): Promise<Record<string, TensorOut>>;
  dispose(): Promise<void>;
}

const DEFAULT_MAX_THREADS = 4;

/**
 * onnxruntime 1.29+ ships 1DS telemetry on Linux and macOS (`core/platform/posix/telemetry.cc`): from the first
 * session on it resolves and posts to mobile.events.data.microsoft.com (measured: 14 DNS queries in 45 s of
 * `atelier serve`, also with `--ep cpu`). The Node binding has no API for it; the library reads
 * `ORT_DISABLE_TELEMETRY` once, when its environment is created (the first `InferenceSession.create`), and then
 * creates no uploader, no device-id file and sends nothing. Set here, before any session, and forced to 1 even
 * if the caller's environment says otherwise: a store's mirror talks to nothing but its catalog feed
 * (tests/ops/no-phone-home.test.ts proves it under strace).
 */
function disableOrtTelemetry(): void {
  process.env.ORT_DISABLE_TELEMETRY = '1';
}

function sessionOptions(provider: 'cuda' | 'dml' | 'cpu', threads: number, level: 'all' | 'extended', spinning: boolean): ort.InferenceSession.SessionOptions {
  const spin = spinning ? '1' : '0';
  return {
    executionProviders: [provider === 'dml' ? 'dml' : provider],
    graphOptimizationLevel: level,
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // Spinning worker threads burn the cores the renderer needs and, on a loaded 2-core kiosk, double the
    // landmark model's p95 (measured: 2 threads spinning p95 110 ms, not spinning 54 ms, at load 6.6).
    extra: {
      session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } },
      // ORT's WeightBiasQuantization pass quantizes the float weights of any Conv whose input comes from a
      // DequantizeLinear — per tensor, on its own. In a mixed-precision int8 model that is exactly the float Conv
      // after an int8 one, kept float on purpose: measured on pose_landmark_full, two int8 Convs around a float
      // depthwise one moved the landmarks by 11 % of the body diagonal with the pass, 0.06 % without. Float models
      // have no DequantizeLinear, so for them this changes nothing.
      optimization: { disable_specified_optimizers: 'WeightBiasQuantization' },
    },
  };
}

/**
 * Opens an ONNX model (a file path, or the model's bytes, borrowed) on the best provider the plan allows, falling back provider by provider when one fails
 * to create a session. Shapes for the warm-up come from `inputShapes` (the manifest has them).
 */
export async function createOrtSession(
  model: string | Uint8Array,
  inputShapes: Record<string, readonly number[]>,
  opts: OrtSessionOptions = {},
): Promise<OrtSession> {
  disableOrtTelemetry();
  const { order, notes } = providerPlan(opts.ep ?? 'auto');
  const threads = opts.threads ?? Math.max(1, Math.min(os.availableParallelism(), DEFAULT_MAX_THREADS));
  const options = (p: 'cuda' | 'dml' | 'cpu') => sessionOptions(p, threads, opts.optimizationLevel ?? 'all', opts.spinning ?? false);
  let session: ort.InferenceSession | undefined;
  let provider: 'cuda' | 'dml' | 'cpu' = 'cpu';
  for (const p of order) {
    try {
      session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, options(p))
          : await ort.InferenceSession.create(model, options(p));
      provider = p;
      break;
    } catch (err) {
      notes.push(`${p}: session creation failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (!session) throw new Error(`could not open ${typeof model === 'string' ? model : 'the model'} on any provider (${notes.join('; ')})`);
  const s = session;

  const run = async (feeds: Feeds, shapes: Record<string, readonly number[]>): Promise<Record<string, TensorOut>> => {
    const input: Record<string, ort.Tensor> = {};
    for (const [name, data] of Object.entries(feeds)) {
      const shape = shapes[name];
      if (!shape) throw new Error(`no shape given for input ${name}`);
      input[name] = new ort.Tensor('float32', data, shape as number[]);
    }
    const result = await s.run(input);
    const out: Record<string, TensorOut> = {};
    for (const [name, t] of Object.entries(result)) out[name] = { data: t.data as Float32Array, dims: [...t.dims] };
    return out;
  };

  let warmUpMs = NaN;
  if (opts.warmUp ?? true) {
    const feeds: Feeds = {};
    for (const name of s.inputNames) {
      const shape = inputShapes[name];
      if (!shape) throw new Error(`no shape given for input ${name}`);
      feeds[name] = new Float32Array(shape.reduce((a, b) => a * b, 1));
    }
    const t0 = performance.now();
    await run(feeds, inputShapes);
    warmUpMs = performance.now() - t0;
  }

  return {
    inputNames: s.inputNames,
    outputNames: s.outputNames,
    provider,
    notes,
    warmUpMs,
    run,
    dispose: () => s.release(),
  };
}
