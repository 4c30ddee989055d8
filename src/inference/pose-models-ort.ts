/**
 * PoseModels over ONNX Runtime: the BlazePose detector and one landmark model, opened through `./ort` (the only
 * module touching onnxruntime-node) and described by `models/manifest.json` (input names, shapes, layout).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionProvider } from '../shared/config-schema';
import { MaskHeadThread, spawnMaskHeadWorker, type OffThreadMask } from './mask-head/thread';
import { openMaskHeadSession } from './mask-head/session';
import { createOrtSession, outputByShape, providerPlan, type OrtSession, type TensorOut } from './ort';
import type { DetectorOutput, LandmarkOutput, PoseModels } from './pipeline/pose-models';
import type { TensorLayout } from './pipeline/types';

export type PoseModelSize = 'lite' | 'full' | 'heavy';

/** Manifest id suffix of a landmark graph built without its segmentation head (src/models/sources.ts, NO_MASK_VARIANT). */
const NO_MASK_SUFFIX = '_nomask';

interface ManifestTensor {
  name: string;
  shape: number[];
  layout?: string;
}
interface ManifestModel {
  id: string;
  file: string;
  inputs: ManifestTensor[];
  outputs: ManifestTensor[];
  gate?: { passed: boolean };
  cpuSpeedup?: number;
  maskHeadSplit?: { trunk: { file: string }; head: { file: string }; head128?: { file: string }; features: string[] };
}

/**
 * Landmark model precision to run; `auto`: int8 when no GPU provider is usable, its accuracy gate passed at build and
 * it was measurably faster ({@link MIN_INT8_SPEEDUP}).
 */
export type PrecisionChoice = 'fp32' | 'int8' | 'fp16' | 'auto';

/**
 * Least CPU speed-up (fp32 time / int8 time, measured at build) for `auto` to pick a passing int8 model: int8 trades
 * some accuracy for speed, and below a fifth less work per frame (the spread of repeated measurements on a loaded
 * machine is about a tenth) there is no speed to show for it — a mixed-precision model that keeps most of the graph
 * float can pass the gate and still run no faster than fp32 (measured on full: the Q/DQ and layout changes at every
 * float/int8 boundary eat the int8 convolutions' gain).
 */
export const MIN_INT8_SPEEDUP = 1.2;

/** Side of the landmark model's own mask. Source: pose_landmark model output `1×256×256×1`. */
const FULL_MASK_SIDE_PX = 256;
/** Side of the lowered head's mask (src/models/convert/split-mask-head.ts, LOWERED_MASK_SIZE_PX). */
const LOWERED_MASK_SIDE_PX = 128;

/** Manifest id suffix per quantized precision (src/cli/commands/models-int8.ts writes them). */
const PRECISION_SUFFIX = { fp32: '', int8: '_int8', fp16: '_fp16' } as const;

