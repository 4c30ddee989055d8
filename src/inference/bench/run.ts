/**
 * The tracking benchmark: one PoseTracker over decoded frames, one frame at a time as the engine runs it (latest frame
 * wins, so nothing queues), timing each frame end to end (frame in → filtered landmarks and mask out) and the
 * tracker's own stage timings. Decoding happened before (see frames.ts); reading a decoded frame happens between two
 * timed calls: only the tracker's calls are timed.
 */
import type { PoseFrame } from '../../shared/pose';
import type { FrameReader } from './frames';
import { percentiles, round, type Percentiles } from './stats';

/** What the benchmark needs of a tracker (PoseTracker satisfies it). */
export interface BenchableTracker {
  process(frame: { data: Uint8Array; widthPx: number; heightPx: number; timestampMs: number }): Promise<PoseFrame>;
  recycleMask?(data: Uint8Array<ArrayBuffer>): void;
  /** Forgets the tracked person (after the warm-up frames). */
  reset(): void;
  readonly detectorRuns: number;
  /** Frames whose mask was the last one reused (PoseTracker.maskReuses); absent: never reuses. */
  readonly maskReuses?: number;
  /** Frames whose due mask from the head's worker was not ready (PoseTracker.masksLate); absent: no worker. */
  readonly masksLate?: number;
}

export interface BenchOptions {
  /** Frames to process; with `loop`, the input repeats until this many. @default the input's frame count */
  frames?: number;
  /** Repeat the input (soak runs). @default false */
  loop?: boolean;
  /**
   * Frames run before timing starts (JIT and allocator warm-up; the first calls of the JS stages are 10–50× slower
   * than steady state), after which the tracker is reset. @default 10
   */
  warmUpFrames?: number;
  /** Called at the start, middle and end with the resident set size in MiB (the RSS flat check). */
  onRss?: (where: 'start' | 'middle' | 'end', frameIndex: number, rssMB: number) => void;
}

export interface BenchResult {
  frames: number;
  /** Frames per second over the timed calls (sequential: 1000 / mean end-to-end latency). */
  fps: number;
  /**
   * Process CPU time (user + system, all threads) per frame over the tracker's calls, milliseconds. On a machine
   * others load, wall-clock fps measures the queue for the cores; CPU time measures the work, and with one thread
   * 1000 / cpuMsPerFrame is the fps an idle core would give.
   */
  cpuMsPerFrame: number;
  /**
   * Process CPU time per frame over the whole timed loop, the reading of frames between calls included: work another
   * thread does between two calls (the mask head's worker) counts here and not in {@link cpuMsPerFrame}.
   */
  loopCpuMsPerFrame: number;
  /** End-to-end latency per frame, milliseconds. */
  latencyMs: Percentiles;
  /** Mean end-to-end latency, milliseconds (1000 / fps before fps is rounded): what the stages' `perFrame` add up to. */
  meanLatencyMs: number;
  /**
   * Per tracker stage, milliseconds: p50 and p95 over the frames where the stage ran; `perFrame`, its time summed over
   * all timed frames and divided by their number, so that the stages' `perFrame` add up to the mean latency less what
   * lies between them (where a frame's time goes; a stage that runs on few frames, the detector, weighs by how often).
   */
  stagesMs: Record<string, Percentiles & { runs: number; perFrame: number }>;
  detectorRuns: number;
  /** Timed frames whose mask was the previous one reused (the body had not moved). */
  masksReused: number;
  /** Timed frames that showed an older mask because the head's worker had not finished the one due (late by 2+ frames). */
  masksLate: number;
  /** Mean bytes of the person mask per timed frame that had one (what the engine sends; 0 without a mask). */
  maskBytesPerFrame: number;
  /** Frames that came out with a person. */
  framesWithPerson: number;
  /** Peak resident set size of this process, MiB (includes the decoded input frames held, see `inputMB`). */
  peakRssMB: number;
  /** Size of the decoded input frames held in memory while the tracker runs, MiB (one frame with a file reader). */
  inputMB: number;
  /** RSS at the start, middle and end of the loop, MiB. */
  rssMB: { start: number; middle: number; end: number };
}

const MIB = 1024 * 1024;
const DEFAULT_WARM_UP_FRAMES = 10;
const rssMB = (): number => process.memoryUsage().rss / MIB;

