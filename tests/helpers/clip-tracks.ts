import fs from 'node:fs';
import path from 'node:path';

/**
 * Real landmark tracks of the shared clips (made by `npx jiti scripts/make-clip-tracks.ts` with the native engine
 * from ../shared/media; landmarks only, no pictures): per kept frame, 33 image landmarks in camera pixels and 33
 * world landmarks in metres, interleaved as the rig reads them.
 */
export interface ClipFrame {
  index: number;
  landmarksPx: Float64Array;
  visibility: Float64Array;
  worldM: Float64Array;
}

export interface ClipTrack {
  name: string;
  /** The clip's file name in ../shared/media. */
  clip: string;
  widthPx: number;
  heightPx: number;
  fps: number;
  frames: ClipFrame[];
}

export const CLIP_NAMES = ['mirror-run', 'street'] as const;

/** `sway` is synthetic (scripts/cloth/make-sway-track.ts, same format): someone swaying, then still, for the cloth checks. */
export function loadClipTrack(name: (typeof CLIP_NAMES)[number] | 'sway' | 'sway-stop'): ClipTrack {
  const file = path.resolve('tests/fixtures/tracks', `${name}.json`);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    clip: string;
    widthPx: number;
    heightPx: number;
    fps: number;
    frames: Array<{ index: number; image: number[]; world: number[] }>;
  };
  return {
    name,
    clip: doc.clip,
    widthPx: doc.widthPx,
    heightPx: doc.heightPx,
    fps: doc.fps,
    frames: doc.frames.map((f) => {
      const landmarksPx = new Float64Array(66);
      const visibility = new Float64Array(33);
      for (let i = 0; i < 33; i++) {
        landmarksPx[2 * i] = f.image[3 * i]! * doc.widthPx;
        landmarksPx[2 * i + 1] = f.image[3 * i + 1]! * doc.heightPx;
        visibility[i] = f.image[3 * i + 2]!;
      }
      return { index: f.index, landmarksPx, visibility, worldM: Float64Array.from(f.world) };
    }),
  };
}
