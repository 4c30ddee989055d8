/**
 * Writes the synthetic landmark tracks the shopper e2e replays (`e2e/fixtures/tracks/*.json`), from the body
 * model of tools/synth/sizing-synth.ts. Run: `npx jiti scripts/make-tracks.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compactTrack, standingTrack, swipeTrack, turnAroundTrack } from '../tools/synth/tracks';

const dir = path.resolve('e2e/fixtures/tracks');
fs.mkdirSync(dir, { recursive: true });
for (const [name, track] of [
  ['standing', standingTrack(4000, { fps: 10 })],
  ['turn-around', turnAroundTrack(3000, 1500, { fps: 10 })],
  ['swipe-left', swipeTrack('left', { fps: 15 })],
] as const) {
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(compactTrack({ ...track, name })));
  console.log(`${name}: ${track.frames.length} frames`);
}
