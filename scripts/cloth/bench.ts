/**
 * Issue 14 point 5: CPU time of the renderer's garment stage per frame — the mirror's `fit` frame stage
 * (`Fitting.stage`: landmarks, the 2D rig or the 3D pose solve, the cloth shading's uniforms, the store light) — and
 * of drawing the frame (`MirrorScene.render` until its picture is read back; on SwiftShader the GPU's work runs on
 * the CPU, so that figure is what a kiosk without a GPU spends, far more than one with a GPU). Measured by the built `atelier tryon
 * --json --serial` on the mirror clip, the mirror's own code in headless Chromium; the first frames (warm-up: shader
 * compilation, texture upload) are left out. `--serial` tracks each frame only after the page has drawn the one
 * before: this machine has two cores, and the tracker's inference running beside the page put its time slices into
 * the stage's spans (the spans are wall clock) — on the kiosk the engine runs on cores of its own.
 *
 * `stage` is the smaller of two upper bounds of the stage's CPU time per frame: its wall clock span in the page, and
 * the page thread's CPU time (Linux's scheduler count) over the call that runs the stage alone (`stageThread`; it
 * adds the call's own handling). `wall p95` is the span alone. `cloth` is the cloth worker's time for the frame's step (a 2D
 * dress's or skirt's hem, or a 3D garment's skirt: src/renderer/cloth/sim-*.ts; off the main thread but on the same
 * CPU), and `total` the stage plus it, per frame: what the budget is held against (2D ≤ 4 ms, 3D with cloth ≤ 8 ms).
 *
 * Each row also lists the light worker's re-estimates (the store light and its field, read back and solved off the
 * frame's thread once a second: src/renderer/cloth/light-worker.ts). Then the CPU cost of the 2D room light's field
 * alone, in Node.
 *
 * Both the median and the 95th percentile frame are held against the budget ("over budget" when either is above it):
 * a stage whose median is in budget but whose slow frames are not still drops frames on the kiosk. Each row is
 * followed by its slowest frames, the stage split into its spans (`stageSpansMs`: store light, garments,
 * occluder), and what the page's main thread did over that frame by the scheduler's count (CPU time, and time it
 * was ready but waited for a CPU: on a loaded machine the spans, wall clock, include such waits), to tell a light
 * re-estimate, a garment's fit or the machine's other work apart.
 *
 *   npm run build && npx jiti scripts/cloth/bench.ts [--frames 45] [--mode 2d|3d] [--product <id>]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TryOnFrameReport, TryOnReport } from '../../src/cli/commands/tryon';
import { RoomLightTexture } from '../../src/renderer/cloth/room-light-texture';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLIP = path.resolve(REPO, '../shared/media/mirror_run.mp4');
const WARM_UP_FRAMES = 10;
/** The 2D garment stage's budget, ms (issue 14), the cloth worker's step included. */
const BUDGET_2D_MS = 4;
/** The 3D garment stage's budget with cloth, ms (issue 14). */
const BUDGET_3D_MS = 8;
const CASES: Array<{ productId: string; mode: '2d' | '3d' }> = [
  { productId: 'tee-everyday', mode: '2d' },
  // Long sleeves: the occluder redraws the hands a second time, after the sleeves.
  { productId: 'shirt-oxford', mode: '2d' },
  { productId: 'dress-floral', mode: '2d' },
  { productId: 'jeans-straight', mode: '2d' },
  { productId: 'skirt-aline', mode: '2d' },
  { productId: 'tee-everyday', mode: '3d' },
  { productId: 'dress-slip', mode: '3d' },
  { productId: 'dress-floral', mode: '3d' },
  { productId: 'blazer-check', mode: '3d' },
  { productId: 'chino-slim', mode: '3d' },
];

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const frames = Number(arg('--frames') ?? 45);
const onlyMode = arg('--mode');
const onlyProduct = arg('--product');
/** Slowest frames listed per row, with their spans. */
const SLOWEST_SHOWN = 3;
if (!(Number.isInteger(frames) && frames > WARM_UP_FRAMES)) throw new Error(`--frames: a whole number over ${WARM_UP_FRAMES}, got ${arg('--frames')}`);
if (onlyMode !== undefined && onlyMode !== '2d' && onlyMode !== '3d') throw new Error(`--mode: 2d or 3d, got ${onlyMode}`);
const cases = CASES.filter((k) => (!onlyMode || k.mode === onlyMode) && (!onlyProduct || k.productId === onlyProduct));
if (cases.length === 0) throw new Error(`no case is ${onlyProduct ?? 'any garment'} in ${onlyMode ?? 'any mode'}: ${CASES.map((k) => `${k.productId} ${k.mode}`).join(', ')}`);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'atelier-cloth-bench-'));
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
try {
  console.log(`garment stage per frame, ms (mirror_run.mp4, ${frames} frames, first ${WARM_UP_FRAMES} left out); budget: total p50 and p95 ≤ ${BUDGET_2D_MS} ms (2D), ≤ ${BUDGET_3D_MS} ms (3D)`);
  console.log('garment              mode   stage p50  stage p95  stage max  wall p95  cloth p50  cloth p95  total p50  total p95   draw p50  draw p95');
  for (const c of cases) {
    const r = spawnSync('node', ['bin/atelier.mjs', 'tryon', CLIP, '--product', c.productId, '--mode', c.mode, '--frames', String(frames), '--json', '--serial', '--data-dir', path.join(tmp, 'data'), '-o', path.join(tmp, 'out.mp4')], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`tryon ${c.productId} ${c.mode}: ${r.stderr.trim().split('\n').at(-1)}`);
    const report = JSON.parse(r.stdout) as TryOnReport;
    const kept = report.frames.slice(WARM_UP_FRAMES).filter((f) => f.drawn);
    // Two upper bounds of the stage's own CPU time: its wall clock span (which adds the time the thread waited for
    // a CPU) and the page thread's CPU time over the call that runs it (which adds the call's handling, p50 0.56 ms,
    // p95 5.2 ms measured on an empty call, and whatever else the thread ran in that window). The smaller is held
    // against the budget; wall clock alone where the thread's count cannot be read (then said).
    const cpu = kept.every((f) => f.stageThread !== null);
    const stageOf = (f: TryOnFrameReport): number => (cpu ? Math.min(f.stageMs, f.stageThread!.cpuMs) : f.stageMs);
    const stage = kept.map(stageOf);
    const wall = kept.map((f) => f.stageMs);
    const draw = kept.map((f) => f.drawMs);
    const cloth = kept.map((f) => f.clothStepMs);
    const total = kept.map((f) => stageOf(f) + f.clothStepMs);
    const budget = c.mode === '2d' ? BUDGET_2D_MS : BUDGET_3D_MS;
    const overAt = [pct(total, 0.5) > budget ? 'p50' : '', pct(total, 0.95) > budget ? 'p95' : ''].filter(Boolean).join(', ');
    const over = overAt ? `  over budget (${overAt} > ${budget} ms)` : '';
    const moving = cloth.some((ms) => ms > 0) ? '' : '  (no cloth)';
    const clock = cpu ? '' : '  (stage: wall clock, the thread\'s CPU time not readable here)';
    const ms = (x: number, d = 2, w = 10): string => x.toFixed(d).padStart(w);
    console.log(
      `${c.productId.padEnd(20)} ${c.mode.padEnd(5)} ${ms(pct(stage, 0.5))} ${ms(pct(stage, 0.95))} ${ms(Math.max(...stage))} ${ms(pct(wall, 0.95), 2, 9)} ${ms(pct(cloth, 0.5))} ${ms(pct(cloth, 0.95))} ${ms(pct(total, 0.5))} ${ms(pct(total, 0.95))} ${ms(pct(draw, 0.5), 1)} ${ms(pct(draw, 0.95), 1, 9)}${over}${moving}${clock}`,
    );
    for (const f of [...kept].sort((a, b) => stageOf(b) + b.clothStepMs - (stageOf(a) + a.clothStepMs)).slice(0, SLOWEST_SHOWN)) {
      const s = f.stageSpansMs;
      const thread = f.pageThread ? `; the page's thread over the frame: CPU ${f.pageThread.cpuMs.toFixed(1)} ms, waited for a CPU ${f.pageThread.waitMs.toFixed(1)} ms` : '';
      const stageCpu = f.stageThread ? `stage CPU ${f.stageThread.cpuMs.toFixed(2)} (waited ${f.stageThread.waitMs.toFixed(2)}); wall ` : 'stage ';
      console.log(`  slow frame ${String(f.frame).padStart(3)}: ${stageCpu}${f.stageMs.toFixed(2)} = light ${s.light.toFixed(2)} (picture read ${s.lightPictureRead.toFixed(2)}) + garments ${s.garments.toFixed(2)} + occluder ${s.occluder.toFixed(2)} + rest ${(f.stageMs - s.light - s.garments - s.occluder).toFixed(2)}; cloth ${f.clothStepMs.toFixed(2)}${thread}`);
    }
    // The store light's re-estimates, once a second, are read back and solved in the light worker: not in the
    // frame's stage, but on the kiosk's CPU, so shown here (all frames, the warm-up's too: there are few).
    const light = report.frames.map((f) => f.lightWorkerMs).filter((x) => x > 0);
    console.log(
      light.length > 0
        ? `  light worker: ${light.length} re-estimate(s), ${light.map((x) => x.toFixed(2)).join(', ')} ms each, off the frame's thread (≈ ${((light.reduce((a, x) => a + x, 0) / report.frames.length)).toFixed(2)} ms per frame spread)`
        : '  light worker: no re-estimate taken in (the first estimate is made on the first frame; then one a second)',
    );
  }
  roomLightBench();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * The 2D room light's field (src/renderer/cloth/room-light-texture.ts) is re-solved with the store light, once a
 * second of camera time: `atelier tryon`'s few frames show it at most once, in the warm-up. Its CPU cost here, in
 * Node, on the grids of the mirror clip (412 × 960 at 0.19 cm/px) and of the largest (32 cells along 16:9).
 */
function roomLightBench(): void {
  for (const [cellsX, cellsY] of [
    [13, 30],
    [32, 18],
  ] as const) {
    const rgba = new Uint8Array(4 * cellsX * cellsY).map((_, i) => (i % 4 === 3 ? 255 : 60 + ((i * 2654435761) >>> 24) % 160));
    const field = new RoomLightTexture();
    const ms: number[] = [];
    for (let k = 0; k < 60; k++) {
      const t = performance.now();
      field.update(rgba, cellsX, cellsY);
      ms.push(performance.now() - t);
    }
    field.dispose();
    const kept = ms.slice(WARM_UP_FRAMES);
    console.log(`room light field ${cellsX}×${cellsY} cells, once a second: p50 ${pct(kept, 0.5).toFixed(2)} ms, p95 ${pct(kept, 0.95).toFixed(2)} ms`);
  }
}