export interface OrtPoseModelsOptions {
  /** Folder holding manifest.json and the .onnx files. */
  modelsDir: string;
  /** @default 'full' */
  model?: PoseModelSize;
  /** @default 'auto' */
  ep?: ExecutionProvider;
  /** Intra-op threads per session. @default the ort module's default */
  threads?: number;
  /** Intra-op threads spin between parallel sections (the detector's and landmark model's sessions). @default false */
  spinning?: boolean;
  /** ORT graph optimisation level of the detector's and landmark model's sessions. @default the ort module's ('all') */
  optimizationLevel?: 'all' | 'extended';
  /** @default 'fp32' */
  precision?: PrecisionChoice;
  /**
   * How a frame with a mask runs: `split`, the trunk then the mask head as its own session (when the models folder has
   * the pair: lite, see models/README.md; else as `whole`); `whole`, the one graph; `auto`, whichever costs less CPU
   * on this machine, measured when the models open ({@link chooseMaskHead}: every frame's cost, not counting the
   * frames whose head the tracker skips). `whole` by default here: on a moving body the split's gain stayed inside
   * the loaded development machine's run-to-run spread; the mirror's engine and `atelier bench` pass `split`, with
   * which the tracker runs the head only on frames whose body moved (tracker.ts `reuseStillMask`). @default 'whole'
   */
  maskHead?: 'auto' | 'split' | 'whole';
  /**
   * With the split: the side of the mask the head gives, `128` (its 256-px tail run at 128 px,
   * `<id>_maskhead128.onnx`; the tracker's mask builder upsamples the logits bilinearly into the frame) or `256` (the
   * model's own head). 128 where the models folder has that head: it costs ≈ 40 % of the exact head's CPU, and its
   * mask differs from the exact one by about a model pixel at the edges (src/inference/mask-head-lowered.test.ts,
   * models/README.md). @default 128
   */
  maskSizePx?: 128 | 256;
  /**
   * With the split: where the mask head runs. `engine`, on the calling thread after the trunk; `worker`, in its own
   * worker thread with its own 1-thread session (mask-head/thread.ts), fed the trunk's features of frame N, its mask
   * (sigmoid and blend included) picked up with frame N + 1 — one frame late, placed on its own ROI. Falls back to
   * `engine` when the worker cannot start, or after it failed five times (mask-head/thread.ts `MAX_RESTARTS`). The
   * tracker never waits for the worker (a mask not ready is shown a frame later). `worker` by default: on 2 cores with a
   * renderer's load the pose kept its fps or gained (6–11 %) and the mask stage fell from 4–30 ms to 0.4 ms
   * (models/README.md, "The head in its own worker thread").
   * @default 'worker'
   */
  maskHeadThread?: 'engine' | 'worker';
  /**
   * With the head in its worker: how many nice steps below the engine's thread the worker runs (Linux; 0: the same
   * priority). @default 0
   */
  maskWorkerNiceBy?: number;
}

export interface OrtPoseModels extends PoseModels {
  /** Precision of the landmark model actually opened (the detector stays fp32). */
  readonly precision: 'fp32' | 'int8' | 'fp16';
  /** How a frame with a mask runs (`split` only when the models folder has the trunk / head pair). */
  readonly maskHead: 'split' | 'whole';
  /** Side of the ROI mask the landmark model gives (128: the lowered head, see {@link OrtPoseModelsOptions.maskSizePx}). */
  readonly maskSizePx: 128 | 256;
  /** Where the mask head runs (`worker` only with the split and a worker that started). */
  readonly maskHeadThread: 'engine' | 'worker';
  /** Times the mask head's worker was restarted (0 without one). */
  readonly maskWorkerRestarts: number;
  /** Why better providers were not used, per session. */
  readonly notes: readonly string[];
  dispose(): Promise<void>;
}

function layoutOf(t: ManifestTensor): TensorLayout {
  if (t.layout?.toUpperCase().startsWith('NCHW')) return 'nchw';
  if (t.layout?.toUpperCase().startsWith('NHWC')) return 'nhwc';
  // Without a layout note, a trailing 3 means channels last.
  return t.shape[t.shape.length - 1] === 3 ? 'nhwc' : 'nchw';
}

