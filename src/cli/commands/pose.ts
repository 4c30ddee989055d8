/**
 * Diagnostic commands of the vision engine: `pose` (static-image landmarks, optional drawn overlay), `segment` (person
 * mask PNG) and `bench` (tracking over real video frames: fps, per-stage latency, detector runs, RSS).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import sharp from 'sharp';
import { decodeFolder, framesInMemory, loadImageRgba, videoOnDisk, type RgbaImage } from '../../inference/bench/frames';
import { writePoseOverlay } from '../../inference/bench/overlay';
import { benchTracker, type BenchableTracker, type BenchResult } from '../../inference/bench/run';
import { modelRatios, round } from '../../inference/bench/stats';
import { createOrtHandModel, type HandModelSize } from '../../inference/hand-model-ort';
import { HandStage } from '../../inference/hand-stage';
import { createOrtPoseModels, type OrtPoseModels, type PoseModelSize, type PrecisionChoice } from '../../inference/pose-models-ort';
import { MASK_THRESHOLD, SelfieSegmenter } from '../../inference/segment-selfie';
import { PoseTracker } from '../../inference/tracker';
import { PoseLandmark, type NormalizedLandmark, type WorldLandmark } from '../../shared/pose';
import { configFrom, parseIntFlag, UsageError } from '../context';
import { appRoot, modelsDir } from '../paths';

const MODEL_SIZES: readonly PoseModelSize[] = ['lite', 'full', 'heavy'];
const LANDMARK_NAMES = Object.keys(PoseLandmark);
/** The street video the team benchmarks on: `../shared/media/video.avi` next to the repository. */
const defaultBenchInput = (): string => path.resolve(appRoot(), '..', 'shared', 'media', 'video.avi');

/** One image's result in `atelier pose --json`. */
export interface PoseImageResult {
  file: string;
  width: number;
  height: number;
  /** 33 landmarks, x and y normalised to the image; null when there is no person. */
  landmarks: Array<Pick<NormalizedLandmark, 'x' | 'y' | 'z' | 'visibility'>> | null;
  /** 33 world landmarks in metres, hip-centred; null when there is no person. */
  worldLandmarks: WorldLandmark[] | null;
}

const PRECISIONS: readonly PrecisionChoice[] = ['fp32', 'int8', 'fp16', 'auto'];

function precisionFlag(raw: string): PrecisionChoice {
  if (!(PRECISIONS as readonly string[]).includes(raw)) throw new UsageError(`--precision must be fp32, int8, fp16 or auto, got "${raw}"`);
  return raw as PrecisionChoice;
}

/** Opens the models, turning a missing quantized model into a one-line usage error. */
async function openModels(options: Parameters<typeof createOrtPoseModels>[0]): Promise<OrtPoseModels> {
  try {
    return await createOrtPoseModels(options);
  } catch (e) {
    if (/no (int8|fp16) landmark model/.test((e as Error).message)) throw new UsageError((e as Error).message);
    throw e;
  }
}

function modelSize(raw: string | undefined, fallback: PoseModelSize): PoseModelSize {
  if (raw === undefined) return fallback;
  if (!(MODEL_SIZES as readonly string[]).includes(raw)) throw new UsageError(`--model must be lite, full or heavy, got "${raw}"`);
  return raw as PoseModelSize;
}

export function requireModels(): string {
  const dir = modelsDir();
  if (!existsSync(path.join(dir, 'manifest.json'))) throw new UsageError(`${dir}/manifest.json not found: run \`atelier models build\` first`);
  return dir;
}

