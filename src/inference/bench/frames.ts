/**
 * Frame sources for diagnostics and benchmarks: a video decoded by ffmpeg to raw RGBA, a folder of photos, one photo
 * (sharp). Everything is decoded up front so that decoding never runs inside a timed region.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

/** Tightly packed RGBA pixels, owned by whoever holds the object. */
export interface RgbaImage {
  data: Uint8Array;
  widthPx: number;
  heightPx: number;
}

/** Decoded frames of one source, all of one size. */
export interface DecodedFrames {
  widthPx: number;
  heightPx: number;
  /** Source frame rate (frames per second) that gives the frames their timestamps. @default 30 for photo folders */
  fps: number;
  /** One RGBA buffer per frame (`widthPx × heightPx × 4` bytes each), owned by this object. */
  frames: Uint8Array[];
  /** Where they came from, for reports. */
  source: string;
}

/** Photo extensions a folder source accepts. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);
/** Frame rate given to a folder of photos (their timestamps feed the filters). */
const PHOTO_FOLDER_FPS = 30;

const execFileAsync = promisify(execFile);

/** Decodes a photo to RGBA, applying its EXIF orientation. Returns a new buffer the caller owns. */
export async function loadImageRgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height };
}

/** Width, height and frame rate of a video's first video stream (ffprobe). */
export async function probeVideo(file: string): Promise<{ widthPx: number; heightPx: number; fps: number }> {
  const { stdout } = await execFileAsync('ffprobe', [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,r_frame_rate', '-of', 'json', file,
  ]);
  const stream = (JSON.parse(stdout) as { streams?: Array<{ width?: number; height?: number; r_frame_rate?: string }> }).streams?.[0];
  if (!stream?.width || !stream.height) throw new Error(`${file}: no video stream`);
  const [num, den] = (stream.r_frame_rate ?? '30/1').split('/').map(Number);
  const fps = num && den ? num / den : 30;
  return { widthPx: stream.width, heightPx: stream.height, fps };
}

/**
 * Streams the frames of a video at its own size from ffmpeg (`-f rawvideo -pix_fmt rgba` on stdout), one new RGBA
 * buffer per frame (the consumer owns each), so a long clip never sits in memory whole. `size` is the video's size
 * (from {@link probeVideo}). Throws after the last frame when ffmpeg failed; stopping early kills ffmpeg.
 */
export async function* streamVideoFrames(file: string, size: { widthPx: number; heightPx: number }, maxFrames = Infinity): AsyncGenerator<Uint8Array> {
  const frameBytes = size.widthPx * size.heightPx * 4;
  const args = ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0'];
  if (Number.isFinite(maxFrames)) args.push('-frames:v', String(maxFrames));
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgba', '-');
  const ff = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited: Promise<number> = new Promise((resolve, reject) => {
    ff.once('error', reject);
    ff.once('close', (c) => resolve(c ?? 1));
  });
  let stderr = '';
  ff.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let current = new Uint8Array(frameBytes);
  let filled = 0;
  let count = 0;
  try {
    for await (const chunk of ff.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        current.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          count++;
          yield current;
          current = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    const code = await exited;
    if (code !== 0) throw new Error(`ffmpeg could not decode ${file}: ${stderr.trim().split('\n').pop() ?? `exit ${code}`}`);
    if (count === 0) throw new Error(`${file}: no frames decoded`);
  } finally {
    if (ff.exitCode === null) ff.kill();
  }
}

/**
 * Decodes up to `maxFrames` frames of a video at its own size with ffmpeg. The frames are new buffers owned by the
 * returned object.
 */
export async function decodeVideo(file: string, maxFrames = Infinity): Promise<DecodedFrames> {
  const { widthPx, heightPx, fps } = await probeVideo(file);
  const frames: Uint8Array[] = [];
  for await (const frame of streamVideoFrames(file, { widthPx, heightPx }, maxFrames)) frames.push(frame);
  return { widthPx, heightPx, fps, frames, source: file };
}

/**
 * Decodes the photos of a folder, sorted by name. Every frame gets the first photo's size (the tracker restarts at
 * each size change): photos of another size are letterboxed onto that canvas by sharp (`fit: 'contain'`, black bars).
 */
export async function decodeFolder(dir: string, maxFrames = Infinity): Promise<DecodedFrames> {
  const files = readdirSync(dir)
    .filter((f) => IMAGE_EXTENSIONS.has(path.extname(f).toLowerCase()))
    .sort()
    .slice(0, Number.isFinite(maxFrames) ? maxFrames : undefined)
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`${dir}: no .jpg, .png or .webp photos`);
  const first = await loadImageRgba(files[0]!);
  const frames: Uint8Array[] = [first.data];
  for (const f of files.slice(1)) {
    const { data } = await sharp(f)
      .rotate()
      .resize(first.widthPx, first.heightPx, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 1 } })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    frames.push(new Uint8Array(data.buffer, data.byteOffset, data.length));
  }
  return { widthPx: first.widthPx, heightPx: first.heightPx, fps: PHOTO_FOLDER_FPS, frames, source: dir };
}