/** Opens the detector and the chosen landmark model (sessions created once and warmed up). */
export async function createOrtPoseModels(options: OrtPoseModelsOptions): Promise<OrtPoseModels> {
  const manifest = JSON.parse(await readFile(path.join(options.modelsDir, 'manifest.json'), 'utf8')) as { models: ManifestModel[] };
  const find = (id: string): ManifestModel => {
    const m = manifest.models.find((x) => x.id === id);
    if (!m) throw new Error(`models/manifest.json has no ${id}`);
    if (m.inputs.length !== 1) throw new Error(`${id}: expected one image input`);
    return m;
  };
  const detMeta = find('pose_detection');
  const base = `pose_landmark_${options.model ?? 'full'}`;
  const ep = options.ep ?? 'auto';
  const precision = resolvePrecision(options.precision ?? 'fp32', ep, (suffix) => manifest.models.find((x) => x.id === `${base}${suffix}`));
  const lmMeta = find(`${base}${PRECISION_SUFFIX[precision]}`);
  const detInput = detMeta.inputs[0]!;
  const lmInput = lmMeta.inputs[0]!;
  const layout = layoutOf(detInput);
  if (layoutOf(lmInput) !== layout) throw new Error('detector and landmark model disagree on the input layout');
  const sessionOptions = {
    ep,
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.spinning ? { spinning: true } : {}),
    ...(options.optimizationLevel ? { optimizationLevel: options.optimizationLevel } : {}),
  };
  const open = (m: ManifestModel, input: ManifestTensor): Promise<OrtSession> =>
    createOrtSession(path.join(options.modelsDir, m.file), { [input.name]: input.shape }, sessionOptions);
  const detector = await open(detMeta, detInput);
  const landmarker = await open(lmMeta, lmInput);
  // The same landmark model without its segmentation head, for frames that need no mask (older model folders may
  // lack it: then every frame runs the whole graph).
  const noMaskMeta = manifest.models.find((x) => x.id === `${base}${NO_MASK_SUFFIX}${PRECISION_SUFFIX[precision]}`);
  const landmarkerNoMask = noMaskMeta ? await open(noMaskMeta, lmInput) : landmarker;
  const detShapes = { [detInput.name]: detInput.shape };
  const lmShapes = { [lmInput.name]: lmInput.shape };
  const wantSplit = options.maskHead ?? 'whole';
  let split =
    lmMeta.maskHeadSplit && wantSplit !== 'whole'
      ? await openMaskHeadSplit(options.modelsDir, lmMeta.maskHeadSplit, lmInput, sessionOptions, options.maskSizePx ?? LOWERED_MASK_SIDE_PX)
      : undefined;
  if (split && wantSplit === 'auto') {
    const zeros = new Float32Array(lmInput.shape.reduce((a, b) => a * b, 1));
    const s = split;
    const choice = await chooseMaskHead(
      async () => void (await landmarker.run({ [lmInput.name]: zeros }, lmShapes)),
      async () => void (await s.runHead(await s.trunk.run({ [lmInput.name]: zeros }, lmShapes))),
    );
    if (choice === 'whole') {
      await split.dispose();
      split = undefined;
    }
  }
  let worker: MaskHeadThread | undefined;
  if (split && (options.maskHeadThread ?? 'worker') === 'worker') {
    const s = split;
    worker = await MaskHeadThread.start({ spawn: () => spawnMaskHeadWorker({ file: s.headFile, features: s.featureShapes, maskSizePx: s.maskSizePx, ep, niceBy: options.maskWorkerNiceBy ?? 0 }) }).catch((e: unknown) => {
      s.notes.push(`mask head on the engine's thread: ${(e as Error).message}`);
      return undefined;
    });
  }
  // With the pair in use the whole graph runs no more (frames without a mask run the _nomask graph): free its memory.
  const wholeKept = !split || landmarkerNoMask === landmarker;
  if (!wholeKept) await landmarker.dispose();

  return {
    inputLayout: layout,
    precision,
    maskHead: split ? 'split' : 'whole',
    maskSizePx: split?.maskSizePx ?? FULL_MASK_SIDE_PX,
    maskHeadThread: worker ? 'worker' : 'engine',
    get maskWorkerRestarts() {
      return worker?.restarts ?? 0;
    },
    provider: landmarker.provider,
    notes: [...detector.notes, ...landmarker.notes, ...(split?.notes ?? [])],
    async detect(input: Float32Array): Promise<DetectorOutput> {
      const outs = await detector.run({ [detInput.name]: input }, detShapes);
      const boxes = Object.values(outs).find((t) => t.dims[t.dims.length - 1] === 12);
      const scores = Object.values(outs).find((t) => t.dims[t.dims.length - 1] === 1 && t.dims.length === 3);
      if (!boxes || !scores) throw new Error('detector outputs are not [1, 2254, 12] and [1, 2254, 1]');
      return { boxes: boxes.data, scores: scores.data };
    },
    async landmarks(input: Float32Array, want?: { segmentation?: boolean | 'deferred' }): Promise<LandmarkOutput> {
      const withMask = want?.segmentation ?? true;
      let segmentation: Float32Array | undefined;
      let outs: Record<string, TensorOut>;
      if (withMask === 'deferred' && split) {
        const s = split;
        const trunkOuts = await s.trunk.run({ [lmInput.name]: input }, lmShapes);
        const w = worker;
        return {
          ...landmarkOutputs(trunkOuts),
          segmentationLater: () => s.runHead(trunkOuts),
          ...(w?.available ? { segmentationOffThread: (placement) => w.submit(trunkOuts, s.featureNames, placement) } : {}),
        };
      }
      if (withMask && split) {
        outs = await split.trunk.run({ [lmInput.name]: input }, lmShapes);
        segmentation = await split.runHead(outs);
      } else {
        outs = await (withMask ? landmarker : landmarkerNoMask).run({ [lmInput.name]: input }, lmShapes);
        if (withMask) segmentation = outputByShape(outs, [1, FULL_MASK_SIDE_PX, FULL_MASK_SIDE_PX, 1], 'segmentation');
      }
      return { ...landmarkOutputs(outs), ...(segmentation ? { segmentation } : {}) };
    },
    collectOffThreadMask: worker ? (maxWaitMs?: number): Promise<OffThreadMask | null | 'busy'> => (maxWaitMs === undefined ? worker.collect() : worker.collect(maxWaitMs)) : undefined,
    async dispose() {
      await worker?.dispose();
      await detector.dispose();
      if (wholeKept) await landmarker.dispose();
      if (landmarkerNoMask !== landmarker) await landmarkerNoMask.dispose();
      if (split) await split.dispose();
    },
  };
}

