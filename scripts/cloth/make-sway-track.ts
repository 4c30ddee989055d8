/**
 * Writes the swaying track the cloth checks replay (`tests/fixtures/tracks/sway.json`, the format of
 * scripts/make-clip-tracks.ts): the synthetic body of tools/synth/sizing-synth.ts swaying side to side at 0.6 Hz,
 * ±8 cm, for 3.75 s (2¼ sways: the person stops at a turning point, as one does), then standing still for 2.25 s, at the camera's 30 frames per second, without landmark noise: this
 * track checks the cloth's motion; tracking noise and jumps are the stability check's, on the real clip's track.
 * Run: `npx jiti scripts/cloth/make-sway-track.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { swayTrack } from '../../tools/synth/tracks';

const FPS = 30;
const out = path.resolve('tests/fixtures/tracks/sway.json');
const track = swayTrack(3750, 2250, { fps: FPS, noiseM: 0 });
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const doc = {
  clip: 'swayTrack(3750, 2250) of tools/synth/tracks.ts',
  widthPx: track.widthPx,
  heightPx: track.heightPx,
  fps: FPS,
  every: 1,
  frames: track.frames.map((f, index) => ({
    index,
    image: f.landmarks.flatMap((l) => [r4(l.x), r4(l.y), r4(l.visibility)]),
    world: f.worldLandmarks.flatMap((w) => [r4(w.x), r4(w.y), r4(w.z)]),
  })),
};
fs.writeFileSync(out, JSON.stringify(doc));
console.log(`sway: ${doc.frames.length} frames → ${path.relative(process.cwd(), out)}`);