async function decodePhoto(file: string): Promise<RgbaImage> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  try {
    return await loadImageRgba(file);
  } catch (e) {
    throw new UsageError(`${file}: not an image sharp can decode (${(e as Error).message.split('\n')[0]})`);
  }
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function printPoseTable(result: PoseImageResult, provider: string): void {
  const out = process.stdout;
  out.write(`${result.file}  ${result.width}×${result.height}  ${result.landmarks ? 'person' : 'no person'}  (${provider})\n`);
  if (!result.landmarks || !result.worldLandmarks) return;
  out.write('   #  landmark          x      y      z     vis  │  world x  world y  world z (m)\n');
  result.landmarks.forEach((l, i) => {
    const w = result.worldLandmarks![i]!;
    const name = (LANDMARK_NAMES[i] ?? String(i)).padEnd(15);
    const f = (x: number, width = 6) => x.toFixed(3).padStart(width);
    out.write(`  ${String(i).padStart(2)}  ${name} ${f(l.x)} ${f(l.y)} ${f(l.z)} ${f(l.visibility, 6)}  │ ${f(w.x, 8)} ${f(w.y, 8)} ${f(w.z, 8)}\n`);
  });
}

function printBench(r: BenchRow): void {
  const out = process.stdout;
  out.write(
    `${r.engine}/${r.model}/${r.precision}${r.mask ? `/mask-${r.maskHead}${r.maskHead === 'split' ? r.maskSizePx : ''}${r.maskReuse ? '-reuse' : ''}-warp-${r.maskWarp}${r.maskThread === 'worker' ? `-worker${r.maskNiceBy ? `-nice+${r.maskNiceBy}` : ''}` : ''}` : ''}${r.threads ? ` (${r.threads} thread${r.threads > 1 ? 's' : ''})` : ''}${r.spinning ? ' spinning' : ''}${r.optimizationLevel ? ` opt-${r.optimizationLevel}` : ''}${r.hands ? ` + hands/${r.hands}` : ''} on ${r.ep}: ${r.frames} frames, ${r.fps} fps, CPU ${r.cpuMsPerFrame} ms/frame, latency p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, ` +
      `detector runs ${r.detectorRuns}, person in ${r.framesWithPerson} frames, ${r.maskReuse ? `mask reused on ${r.masksReused} frames, ` : ''}peak RSS ${r.peakRssMB} MiB (of which decoded input ${r.inputMB} MiB)\n`,
  );
  out.write('  stage        p50 ms   p95 ms   runs\n');
  for (const [stage, s] of Object.entries(r.stagesMs)) {
    out.write(`  ${stage.padEnd(11)} ${s.p50.toFixed(2).padStart(7)} ${s.p95.toFixed(2).padStart(8)} ${String(s.runs).padStart(6)}\n`);
  }
  printFrameShares(r);
  const { mask, maskHead, maskWarp, maskHandOver, maskWorker } = r.stagesMs;
  if (r.mask && mask && r.maskThread === 'worker') {
    // With the worker the engine's thread only hands the features over and waits for (usually: takes) the last mask.
    out.write(
      `  mask stage p50 ${mask.p50.toFixed(2)} ms on the engine's thread = wait for the worker's mask ${(maskHead?.p50 ?? 0).toFixed(2)} ms + taking it in ${(maskWarp?.p50 ?? 0).toFixed(2)} ms + handing the features over ${(maskHandOver?.p50 ?? 0).toFixed(2)} ms (p95 ${(maskHandOver?.p95 ?? 0).toFixed(2)}); ` +
        `in the worker: head + sigmoid/blend p50 ${(maskWorker?.p50 ?? 0).toFixed(2)} ms; masks late by 2+ frames (the worker not done in time, the last one shown): ${r.masksLate} of ${r.frames} frames; CPU per frame (worker included) ${r.cpuMsPerFrame} ms, over the whole loop ${r.loopCpuMsPerFrame} ms; mask sent: ${r.maskBytesPerFrame} bytes/frame\n`,
    );
  } else if (r.mask && mask) {
    // The split of the mask stage: the head's run (its own session, on the engine's thread) and the CPU warp into the
    // frame, which with --mask-warp gpu is only the sigmoid and the blend over the ROI (the renderer warps).
    out.write(
      `  mask stage p50 ${mask.p50.toFixed(2)} ms on the engine's thread = head ${(maskHead?.p50 ?? 0).toFixed(2)} ms + ${r.maskWarp === 'gpu' ? 'ROI bytes (warp on the GPU)' : 'CPU warp'} ${(maskWarp?.p50 ?? 0).toFixed(2)} ms; ` +
        `mask sent: ${r.maskBytesPerFrame} bytes/frame\n`,
    );
  }
  const hand = r.stagesMs.hand;
  const landmarks = r.stagesMs.landmarks;
  // On a machine others load, absolute times are upper bounds; the ratio to the pose model in the same run carries over.
  if (hand && landmarks) out.write(`  hand stage per raised hand: p50 ${hand.p50.toFixed(2)} ms = ${(hand.p50 / landmarks.p50).toFixed(2)} × the pose landmark model's p50 in this run\n`);
}