/** A landmark run's outputs but the mask, found by shape. */
function landmarkOutputs(outs: Record<string, TensorOut>): Omit<LandmarkOutput, 'segmentation' | 'segmentationLater'> {
  return {
    landmarks: outputByShape(outs, [1, 195], 'landmarks'),
    presence: outputByShape(outs, [1, 1], 'presence')[0] ?? 0,
    heatmap: outputByShape(outs, [1, 64, 64, 39], 'heatmap'),
    world: outputByShape(outs, [1, 117], 'world landmarks'),
  };
}

/** Runs per variant and round in {@link chooseMaskHead}; four rounds of three: ≈ 0.5 s of CPU when the models open. */
const CHOICE_RUNS = 3;
const CHOICE_ROUNDS = 4;

/**
 * Which way of running the mask costs less CPU here: the whole graph or trunk + head. The cost depends on the CPU
 * (NCHWc blocks are 16 channels with AVX-512, 8 with AVX2, so the head's 8-channel layers fit one and not the other)
 * and on the model — measured on this machine (AVX-512), one thread, CPU per run in one process: lite 15.4 → 13.9 ms
 * with the split, full 20.1 → 20.8 ms — and not on the picture (a convnet does the same work on any input), so it is
 * measured on zeros, in alternating rounds so that a load change on a shared machine hits both alike. Process CPU
 * time, not wall time: it measures the work, not the queue for the cores.
 */
export async function chooseMaskHead(runWhole: () => Promise<void>, runSplit: () => Promise<void>): Promise<'whole' | 'split'> {
  const cpuMs = { whole: 0, split: 0 };
  for (let round = 0; round < CHOICE_ROUNDS; round++) {
    for (const [key, run] of [['whole', runWhole], ['split', runSplit]] as const) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < CHOICE_RUNS; i++) await run();
      const c = process.cpuUsage(c0);
      cpuMs[key] += (c.user + c.system) / 1000;
    }
  }
  return cpuMs.split < cpuMs.whole ? 'split' : 'whole';
}

