/**
 * Writes the swaying track the cloth checks replay (`tests/fixtures/tracks/sway.json`, the format of
 * scripts/make-clip-tracks.ts): the synthetic body of tools/synth/sizing-synth.ts swaying side to side at 0.6 Hz,
 * ±8 cm, for 3.75 s (2¼ sways: the person stops at a turning point, as one does), then standing still for 2.25 s, at the camera's 30 frames per second, without landmark noise: this
 * track checks the cloth's motion; tracking noise and jumps are the stability check's, on the real clip's track.
 * With a second track, `sway-stop.json`, whose stop decelerates over 0.3 s instead of at once.
 * Run: `npx jiti scripts/cloth/make-sway-track.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { swayTrack } from '../../tools/synth/tracks';

const FPS = 30;
/**
 * The second track's stop: 0.3 s of least-jerk deceleration into the same standstill (a person does not end an
 * acceleration at once; docs/cloth.md, "Settling after the person stops"). Both tracks stay checked.
 */
const STOP_MS = 300;
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
for (const [name, stopMs] of [['sway', 0], ['sway-stop', STOP_MS]] as const) {
  const out = path.resolve(`tests/fixtures/tracks/${name}.json`);
  const track = swayTrack(3750, 2250, { fps: FPS, noiseM: 0, stopMs });
  const doc = {
    clip: stopMs ? `swayTrack(3750, 2250, { stopMs: ${stopMs} }) of tools/synth/tracks.ts` : 'swayTrack(3750, 2250) of tools/synth/tracks.ts',
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
  console.log(`${name}: ${doc.frames.length} frames → ${path.relative(process.cwd(), out)}`);
}
