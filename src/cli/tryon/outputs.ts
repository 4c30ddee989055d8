/**
 * What `atelier tryon` writes: PNGs (sharp) for a photo's composite and every coverage mask, an mp4 (ffmpeg, H.264)
 * for a video's composites, and the garment's box measured on its coverage.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import sharp from 'sharp';
import { FFMPEG_MISSING } from './input';

/** Writes raw pixels (4 channels RGBA or 1 channel grey, rows top first) as an image; the format follows the name. */
export async function writeImage(file: string, pixels: Uint8Array, widthPx: number, heightPx: number, channels: 1 | 4): Promise<void> {
  let img = sharp(pixels, { raw: { width: widthPx, height: heightPx, channels } });
  // b-w keeps one channel: sharp otherwise writes a 1-channel raw image as RGB.
  if (channels === 1) img = img.toColourspace('b-w');
  else img = img.removeAlpha();
  await img.toFile(file);
}

/** The garment's box on its coverage mask (255 = garment), camera pixels, and how many pixels it covers. */
export function coverageBox(mask: Uint8Array, widthPx: number, heightPx: number): { box: { xPx: number; yPx: number; widthPx: number; heightPx: number } | null; pixels: number } {
  let x0 = widthPx;
  let y0 = heightPx;
  let x1 = -1;
  let y1 = -1;
  let pixels = 0;
  for (let y = 0, i = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++, i++) {
      if (mask[i]! < 128) continue;
      pixels++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return { box: pixels ? { xPx: x0, yPx: y0, widthPx: x1 - x0 + 1, heightPx: y1 - y0 + 1 } : null, pixels };
}

/** The mp4 encoder's niceness (0 normal … 19 lowest; on Windows below-normal priority). */
const ENCODER_NICENESS = 10;

/** An H.264 mp4 fed raw RGBA frames on ffmpeg's stdin. `close()` waits for the file to be complete. */
export class Mp4Writer {
  private stderr = '';
  private failure: Error | null = null;
  private readonly exited: Promise<number>;

  private constructor(
    private readonly ff: ChildProcessByStdio<Writable, null, Readable>,
    private readonly file: string,
  ) {
    ff.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    ff.stdin.on('error', (e) => (this.failure ??= e));
    this.exited = new Promise((resolve) => {
      ff.once('error', (e) => {
        this.failure ??= (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(FFMPEG_MISSING) : e;
        resolve(1);
      });
      ff.once('close', (c) => resolve(c ?? 1));
    });
  }

  static open(file: string, widthPx: number, heightPx: number, fps: number): Mp4Writer {
    const args = [
      '-v', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${widthPx}x${heightPx}`, '-r', String(fps), '-i', '-',
      // yuv420p (what every player takes) needs even sizes: pad odd ones by a pixel.
      '-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
      file,
    ];
    const ff = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    // The encoder is background work: at normal priority its threads took the core the render page's garment stage
    // was on, and `--json`'s stage timings (scripts/cloth/bench.ts) showed ffmpeg's time slices, not the stage's.
    // Set before ffmpeg reads its first frame, so the encoder threads it starts then inherit it.
    if (ff.pid !== undefined) {
      try {
        os.setPriority(ff.pid, ENCODER_NICENESS);
      } catch {
        // Not permitted here (or the process already gone): encode at normal priority.
      }
    }
    return new Mp4Writer(ff, file);
  }

  /** Queues one frame (the pipe holds the buffer until written: do not reuse it); waits when ffmpeg is behind. */
  async write(rgba: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.ff.stdin.write(rgba)) await new Promise<void>((resolve) => this.ff.stdin.once('drain', resolve));
  }

  async close(): Promise<void> {
    this.ff.stdin.end();
    const code = await this.exited;
    if (this.failure) throw this.failure;
    if (code !== 0) throw new Error(`ffmpeg could not write ${this.file}: ${this.stderr.trim().split('\n').pop() ?? `exit ${code}`}`);
  }

  /** Stops ffmpeg without finishing the file (an error elsewhere). */
  abort(): void {
    if (this.ff.exitCode === null) this.ff.kill();
  }
}