interface MaskHeadSessions {
  trunk: OrtSession;
  /** Side of the mask `runHead` gives. */
  maskSizePx: 128 | 256;
  /** The head's file, the trunk outputs it reads and their shapes (what its worker is started with). */
  headFile: string;
  featureNames: readonly string[];
  featureShapes: Record<string, number[]>;
  /** Why the head runs where it does (filled by the caller). */
  notes: string[];
  /** The mask logits of the frame whose trunk outputs these are (borrowed). */
  runHead(trunkOutputs: Record<string, TensorOut>): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Opens the trunk / mask-head pair of a landmark model and warms the head up on the trunk's warm-up features. */
async function openMaskHeadSplit(
  modelsDir: string,
  meta: NonNullable<ManifestModel['maskHeadSplit']>,
  input: ManifestTensor,
  sessionOptions: { ep: ExecutionProvider; threads?: number; spinning?: boolean; optimizationLevel?: 'all' | 'extended' },
  wantSizePx: 128 | 256,
): Promise<MaskHeadSessions> {
  const inputShapes = { [input.name]: input.shape };
  const trunk = await createOrtSession(path.join(modelsDir, meta.trunk.file), inputShapes, sessionOptions);
  // Older model folders have no lowered head: the exact one then.
  const maskSizePx = wantSizePx === LOWERED_MASK_SIDE_PX && meta.head128 ? LOWERED_MASK_SIDE_PX : FULL_MASK_SIDE_PX;
  const headFile = path.join(modelsDir, maskSizePx === LOWERED_MASK_SIDE_PX ? meta.head128!.file : meta.head.file);
  const head = await openMaskHeadSession({ file: headFile, features: meta.features, maskSizePx, ...sessionOptions });
  const zeros = new Float32Array(input.shape.reduce((a, b) => a * b, 1));
  const warm = await trunk.run({ [input.name]: zeros }, inputShapes);
  await head.run(warm);
  return {
    trunk,
    maskSizePx,
    headFile,
    featureNames: meta.features,
    featureShapes: Object.fromEntries(meta.features.map((name) => [name, warm[name]!.dims])),
    notes: [],
    runHead: (outs) => head.run(outs),
    async dispose() {
      await trunk.dispose();
      await head.dispose();
    },
  };
}

/**
 * Which landmark model precision to open. An explicit int8 or fp16 needs its model in the manifest (a clear error
 * otherwise); `auto` picks int8 only on CPU (no CUDA or DirectML provider usable here) and only when the int8 model
 * passed its accuracy gate at build and was at least {@link MIN_INT8_SPEEDUP}× faster, fp16 on a GPU provider when built, and fp32 otherwise.
 */
export function resolvePrecision(
  choice: PrecisionChoice,
  ep: ExecutionProvider,
  entry: (suffix: string) => { gate?: { passed: boolean }; cpuSpeedup?: number } | undefined,
  gpuAvailable: () => boolean = () => providerPlan(ep).order[0] !== 'cpu',
): 'fp32' | 'int8' | 'fp16' {
  if (choice === 'fp32') return 'fp32';
  if (choice !== 'auto') {
    if (!entry(PRECISION_SUFFIX[choice])) {
      const how = choice === 'int8' ? 'run `atelier models int8` first' : 'the fp16 models are not built by this version';
      throw new Error(`no ${choice} landmark model in models/manifest.json: ${how}`);
    }
    return choice;
  }
  if (gpuAvailable()) return entry(PRECISION_SUFFIX.fp16) ? 'fp16' : 'fp32';
  const int8 = entry(PRECISION_SUFFIX.int8);
  return int8?.gate?.passed && (int8.cpuSpeedup ?? 0) >= MIN_INT8_SPEEDUP ? 'int8' : 'fp32';
}