/** A video file or a folder of photos, decoded up front. */
export async function decodeInput(input: string, maxFrames = Infinity): Promise<DecodedFrames> {
  return statSync(input).isDirectory() ? decodeFolder(input, maxFrames) : decodeVideo(input, maxFrames);
}

/**
 * Decoded frames read one at a time, for the benchmark: it reads frame i between two timed frames. A reader over a
 * file holds one frame in memory, as the mirror's engine does; frames held by the hundred are not free to the code
 * timed beside them: V8 schedules its collections by heap plus external memory, and with 150 frames of 1280 × 720
 * held (527 MiB) the tracker's per-run ORT output buffers bring a full collection about 8 times as often
 * (docs/frame-pipe.md).
 */
export interface FrameReader {
  readonly widthPx: number;
  readonly heightPx: number;
  /** Source frame rate, frames per second. */
  readonly fps: number;
  /** Frames in one pass over the input. */
  readonly count: number;
  /** Bytes of decoded frames this reader holds in the process's memory. */
  readonly heldBytes: number;
  readonly source: string;
  /** Frame `index` (0 ≤ index < count), RGBA; borrowed until the next `read` (the reader may reuse the buffer). */
  read(index: number): Uint8Array;
  /** Frees what the reader holds (its file, if any). */
  close(): void;
}

/** Frames already in memory as a reader (borrows `decoded`: `read` returns its buffers as they are). */
export function framesInMemory(decoded: DecodedFrames): FrameReader {
  const frameBytes = decoded.widthPx * decoded.heightPx * 4;
  return {
    widthPx: decoded.widthPx,
    heightPx: decoded.heightPx,
    fps: decoded.fps,
    count: decoded.frames.length,
    heldBytes: decoded.frames.length * frameBytes,
    source: decoded.source,
    read: (index) => {
      const frame = decoded.frames[index];
      if (!frame) throw new RangeError(`frame ${index} of ${decoded.frames.length}`);
      return frame;
    },
    close: () => {},
  };
}

/**
 * Decodes up to `maxFrames` frames of a video with ffmpeg into a temporary file of raw RGBA (removed by `close`);
 * `read` copies one frame from it into the one buffer the reader holds.
 */
export async function videoOnDisk(file: string, maxFrames = Infinity): Promise<FrameReader> {
  const { widthPx, heightPx, fps } = await probeVideo(file);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atelier-frames-'));
  const raw = path.join(dir, 'frames.rgba');
  const args = ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0'];
  if (Number.isFinite(maxFrames)) args.push('-frames:v', String(maxFrames));
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgba', raw);
  let fd: number;
  try {
    await execFileAsync('ffmpeg', args, { maxBuffer: 1024 * 1024 });
    fd = openSync(raw, 'r');
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`ffmpeg could not decode ${file}: ${(err as Error).message.trim().split('\n').pop()}`, { cause: err });
  }
  const frameBytes = widthPx * heightPx * 4;
  const count = Math.floor(fstatSync(fd).size / frameBytes);
  if (count === 0) {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${file}: no frames decoded`);
  }
  const buffer = new Uint8Array(frameBytes);
  return {
    widthPx,
    heightPx,
    fps,
    count,
    heldBytes: frameBytes,
    source: file,
    read: (index) => {
      if (!(index >= 0 && index < count)) throw new RangeError(`frame ${index} of ${count}`);
      for (let done = 0; done < frameBytes; ) {
        const n = readSync(fd, buffer, done, frameBytes - done, index * frameBytes + done);
        if (n === 0) throw new Error(`${raw}: ended inside frame ${index}`);
        done += n;
      }
      return buffer;
    },
    close: () => {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
