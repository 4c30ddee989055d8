/**
 * What the 2D rig's fit costs on each of a fresh page's first frames (issue 14 point 5: the 2D stage's slow frames
 * 12, 19, 35 of `scripts/cloth/bench.ts` were in the garments' span). The mirror clip's first frames are tracked once
 * (ORT, cached in the temp folder), then each garment is fitted to them frame by frame in a fresh process, timed by
 * the process's CPU time (`process.cpuUsage`: the machine's other work does not count; V8's compiler threads do) —
 * with the rig cold, as the page had it before, and after `warmGarmentRig` (what `GarmentLayer` now does when the
 * garment is put on). Prints each frame's CPU ms, the p50, p95 (of the frames after the first 10) and max.
 *
 *   npx jiti scripts/cloth/fit-cold.ts [--frames 45] [--garments tee-everyday-wht,dress-floral-rse] [--v8 --trace-deopt]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GarmentRig, type BodyInput } from '../../src/renderer/garment/rig';
import { warmGarmentRig } from '../../src/renderer/garment/warm-garment-rig';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { demoChart } from '../../tests/fixtures/garment-charts';
import { loadDemoGarment } from '../../tests/helpers/demo-garments';
import { probeVideo, streamVideoFrames } from '../../src/inference/bench/frames';
import { createOrtPoseModels } from '../../src/inference/pose-models-ort';
import { PoseTracker } from '../../src/inference/tracker';
import { MODELS_DIR } from '../fit/clip-bodies';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '45' },
    garments: { type: 'string', default: 'tee-everyday-wht,dress-floral-rse,jeans-straight-mid,skirt-aline-nvy' },
    child: { type: 'string' },
    warm: { type: 'boolean', default: false },
    v8: { type: 'string', multiple: true, default: [] },
  },
});
const frames = Number(values.frames);
const CLIP = path.resolve(import.meta.dirname, '../../../shared/media/mirror_run.mp4');
const cache = path.join(os.tmpdir(), `atelier-fit-cold-${frames}.json`);
const WARM_UP_FRAMES = 10;

interface Cached {
  widthPx: number;
  heightPx: number;
  frames: Array<{ landmarksPx: number[]; worldM: number[]; mask: { widthPx: number; heightPx: number; data: string; frameFromMask?: [number, number, number, number, number, number] } }>;
}

if (values.child) {
  const c = JSON.parse(readFileSync(cache, 'utf8')) as Cached;
  const bodies: BodyInput[] = c.frames.map((f) => {
    const landmarksPx = new Float64Array(f.landmarksPx);
    const worldM = new Float64Array(f.worldM);
    const data = Buffer.from(f.mask.data, 'base64');
    const mask = { widthPx: f.mask.widthPx, heightPx: f.mask.heightPx, data: new Uint8Array(data.buffer, data.byteOffset, data.length), frameFromMask: f.mask.frameFromMask };
    return { landmarksPx, worldM, cmPerPx: bodyCmPerPx(landmarksPx, worldM)!, personMask: { mask, frameWidthPx: c.widthPx, frameHeightPx: c.heightPx } };
  });
  const g = await loadDemoGarment(values.child);
  const options = { measurements: demoChart(g.productId).M!, silhouette: g.silhouette };
  let warmMs = 0;
  if (values.warm) {
    const t = process.cpuUsage();
    // As GarmentLayer does: a throwaway rig of the same garment.
    warmGarmentRig(new GarmentRig(g.asset, options), c.widthPx, c.heightPx);
    const d = process.cpuUsage(t);
    warmMs = (d.user + d.system) / 1000;
  }
  // After the warm-up, as GarmentLayer makes it: a rig made before would hold objects of the shapes the warm-up changed.
  const rig = new GarmentRig(g.asset, options);
  // The page's first frame comes well after the garment is put on (its picture, its pose): V8's background compiles land.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const ms: number[] = [];
  for (const [i, body] of bodies.entries()) {
    if (values.v8.length > 0) console.log(`-- frame ${i}`);
    const t = process.cpuUsage();
    rig.fit(body);
    const d = process.cpuUsage(t);
    ms.push((d.user + d.system) / 1000);
  }
  const kept = ms.slice(WARM_UP_FRAMES).sort((a, b) => a - b);
  const at = (p: number): number => kept[Math.min(kept.length - 1, Math.floor(p * kept.length))]!;
  console.log(
    `${values.child.padEnd(20)} ${values.warm ? `warmed (${warmMs.toFixed(0)} ms once)` : 'cold              '}  p50 ${at(0.5).toFixed(2)}  p95 ${at(0.95).toFixed(2)}  max ${kept.at(-1)!.toFixed(2)}  per frame: ${ms.map((x) => x.toFixed(1)).join(' ')}`,
  );
} else {
  if (!existsSync(cache)) {
    const out: Cached = { widthPx: 0, heightPx: 0, frames: [] };
    // As `atelier tryon` tracks (src/cli/commands/tryon.ts): the landmark model's mask over the ROI, placed in the frame.
    const { widthPx, heightPx, fps } = await probeVideo(CLIP);
    const models = await createOrtPoseModels({ modelsDir: MODELS_DIR, model: 'full', ep: 'cpu' });
    const tracker = new PoseTracker(models, { mode: 'tracking', segmentation: true, maskResolution: 'roi', subject: 'mirror' });
    out.widthPx = widthPx;
    out.heightPx = heightPx;
    let i = 0;
    for await (const rgba of streamVideoFrames(CLIP, { widthPx, heightPx }, frames)) {
      const pose = await tracker.process({ data: rgba, widthPx, heightPx, timestampMs: (i++ * 1000) / fps });
      if (pose.landmarks.length === 0 || !pose.mask) throw new Error(`frame ${i - 1}: nobody tracked`);
      const m = pose.mask;
      out.frames.push({
        landmarksPx: pose.landmarks.flatMap((l) => [l.x * widthPx, l.y * heightPx]),
        worldM: pose.worldLandmarks.flatMap((l) => [l.x, l.y, l.z]),
        mask: { widthPx: m.widthPx, heightPx: m.heightPx, data: Buffer.from(m.data).toString('base64'), frameFromMask: m.frameFromMask },
      });
    }
    await models.dispose();
    writeFileSync(cache, JSON.stringify(out));
  }
  for (const id of values.garments.split(',')) {
    for (const warm of [false, true]) {
      const r = spawnSync('node', [...values.v8, path.resolve(import.meta.dirname, '../../node_modules/jiti/lib/jiti-cli.mjs'), import.meta.filename, '--frames', String(frames), '--child', id, ...(warm ? ['--warm'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(r.stdout);
    }
  }
}
