/**
 * What `atelier tryon` is given: a photo (sharp decodes it) or a video (ffprobe finds its stream, ffmpeg streams its
 * frames). Anything else is a one-line usage error.
 */
import { existsSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { loadImageRgba, probeVideo, streamVideoFrames, type RgbaImage } from '../../inference/bench/frames';
import { UsageError } from '../context';

export type TryOnInput =
  | { kind: 'photo'; file: string; image: RgbaImage }
  | {
      kind: 'video';
      file: string;
      widthPx: number;
      heightPx: number;
      fps: number;
      /** The frames in order, one new RGBA buffer each (the consumer owns it). */
      frames: () => AsyncGenerator<Uint8Array>;
    };

/** Raised when ffmpeg/ffprobe are not on the PATH: videos need them, photos do not. */
export const FFMPEG_MISSING = 'ffmpeg and ffprobe are needed for videos and were not found on the PATH (install ffmpeg)';

const isMissingBinary = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** Opens the input: a photo when sharp can read it, else a video when ffprobe finds a video stream. */
export async function openTryOnInput(file: string, maxFrames = Infinity): Promise<TryOnInput> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new UsageError(`${file}: not a file`);
  // GIFs and multi-page files are left to ffmpeg: sharp would read only their first frame as a photo.
  const meta = await sharp(file)
    .metadata()
    .catch(() => null);
  if (meta && meta.format !== 'gif' && (meta.pages ?? 1) === 1) {
    try {
      return { kind: 'photo', file, image: await loadImageRgba(file) };
    } catch (e) {
      throw new UsageError(`${file}: not an image sharp can decode (${(e as Error).message.split('\n')[0]})`);
    }
  }
  let info: { widthPx: number; heightPx: number; fps: number };
  try {
    info = await probeVideo(file);
  } catch (e) {
    if (isMissingBinary(e)) throw new UsageError(`${file} is not a photo; ${FFMPEG_MISSING}`);
    throw new UsageError(`${file}: not an image or a video`);
  }
  return { kind: 'video', file, ...info, frames: () => streamVideoFrames(file, info, maxFrames) };
}
