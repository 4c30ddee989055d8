#!/usr/bin/env node
// Speed comparison on the same frames, in one go: `atelier bench --json --no-mask` (our engine: ONNX Runtime CPU, tracking
// mode, landmarks only) vs Google's @mediapipe/pose WASM solution in headless Chromium (useCpuInference: XNNPACK, its faster path
// here, enableSegmentation off like our --no-mask), per model size. Prints fps, p50/p95 latency and the fps ratio, and checks the engine issue's targets.
// Absolute times on a shared machine move from run to run, so each model runs in `--rounds` alternating rounds (ours,
// then MediaPipe, on the same frames) and the summary takes medians over rounds: the per-round ratio, taken seconds
// apart, is the number to trust. Needs `npm run build` (the CLI) and `atelier models build`.
//
//   node scripts/bench-vs-mediapipe.mjs [--models lite,full,heavy] [--frames 100] [--rounds 3] [--input ../shared/media/video.avi]
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { chromium } from '@playwright/test';
import {
  MEDIAPIPE_CHROMIUM_ARGS,
  SHARED_MEDIA,
  mediapipeOnFrames,
  openMediapipePose,
  startMediapipeServer,
} from '../e2e/support/mediapipe-harness.mjs';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const COMPLEXITY = { lite: 0, full: 1, heavy: 2 };
/** Targets from the engine issue (fps end to end while tracking; ratio vs MediaPipe's useCpuInference path). */
const TARGETS = { lite: { fps: 60 }, full: { fps: 30, ratio: 3, p95Ms: 40 }, heavy: { fps: 10 } };
/** MediaPipe frames run before timing (its first send initialises the graph and loads the model). */
const MEDIAPIPE_WARM_UP = 5;

const { values: opts } = parseArgs({
  options: {
    models: { type: 'string', default: 'lite,full,heavy' },
    frames: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    input: { type: 'string', default: path.join(SHARED_MEDIA, 'video.avi') },
    out: { type: 'string', default: path.join(ROOT, 'test-results/bench-vs-mediapipe.json') },
  },
});
const models = opts.models.split(',').map((m) => m.trim());
for (const m of models) if (!(m in COMPLEXITY)) throw new Error(`unknown model ${m}: lite, full or heavy`);
const frameCount = Number(opts.frames);
const rounds = Math.max(1, Number(opts.rounds));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const input = path.resolve(opts.input);

const exec = promisify(execFile);
const percentile = (sorted, q) => {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};
const r2 = (x) => Math.round(x * 100) / 100;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** The first `count` frames of the video as RGBA (the same frames `atelier bench --frames count` decodes). */
async function decodeFrames(file, count) {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate', '-of', 'json', file]);
  const s = JSON.parse(stdout).streams[0];
  const [num, den] = s.r_frame_rate.split('/').map(Number);
  const frameBytes = s.width * s.height * 4;
  const ff = spawn('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0', '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks = [];
  for await (const c of ff.stdout) chunks.push(c);
  const all = Buffer.concat(chunks);
  const frames = [];
  for (let o = 0; o + frameBytes <= all.length; o += frameBytes) frames.push(all.subarray(o, o + frameBytes));
  return { widthPx: s.width, heightPx: s.height, fps: num / den, frames };
}

async function atelierBench(model) {
  const { stdout } = await exec(
    process.execPath,
    [path.join(ROOT, 'bin/atelier.mjs'), '--ep', 'cpu', 'bench', '--json', '--no-mask', '--model', model, '--frames', String(frameCount), '--input', input],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout)[0];
}

const video = await decodeFrames(input, frameCount);
if (video.frames.length < frameCount) throw new Error(`${input}: only ${video.frames.length} frames`);
const server = await startMediapipeServer({ frames: (i) => video.frames[i] });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: MEDIAPIPE_CHROMIUM_ARGS });
const page = await browser.newPage();
console.log(`bench-vs-mediapipe: ${frameCount} frames of ${video.widthPx}×${video.heightPx} from ${input}; ${os.cpus().length} cores; load ${load()}`);