/** The tracker's stages that do not overlap (the mask's parts are inside `mask`, `maskWorker` is another thread's). */
const FRAME_SHARE_STAGES = ['letterbox', 'detector', 'nms', 'crop', 'landmarks', 'filters', 'mask'] as const;

/**
 * Where the engine thread's mean frame goes: each stage's time per timed frame, what the tracker spends between its
 * stages, and what lies outside its own clock (the call's promise, the bench's bookkeeping) — the parts add up to the
 * mean latency (1000 / fps).
 */
function printFrameShares(r: BenchRow): void {
  const meanMs = r.meanLatencyMs;
  const parts: string[] = [];
  let staged = 0;
  for (const stage of FRAME_SHARE_STAGES) {
    const s = r.stagesMs[stage];
    if (!s) continue;
    staged += s.perFrame;
    parts.push(`${stage} ${s.perFrame.toFixed(2)}`);
  }
  const total = r.stagesMs.total?.perFrame ?? staged;
  // The hand stage runs after the tracker's call (withHands), outside its clock.
  const hands = r.stagesMs.hands?.perFrame ?? 0;
  process.stdout.write(
    `  mean frame ${meanMs.toFixed(2)} ms = ${parts.join(' + ')} + between stages ${(total - staged).toFixed(2)}${hands > 0 ? ` + hands ${hands.toFixed(2)}` : ''} + outside the tracker's clock ${(meanMs - total - hands).toFixed(2)} ms\n`,
  );
}

type BenchRow = {
  engine: 'native';
  model: PoseModelSize;
  precision: string;
  maskHead: 'split' | 'whole';
  /** Side of the ROI mask the landmark model gave (128: the mask head with its tail at 128 px). */
  maskSizePx: 128 | 256;
  ep: string;
  input: string;
  widthPx: number;
  heightPx: number;
  mask: boolean;
  /** Whether the tracker may reuse the last mask on frames whose body had not moved (`masksReused`: how often it did). */
  maskReuse?: boolean;
  /** Where the mask is warped into the frame: `gpu` (the tracker sends it over the ROI, the renderer warps) or `cpu`. */
  maskWarp: 'gpu' | 'cpu';
  /** Where the mask head ran: the engine's thread, or its own worker thread (the mask one frame late). */
  maskThread: 'engine' | 'worker';
  hands?: HandModelSize;
  /** Intra-op threads per session, when given (`--threads`). */
  threads?: number;
  /** ORT intra-op threads spun (`--spin on`). */
  spinning?: boolean;
  /** ORT graph optimisation level when not `all` (`--opt-level`). */
  optimizationLevel?: 'extended';
  /** Nice steps the mask head's worker ran below the engine's thread (`--mask-nice`), when not 0. */
  maskNiceBy?: number;
} & BenchResult;

/**
 * The tracker followed by the hand stage, as the engine runs them (native-processor.ts): stage `hands` is the whole
 * stage on frames with a raised hand, `hand` the same divided by the hands it ran on (the per-raised-hand cost).
 */