/** Runs the tracker over `input` (borrowed: frames are read, never retained by the loop). */
export async function benchTracker(tracker: BenchableTracker, input: FrameReader, options: BenchOptions = {}): Promise<BenchResult> {
  const available = input.count;
  const total = options.loop ? (options.frames ?? available) : Math.min(options.frames ?? available, available);
  const frameIntervalMs = 1000 / input.fps;
  const latencies = new Float64Array(total);
  const stageSamples = new Map<string, number[]>();
  const frameAt = (i: number) => ({ data: input.read(i % available), widthPx: input.widthPx, heightPx: input.heightPx, timestampMs: i * frameIntervalMs });
  const warmUp = options.warmUpFrames ?? DEFAULT_WARM_UP_FRAMES;
  for (let i = 0; i < warmUp; i++) {
    const pose = await tracker.process(frameAt(i));
    if (pose.mask && tracker.recycleMask) tracker.recycleMask(pose.mask.data as Uint8Array<ArrayBuffer>);
  }
  tracker.reset();
  // Timestamps go on increasing after the warm-up: the filters need a monotonic clock.
  const timeOffset = warmUp;
  const detectorRunsBefore = tracker.detectorRuns;
  const maskReusesBefore = tracker.maskReuses ?? 0;
  const masksLateBefore = tracker.masksLate ?? 0;
  const middle = Math.floor(total / 2);
  let framesWithPerson = 0;
  let maskBytes = 0;
  let framesWithMask = 0;
  const rss = { start: rssMB(), middle: NaN, end: NaN };
  options.onRss?.('start', 0, rss.start);

  let elapsedMs = 0;
  let cpuMs = 0;
  const loopCpu0 = process.cpuUsage();
  for (let i = 0; i < total; i++) {
    const frame = { ...frameAt(i), timestampMs: (i + timeOffset) * frameIntervalMs };
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const pose = await tracker.process(frame);
    latencies[i] = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    elapsedMs += latencies[i]!;
    cpuMs += (cpu.user + cpu.system) / 1000;
    if (pose.landmarks.length > 0) framesWithPerson++;
    for (const [stage, ms] of Object.entries(pose.stagesMs)) {
      if (!(ms > 0)) continue;
      let list = stageSamples.get(stage);
      if (!list) stageSamples.set(stage, (list = []));
      list.push(ms);
    }
    if (pose.mask) {
      maskBytes += pose.mask.data.length;
      framesWithMask++;
    }
    if (pose.mask && tracker.recycleMask) tracker.recycleMask(pose.mask.data as Uint8Array<ArrayBuffer>);
    if (i === middle) {
      rss.middle = rssMB();
      options.onRss?.('middle', i, rss.middle);
    }
  }
  const loopCpu = process.cpuUsage(loopCpu0);
  rss.end = rssMB();
  options.onRss?.('end', total, rss.end);

  const stagesMs: BenchResult['stagesMs'] = {};
  for (const [stage, list] of stageSamples) {
    const p = percentiles(list);
    let sum = 0;
    for (const ms of list) sum += ms;
    stagesMs[stage] = { p50: round(p.p50), p95: round(p.p95), runs: list.length, perFrame: round(sum / total, 3) };
  }
  const latency = percentiles(latencies);
  return {
    frames: total,
    fps: round((total * 1000) / elapsedMs, 1),
    cpuMsPerFrame: round(cpuMs / total),
    loopCpuMsPerFrame: round((loopCpu.user + loopCpu.system) / 1000 / total),
    latencyMs: { p50: round(latency.p50), p95: round(latency.p95) },
    meanLatencyMs: round(elapsedMs / total, 3),
    stagesMs,
    detectorRuns: tracker.detectorRuns - detectorRunsBefore,
    masksReused: (tracker.maskReuses ?? 0) - maskReusesBefore,
    masksLate: (tracker.masksLate ?? 0) - masksLateBefore,
    maskBytesPerFrame: framesWithMask > 0 ? Math.round(maskBytes / framesWithMask) : 0,
    framesWithPerson,
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
    inputMB: round(input.heldBytes / MIB, 1),
    rssMB: { start: round(rss.start, 1), middle: round(rss.middle, 1), end: round(rss.end, 1) },
  };
}