const rows = [];
try {
  for (const model of models) {
    const roundRows = [];
    for (let round = 1; round <= rounds; round++) {
      const loadBefore = load();
      const ours = await atelierBench(model);
      await openMediapipePose(page, server.origin, { modelComplexity: COMPLEXITY[model], smoothLandmarks: true, minDetectionConfidence: 0.5 });
      const mp = await mediapipeOnFrames(page, { count: frameCount, widthPx: video.widthPx, heightPx: video.heightPx, fps: video.fps, warmUp: MEDIAPIPE_WARM_UP });
      const sorted = [...mp.ms].sort((a, b) => a - b);
      const mean = mp.ms.reduce((sum, x) => sum + x, 0) / mp.ms.length;
      const mediapipe = {
        engine: 'mediapipe-wasm-cpu',
        model,
        ep: 'wasm-xnnpack',
        frames: mp.ms.length,
        fps: r2(1000 / mean),
        latencyMs: { p50: r2(percentile(sorted, 0.5)), p95: r2(percentile(sorted, 0.95)) },
        framesWithPerson: mp.withPerson,
      };
      const ratio = r2(ours.fps / mediapipe.fps);
      roundRows.push({ round, ours, mediapipe, ratio, load: { before: loadBefore, after: load() } });
      console.log(
        `${model.padEnd(5)} round ${round}: atelier ${String(ours.fps).padStart(6)} fps (p50 ${ours.latencyMs.p50} / p95 ${ours.latencyMs.p95} ms, detector runs ${ours.detectorRuns})` +
          `  mediapipe ${String(mediapipe.fps).padStart(6)} fps (p50 ${mediapipe.latencyMs.p50} / p95 ${mediapipe.latencyMs.p95} ms)  ratio ${ratio}×  load ${loadBefore} → ${load()}`,
      );
      console.log(`       atelier stages p50/p95 ms: ${Object.entries(ours.stagesMs).map(([k, v]) => `${k} ${v.p50}/${v.p95}`).join(', ')}`);
    }
    const summary = {
      oursFps: r2(median(roundRows.map((r) => r.ours.fps))),
      oursP50Ms: r2(median(roundRows.map((r) => r.ours.latencyMs.p50))),
      oursP95Ms: r2(median(roundRows.map((r) => r.ours.latencyMs.p95))),
      mediapipeFps: r2(median(roundRows.map((r) => r.mediapipe.fps))),
      mediapipeP50Ms: r2(median(roundRows.map((r) => r.mediapipe.latencyMs.p50))),
      ratio: r2(median(roundRows.map((r) => r.ratio))),
    };
    const t = TARGETS[model];
    const checks = [
      `fps ${summary.oursFps} ${summary.oursFps >= t.fps ? '≥' : '<'} ${t.fps}`,
      ...(t.ratio ? [`ratio ${summary.ratio} ${summary.ratio >= t.ratio ? '≥' : '<'} ${t.ratio}`] : []),
      ...(t.p95Ms ? [`p95 ${summary.oursP95Ms} ms ${summary.oursP95Ms <= t.p95Ms ? '≤' : '>'} ${t.p95Ms}`] : []),
    ];
    const met = summary.oursFps >= t.fps && (!t.ratio || summary.ratio >= t.ratio) && (!t.p95Ms || summary.oursP95Ms <= t.p95Ms);
    rows.push({ model, summary, targetsMet: met, rounds: roundRows });
    console.log(
      `${model.padEnd(5)} median of ${rounds}: atelier ${summary.oursFps} fps (p50 ${summary.oursP50Ms} / p95 ${summary.oursP95Ms} ms)` +
        `  mediapipe ${summary.mediapipeFps} fps (p50 ${summary.mediapipeP50Ms} ms)  ratio ${summary.ratio}×  [${checks.join(', ')}] ${met ? 'targets met' : 'TARGET MISSED'}\n`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
mkdirSync(path.dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify({ frames: frameCount, rounds, input, cores: os.cpus().length, rows }, null, 2));
console.log(`written ${path.relative(process.cwd(), opts.out)}`);