function withHands(tracker: PoseTracker, hands: HandStage): BenchableTracker {
  return {
    get detectorRuns() {
      return tracker.detectorRuns;
    },
    get maskReuses() {
      return tracker.maskReuses;
    },
    get masksLate() {
      return tracker.masksLate;
    },
    recycleMask: (data) => tracker.recycleMask(data),
    reset: () => {
      tracker.reset();
      hands.reset();
    },
    process: async (frame) => {
      const pose = await tracker.process(frame);
      if (pose.landmarks.length === 0) {
        hands.reset();
        return pose;
      }
      const h = await hands.process(frame, pose.landmarks);
      const stagesMs = h.runs > 0 ? { ...pose.stagesMs, hands: h.ms, hand: h.ms / h.runs } : pose.stagesMs;
      return { ...pose, hands: h.hands, stagesMs };
    },
  };
}

export function registerPose(program: Command): void {
  program
    .command('pose')
    .description('static-image pose: 33 landmarks (normalised to the image) and 33 world landmarks per photo, or null')
    .argument('<images...>', 'photos (jpg, png, webp)')
    .option('--model <size>', 'landmark model: lite | full | heavy (default: the config modelSize)')
    .option('--json', 'print a JSON array of { file, width, height, landmarks, worldLandmarks }')
    .option('--overlay <out.png>', 'draw the skeleton on the photo (one image only)')
    .option('--subject <policy>', 'several people: highest-score (MediaPipe\'s choice) | mirror (largest, most central)', 'highest-score')
    .option('--precision <p>', 'landmark model: fp32 | int8 | fp16 | auto (int8 on CPU when its accuracy gate passed at build)', 'fp32')
    .action(async (images: string[], opts: { model?: string; json?: boolean; overlay?: string; subject: string; precision: string }, cmd: Command) => {
      const { config } = configFrom(cmd);
      const size = modelSize(opts.model, config.modelSize);
      if (opts.subject !== 'highest-score' && opts.subject !== 'mirror') throw new UsageError(`--subject must be highest-score or mirror, got "${opts.subject}"`);
      if (opts.overlay && images.length !== 1) throw new UsageError('--overlay draws one image: give exactly one');
      const decoded = [];
      for (const file of images) decoded.push({ file, image: await decodePhoto(file) });
      const precision = precisionFlag(opts.precision);
      const models = await openModels({ modelsDir: requireModels(), model: size, ep: config.ep, precision });
      try {
        const tracker = new PoseTracker(models, { mode: 'static', segmentation: false, subject: opts.subject });
        const results: PoseImageResult[] = [];
        for (const { file, image } of decoded) {
          const pose = await tracker.process({ ...image, timestampMs: 0 });
          const found = pose.landmarks.length > 0;
          results.push({
            file,
            width: image.widthPx,
            height: image.heightPx,
            landmarks: found ? pose.landmarks.map((l) => ({ x: r6(l.x), y: r6(l.y), z: r6(l.z), visibility: r6(l.visibility) })) : null,
            worldLandmarks: found ? pose.worldLandmarks.map((w) => ({ x: r6(w.x), y: r6(w.y), z: r6(w.z) })) : null,
          });
          if (opts.overlay) {
            await writePoseOverlay(file, pose.landmarks, opts.overlay);
            process.stderr.write(`overlay written to ${opts.overlay}${found ? '' : ' (no person: photo only)'}\n`);
          }
        }
        if (opts.json) process.stdout.write(JSON.stringify(results) + '\n');
        else for (const r of results) printPoseTable(r, models.provider);
      } finally {
        await models.dispose();
      }
    });

  program
    .command('segment')
    .description('person mask of a photo as a PNG (0 = background, 255 = person)')
    .argument('<image>', 'photo')
    .requiredOption('-o, --out <mask.png>', 'output PNG')
    .option('--model <which>', 'pose: the landmark model\'s mask of the tracked person | selfie: everyone, whole image', 'pose')
    .option('--pose-model <size>', 'with --model pose: lite | full | heavy (default: the config modelSize)')
    .option('--landscape', 'with --model selfie: the 144×256 landscape model instead of the 256×256 general one')
    .action(async (image: string, opts: { out: string; model: string; poseModel?: string; landscape?: boolean }, cmd: Command) => {
      const { config } = configFrom(cmd);
      if (opts.model !== 'pose' && opts.model !== 'selfie') throw new UsageError(`--model must be pose or selfie, got "${opts.model}"`);
      const photo = await decodePhoto(image);
      const frame = { ...photo, timestampMs: 0 };
      let mask: Uint8Array;
      if (opts.model === 'selfie') {
        const segmenter = await SelfieSegmenter.open({ modelsDir: requireModels(), model: opts.landscape ? 'landscape' : 'general', ep: config.ep });
        try {
          mask = await segmenter.mask(frame, MASK_THRESHOLD);
        } finally {
          await segmenter.dispose();
        }
      } else {
        const models = await createOrtPoseModels({ modelsDir: requireModels(), model: modelSize(opts.poseModel, config.modelSize), ep: config.ep });
        try {
          const tracker = new PoseTracker(models, { mode: 'static', segmentation: true, subject: 'mirror' });
          const pose = await tracker.process(frame);
          mask = new Uint8Array(photo.widthPx * photo.heightPx);
          // The tracker's mask holds probability × 255; threshold it at 0.5 like the selfie path.
          const cut = Math.round(MASK_THRESHOLD * 255);
          if (pose.mask) for (let i = 0; i < mask.length; i++) mask[i] = pose.mask.data[i]! >= cut ? 255 : 0;
          else process.stderr.write('no person found: the mask is empty\n');
        } finally {
          await models.dispose();
        }
      }
      // b-w keeps one channel: sharp otherwise writes a 1-channel raw image as RGB.
      await sharp(mask, { raw: { width: photo.widthPx, height: photo.heightPx, channels: 1 } }).toColourspace('b-w').png().toFile(opts.out);
      let person = 0;
      for (const m of mask) if (m) person++;
      process.stderr.write(`mask written to ${opts.out}: ${((100 * person) / mask.length).toFixed(1)}% person\n`);
    });

  program
    .command('bench')
    .description('tracking benchmark over real video frames: fps, p50/p95 latency per stage and end to end, detector runs, peak RSS')
    .option('--model <list>', 'lite | full | heavy | all, or several comma-separated, each run in turn (lite,full,lite,full alternates them; the fps ratio of each to the first is printed)', 'full')
    .option('--input <video|dir>', 'a video (decoded by ffmpeg) or a folder of photos (default: ../shared/media/video.avi)')
    .option('--frames <n>', 'frames to process (default: every frame of the input once)')
    .option('--loop', 'repeat the input until --frames (soak runs; RSS printed at start, middle and end)')
    .option('--no-mask', 'skip the person mask (landmarks only)')
    .option('--threads <list>', 'intra-op threads per ONNX Runtime session, comma-separated, each in turn (default: the engine\'s)')
    .option('--precision <list>', 'landmark model precision(s), comma-separated, each run in turn: fp32 | int8 | fp16 | auto', 'fp32')
    .option('--hands [size]', 'run the hand stage after the pose on raised hands (lite | full, default lite), as the engine does')
    .option('--mask-head <list>', 'how the mask runs, comma-separated, each in turn: split (the landmark trunk, then the mask head as its own session) | whole (one graph) | auto (the one that measures cheaper here); split by default, as the mirror\'s engine runs it', 'split')
    .option('--mask-size <list>', 'with the split, the side of the mask head\'s output, comma-separated, each in turn: 128 (its 256-px tail run at 128 px, the mask upsampled when unprojected) | 256 (the model\'s own head)', '128')
    .option('--mask-reuse <list>', 'comma-separated, each in turn: on (the mask head runs only when the body moved by a mask pixel, else the last mask is reused; needs the split) | off (every frame)', 'on')
    .option('--mask-warp <list>', 'comma-separated, each in turn: gpu (the mask sent over the ROI, warped by the renderer\'s shaders, as the mirror\'s engine does) | cpu (warped into the frame here, at the model\'s resolution)', 'gpu')
    .option('--mask-thread <list>', 'with the split, where the mask head runs, comma-separated, each in turn: worker (its own worker thread, the mask one frame late, as the mirror\'s engine runs it) | engine (on the engine\'s thread)', 'worker')
    .option('--spin <list>', 'ONNX Runtime intra-op threads spin between parallel sections (detector and landmark model), comma-separated, each in turn: off | on', 'off')
    .option('--opt-level <list>', 'ONNX Runtime graph optimisation of the detector and landmark model, comma-separated, each in turn: all | extended', 'all')
    .option('--mask-nice <list>', 'with the head in its worker, how many nice steps below the engine\'s thread the worker runs (Linux), comma-separated, each in turn', '0')
    .option('--json', 'print a JSON array, one object per engine/model run')
    .action(async (opts: { model: string; input?: string; frames?: string; loop?: boolean; mask: boolean; threads?: string; precision: string; hands?: string | boolean; maskHead: string; maskSize: string; maskReuse: string; maskWarp: string; maskThread: string; maskNice: string; spin: string; optLevel: string; json?: boolean }, cmd: Command) => {
      const { config } = configFrom(cmd);
      const sizes = opts.model === 'all' ? MODEL_SIZES : opts.model.split(',').map((m) => modelSize(m, 'full'));
      const precisions = opts.precision.split(',').map(precisionFlag);
      const maskHeads = opts.maskHead.split(',').map((x) => {
        if (x !== 'split' && x !== 'whole' && x !== 'auto') throw new UsageError(`--mask-head takes auto, split or whole, got "${x}"`);
        return x;
      });
      const maskSizes = opts.maskSize.split(',').map((x) => {
        if (x !== '128' && x !== '256') throw new UsageError(`--mask-size takes 128 or 256, got "${x}"`);
        return x === '128' ? 128 : 256;
      });
      const maskReuses = opts.maskReuse.split(',').map((x) => {
        if (x !== 'on' && x !== 'off') throw new UsageError(`--mask-reuse takes on or off, got "${x}"`);
        return x === 'on';
      });
      const maskWarps = opts.maskWarp.split(',').map((x) => {
        if (x !== 'gpu' && x !== 'cpu') throw new UsageError(`--mask-warp takes gpu or cpu, got "${x}"`);
        return x;
      });
      const maskThreads = opts.maskThread.split(',').map((x) => {
        if (x !== 'engine' && x !== 'worker') throw new UsageError(`--mask-thread takes engine or worker, got "${x}"`);
        return x;
      });
      const spins = opts.spin.split(',').map((x) => {
        if (x !== 'on' && x !== 'off') throw new UsageError(`--spin takes on or off, got "${x}"`);
        return x === 'on';
      });
      const optLevels = opts.optLevel.split(',').map((x) => {
        if (x !== 'all' && x !== 'extended') throw new UsageError(`--opt-level takes all or extended, got "${x}"`);
        return x;
      });
      const maskNices = opts.maskNice.split(',').map((x) => parseIntFlag('mask-nice', x) ?? 0);
      const frames = parseIntFlag('frames', opts.frames);
      const threadsList = opts.threads ? opts.threads.split(',').map((x) => parseIntFlag('threads', x)) : [undefined];
      const handSize: HandModelSize | undefined = opts.hands === undefined || opts.hands === false ? undefined : opts.hands === true ? 'lite' : (opts.hands as HandModelSize);
      if (handSize && handSize !== 'lite' && handSize !== 'full') throw new UsageError(`--hands must be lite or full, got "${String(opts.hands)}"`);
      if (frames === 0) throw new UsageError('--frames must be at least 1');
      const input = path.resolve(opts.input ?? defaultBenchInput());
      if (!existsSync(input)) throw new UsageError(`${input}: no such video or folder`);
      const dir = requireModels();
      const t0 = performance.now();
      // Decoded up front, outside the timed loop: with --loop only the first pass over the input is needed. A video's
      // frames wait in a file and are read one at a time between timed frames (frames.ts videoOnDisk: held in memory
      // by the hundred, they would change how often V8 collects garbage inside the tracker's calls).
      const maxFrames = opts.loop ? Infinity : (frames ?? Infinity);
      const decoded = statSync(input).isDirectory() ? framesInMemory(await decodeFolder(input, maxFrames)) : await videoOnDisk(input, maxFrames);
      process.stderr.write(
        `bench: ${decoded.count} frames of ${decoded.widthPx}×${decoded.heightPx} decoded from ${input} in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)\n`,
      );
      const rows: BenchRow[] = [];
      try {
        for (const size of sizes) for (const precision of precisions) for (const maskHead of maskHeads) for (const maskSizePx of maskSizes) for (const reuseStillMask of maskReuses) for (const maskWarp of maskWarps) for (const maskHeadThread of maskThreads) for (const threads of threadsList) for (const maskWorkerNiceBy of maskNices) for (const spinning of spins) for (const optimizationLevel of optLevels) {
          const models: OrtPoseModels = await openModels({ modelsDir: dir, model: size, ep: config.ep, precision, maskHead, maskSizePx, maskHeadThread, maskWorkerNiceBy, spinning, optimizationLevel, ...(threads ? { threads } : {}) });
          try {
            // As the mirror's engine runs it (native-processor.ts): the mask over the ROI; or warped here at the model's resolution.
            const tracker = new PoseTracker(models, { mode: 'tracking', segmentation: opts.mask, maskResolution: maskWarp === 'gpu' ? 'roi' : 'model', reuseStillMask });
            const handModel = handSize ? await createOrtHandModel({ modelsDir: dir, size: handSize, ep: config.ep, ...(threads ? { threads } : {}) }) : null;
            const benched = handModel ? withHands(tracker, new HandStage(handModel)) : tracker;
            const result = await benchTracker(benched, decoded, {
              ...(frames ? { frames } : {}),
              loop: opts.loop ?? false,
              onRss: opts.loop ? (where, i, mb) => process.stderr.write(`bench: ${size} RSS at ${where} (frame ${i}): ${mb.toFixed(1)} MiB\n`) : undefined,
            });
            // With --no-mask the tracker still reports a (near-zero) mask stage: leave it out rather than print zeros.
            if (!opts.mask) delete result.stagesMs.mask;
            await handModel?.dispose();
            if (handSize && !result.stagesMs.hands) process.stderr.write(`bench: no raised hand in ${input}: the hand stage never ran (try --input ../shared/media/mirror_run.mp4)\n`);
            const row: BenchRow = { engine: 'native', model: size, precision: models.precision, maskHead: models.maskHead, maskSizePx: models.maskSizePx, maskWarp, maskThread: models.maskHeadThread, ep: models.provider, input, widthPx: decoded.widthPx, heightPx: decoded.heightPx, mask: opts.mask, ...(opts.mask ? { maskReuse: reuseStillMask } : {}), ...(handSize ? { hands: handSize } : {}), ...(threads ? { threads } : {}), ...(spinning ? { spinning } : {}), ...(optimizationLevel !== 'all' ? { optimizationLevel } : {}), ...(models.maskHeadThread === 'worker' && maskWorkerNiceBy ? { maskNiceBy: maskWorkerNiceBy } : {}), ...result };
            rows.push(row);
            if (!opts.json) printBench(row);
          } finally {
            await models.dispose();
          }
        }
      } finally {
        decoded.close();
      }
      if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else printModelRatios(rows);
    });
}

/** With several models in one run: each one's mean fps and CPU per frame, and the first model's lead over it. */
function printModelRatios(rows: readonly BenchRow[]): void {
  const speeds = modelRatios(rows);
  if (speeds.length < 2) return;
  const [first, ...rest] = speeds;
  process.stdout.write(
    `models in this run (mean of each one's runs): ${speeds.map((m) => `${m.model} ${round(m.fps, 1)} fps, CPU ${round(m.cpuMsPerFrame)} ms/frame (${m.runs} run${m.runs > 1 ? 's' : ''})`).join('; ')}\n` +
      rest.map((m) => `  ${first!.model} / ${m.model}: fps ${round(m.fpsRatio)}×, CPU per frame ${round(m.cpuRatio)}×\n`).join(''),
  );
}
