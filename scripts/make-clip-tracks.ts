/**
 * Writes the real landmark tracks the garment-rig tests replay (`tests/fixtures/tracks/<clip>.json`): the native
 * engine (PoseTracker in tracking mode, the mirror's own settings, no mask) over every frame of the shared clips,
 * keeping every `--every`th frame's image landmarks (normalised x, y, visibility) and world landmarks (metres).
 * No pictures are stored. Run: `npx jiti scripts/make-clip-tracks.ts [--every 2]` (needs ../shared/media and the
 * converted models).
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeVideo } from '../src/inference/bench/frames';
import { createOrtPoseModels } from '../src/inference/pose-models-ort';
import { PoseTracker } from '../src/inference/tracker';

const CLIPS = [
  { name: 'mirror-run', file: 'mirror_run.mp4' },
  { name: 'street', file: 'video.avi' },
] as const;

const everyArg = process.argv.indexOf('--every');
const every = everyArg > 0 ? Number(process.argv[everyArg + 1]) : 2;
const media = path.resolve('../shared/media');
const out = path.resolve('tests/fixtures/tracks');
fs.mkdirSync(out, { recursive: true });
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

const models = await createOrtPoseModels({ modelsDir: path.resolve('models'), model: 'full', ep: 'cpu', threads: 1 });
try {
  for (const clip of CLIPS) {
    const file = path.join(media, clip.file);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: the shared test media are needed`);
    const video = await decodeVideo(file);
    const tracker = new PoseTracker(models, { mode: 'tracking', segmentation: false });
    const frames: unknown[] = [];
    for (let i = 0; i < video.frames.length; i++) {
      const pose = await tracker.process({ data: video.frames[i]!, widthPx: video.widthPx, heightPx: video.heightPx, timestampMs: (i * 1000) / video.fps });
      if (i % every !== 0 || pose.landmarks.length < 33 || pose.worldLandmarks.length < 33) continue;
      frames.push({
        index: i,
        // x, y, visibility per landmark (normalised to the frame), then x, y, z per world landmark (metres).
        image: pose.landmarks.flatMap((l) => [r4(l.x), r4(l.y), r4(l.visibility)]),
        world: pose.worldLandmarks.flatMap((w) => [r4(w.x), r4(w.y), r4(w.z)]),
      });
    }
    const doc = { clip: clip.file, widthPx: video.widthPx, heightPx: video.heightPx, fps: video.fps, every, frames };
    fs.writeFileSync(path.join(out, `${clip.name}.json`), JSON.stringify(doc));
    console.log(`${clip.name}: ${frames.length} frames of ${video.frames.length}`);
  }
} finally {
  await models.dispose();
}
