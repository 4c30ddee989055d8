// Where a tracked frame's CPU goes (issue 18.3), per landmark model, without the mask: the landmark model's run, the
// detector's runs (with their letterbox) spread over the frames, the ROI crop, and the rest of the tracker (decoding,
// filters, ROI). Process CPU time (user + system, all threads): on a machine others load, wall time measures the
// queue for the cores, CPU time the work. The models run in turn round by round over the same frames, so that a load
// change hits them alike. Frames are decoded before any timing.
// Run: npx jiti scripts/profile-tracker.ts [--input ../shared/media/video.avi] [--frames 60] [--rounds 3]
//   [--threads 2] [--models lite,full]
import { parseArgs } from 'node:util';
import { decodeInput } from '../src/inference/bench/frames';
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
const decoded = await decodeInput(args.input, Number(args.frames));
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

const frameAt = (i: number, timestampMs = 0) => ({ data: decoded.frames[i]!, widthPx: decoded.widthPx, heightPx: decoded.heightPx, timestampMs });
const opened = new Map<PoseModelSize, OrtPoseModels>();
for (const size of sizes) opened.set(size, await createOrtPoseModels({ modelsDir: 'models', model: size, ep: 'cpu', threads: Number(args.threads) }));
const totals = new Map<PoseModelSize, Totals>(sizes.map((s) => [s, { frames: 0, trackerCpu: 0, trackerWall: 0, landmarkCpu: 0, detectorCpu: 0, detectorRuns: 0, cropCpu: 0, letterboxCpu: 0 }]));

for (let round = 0; round < Number(args.rounds); round++) {
  for (const size of sizes) {
    const models = opened.get(size)!;
    const t = totals.get(size)!;
    const pass: Totals = { frames: 0, trackerCpu: 0, trackerWall: 0, landmarkCpu: 0, detectorCpu: 0, detectorRuns: 0, cropCpu: 0, letterboxCpu: 0 };
    const tracker = new PoseTracker(timedModels(models, pass), { mode: 'tracking', segmentation: false });
    for (let i = 0; i < WARM_UP_FRAMES; i++) await tracker.process(frameAt(i % decoded.frames.length, i * 33));
    tracker.reset();
    Object.assign(pass, { landmarkCpu: 0, detectorCpu: 0, detectorRuns: 0 });
    const rois: Array<NormRect | null> = [];
    const detectedOn: number[] = [];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < decoded.frames.length; i++) {
      const runsBefore = pass.detectorRuns;
      await tracker.process(frameAt(i, (i + WARM_UP_FRAMES) * (1000 / decoded.fps)));
      if (pass.detectorRuns > runsBefore) detectedOn.push(i);
      rois.push(tracker.lastRoi);
    }
    pass.trackerWall = performance.now() - t0;
    pass.trackerCpu = cpuMs(process.cpuUsage(c0));
    pass.frames = decoded.frames.length;
    // The crop and the letterbox again, alone, on the same frames and ROIs: their share of the tracker's CPU.
    const crop = new Float32Array(256 * 256 * 3);
    const lb = new Float32Array(224 * 224 * 3);
    const cc = process.cpuUsage();
    rois.forEach((roi, i) => roi && cropRectToTensor(frameAt(i), roi, crop, { layout: models.inputLayout }));
    pass.cropCpu = cpuMs(process.cpuUsage(cc));
    const lc = process.cpuUsage();
    for (const i of detectedOn) letterbox(frameAt(i), lb, { layout: models.inputLayout });
    pass.letterboxCpu = cpuMs(process.cpuUsage(lc));
    for (const k of Object.keys(t) as Array<keyof Totals>) t[k] += pass[k];
  }
}

const f = (x: number, frames: number) => (x / frames).toFixed(2).padStart(6);
console.log(`${decoded.frames.length} frames of ${args.input} × ${args.rounds} rounds, ${args.threads} intra-op thread(s); ms per frame (CPU of all threads unless said)`);
console.log('model    tracker  (wall)  landmark model  detector+letterbox (runs)  crop   rest');
for (const [size, t] of totals) {
  const rest = t.trackerCpu - t.landmarkCpu - t.detectorCpu - t.letterboxCpu - t.cropCpu;
  console.log(
    `${size.padEnd(6)} ${f(t.trackerCpu, t.frames)}  ${f(t.trackerWall, t.frames)}  ${f(t.landmarkCpu, t.frames)}          ${f(t.detectorCpu + t.letterboxCpu, t.frames)} (${String(t.detectorRuns).padStart(3)})         ${f(t.cropCpu, t.frames)} ${f(rest, t.frames)}`,
  );
}
for (const m of opened.values()) await m.dispose();
