// Where a tracked frame's CPU goes (issue 18.3), per landmark model, without the mask: the landmark model's run, the
// detector's runs (with their letterbox) spread over the frames, the ROI crop, and the rest of the tracker (decoding,
// filters, ROI). Process CPU time (user + system, all threads): on a machine others load, wall time measures the
// queue for the cores, CPU time the work. The models run in turn round by round over the same frames, so that a load
// change hits them alike. Frames are decoded before any timing and read one at a time between timed calls
// (frames.ts videoOnDisk: held by the hundred they would make V8 collect far more often inside the calls).
// Run: npx jiti scripts/profile-tracker.ts [--input ../shared/media/video.avi] [--frames 60] [--rounds 3]
//   [--threads 2] [--models lite,full]
import { statSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { decodeFolder, framesInMemory, videoOnDisk } from '../src/inference/bench/frames';
import { cropRectToTensor } from '../src/inference/pipeline/crop';
import { letterbox } from '../src/inference/pipeline/letterbox';
import type { PoseModels } from '../src/inference/pipeline/pose-models';
import type { NormRect } from '../src/inference/pipeline/types';
import { createOrtPoseModels, type OrtPoseModels, type PoseModelSize } from '../src/inference/pose-models-ort';
import { PoseTracker } from '../src/inference/tracker';

const { values: args } = parseArgs({
  options: {
    input: { type: 'string', default: '../shared/media/video.avi' },
    frames: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '3' },
    threads: { type: 'string', default: '2' },
    models: { type: 'string', default: 'lite,full' },
  },
});
const decoded = statSync(args.input).isDirectory()
  ? framesInMemory(await decodeFolder(args.input, Number(args.frames)))
  : await videoOnDisk(args.input, Number(args.frames));
const sizes = args.models.split(',') as PoseModelSize[];
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
/** Frames the tracker runs before each timed pass (the JS stages' first calls are 10–50× slower than steady state). */
const WARM_UP_FRAMES = 5;

interface Totals {
  frames: number;
  trackerCpu: number;
  trackerWall: number;
  landmarkCpu: number;
  detectorCpu: number;
  detectorRuns: number;
  cropCpu: number;
  letterboxCpu: number;
  /** Garbage-collection pauses during the tracker's frames, wall ms (inside the other columns, not beside them). */
  gcMs: number;
}

/** The models with their two calls timed (CPU of every thread of the process while the call runs). */
function timedModels(models: OrtPoseModels, t: Totals): PoseModels {
  return {
    inputLayout: models.inputLayout,
    provider: models.provider,
    async detect(input) {
      const c0 = process.cpuUsage();
      const out = await models.detect(input);
      t.detectorCpu += cpuMs(process.cpuUsage(c0));
      t.detectorRuns++;
      return out;
    },
    async landmarks(input, want) {
      const c0 = process.cpuUsage();
      const out = await models.landmarks(input, want);
      t.landmarkCpu += cpuMs(process.cpuUsage(c0));
      return out;
    },
  };
}

const frameAt = (i: number, timestampMs = 0) => ({ data: decoded.read(i), widthPx: decoded.widthPx, heightPx: decoded.heightPx, timestampMs });
const opened = new Map<PoseModelSize, OrtPoseModels>();
for (const size of sizes) opened.set(size, await createOrtPoseModels({ modelsDir: 'models', model: size, ep: 'cpu', threads: Number(args.threads) }));
const totals = new Map<PoseModelSize, Totals>(sizes.map((s) => [s, { frames: 0, trackerCpu: 0, trackerWall: 0, landmarkCpu: 0, detectorCpu: 0, detectorRuns: 0, cropCpu: 0, letterboxCpu: 0, gcMs: 0 }]));

for (let round = 0; round < Number(args.rounds); round++) {
  for (const size of sizes) {
    const models = opened.get(size)!;
    const t = totals.get(size)!;
    const pass: Totals = { frames: 0, trackerCpu: 0, trackerWall: 0, landmarkCpu: 0, detectorCpu: 0, detectorRuns: 0, cropCpu: 0, letterboxCpu: 0, gcMs: 0 };
    const tracker = new PoseTracker(timedModels(models, pass), { mode: 'tracking', segmentation: false });
    for (let i = 0; i < WARM_UP_FRAMES; i++) await tracker.process(frameAt(i % decoded.count, i * 33));
    tracker.reset();
    Object.assign(pass, { landmarkCpu: 0, detectorCpu: 0, detectorRuns: 0 });
    const rois: Array<NormRect | null> = [];
    const detectedOn: number[] = [];
    // GC pauses: ORT hands out new output buffers every run (the heatmap alone is 624 KiB), which V8 counts as
    // external memory and collects under pressure; where a pause falls decides which column it is charged to.
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) pass.gcMs += e.duration;
    });
    gc.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < decoded.count; i++) {
      const runsBefore = pass.detectorRuns;
      const frame = frameAt(i, (i + WARM_UP_FRAMES) * (1000 / decoded.fps));
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await tracker.process(frame);
      pass.trackerWall += performance.now() - t0;
      pass.trackerCpu += cpuMs(process.cpuUsage(c0));
      if (pass.detectorRuns > runsBefore) detectedOn.push(i);
      rois.push(tracker.lastRoi);
    }
    // Entries are delivered asynchronously: let them arrive before counting.
    await new Promise((resolve) => setImmediate(resolve));
    gc.disconnect();
    pass.frames = decoded.count;
    // The crop and the letterbox again, alone, on the same frames and ROIs: their share of the tracker's CPU.
    const crop = new Float32Array(256 * 256 * 3);
    const lb = new Float32Array(224 * 224 * 3);
    rois.forEach((roi, i) => {
      if (!roi) return;
      const frame = frameAt(i);
      const c0 = process.cpuUsage();
      cropRectToTensor(frame, roi, crop, { layout: models.inputLayout });
      pass.cropCpu += cpuMs(process.cpuUsage(c0));
    });
    for (const i of detectedOn) {
      const frame = frameAt(i);
      const c0 = process.cpuUsage();
      letterbox(frame, lb, { layout: models.inputLayout });
      pass.letterboxCpu += cpuMs(process.cpuUsage(c0));
    }
    for (const k of Object.keys(t) as Array<keyof Totals>) t[k] += pass[k];
  }
}

const f = (x: number, frames: number) => (x / frames).toFixed(2).padStart(6);
console.log(`${decoded.count} frames of ${args.input} × ${args.rounds} rounds, ${args.threads} intra-op thread(s); ms per frame (CPU of all threads unless said)`);
console.log('model    tracker  (wall)  landmark model  detector+letterbox (runs)  crop   rest | GC pauses (wall, inside the columns)');
for (const [size, t] of totals) {
  const rest = t.trackerCpu - t.landmarkCpu - t.detectorCpu - t.letterboxCpu - t.cropCpu;
  console.log(
    `${size.padEnd(6)} ${f(t.trackerCpu, t.frames)}  ${f(t.trackerWall, t.frames)}  ${f(t.landmarkCpu, t.frames)}          ${f(t.detectorCpu + t.letterboxCpu, t.frames)} (${String(t.detectorRuns).padStart(3)})         ${f(t.cropCpu, t.frames)} ${f(rest, t.frames)} | ${f(t.gcMs, t.frames)}`,
  );
}
for (const m of opened.values()) await m.dispose();
decoded.close();
