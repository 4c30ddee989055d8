/**
 * `atelier tryon <photo|video> --product <id>[,<id>…] -o out.png|out.mp4`: a catalog garment, or an outfit, put on the
 * person of a photo or a clip with the mirror's own renderer and fitting (src/renderer/tryon/render-page.ts in headless Chromium). The
 * person is tracked here with the native engine (photo: static mode; video: tracking mode frame by frame, as the
 * mirror does), person mask on. Writes the composite, optionally the garment's coverage masks and per-frame fit
 * figures.
 */
import type { Command } from 'commander';
import type { TryOnPageFit } from '../../shared/tryon';
import type { PageThreadTime } from '../tryon/page-thread-time';
import type { TryOnOptions } from '../tryon/run';

/** One frame's figures in `--json`: the page's (see TryOnPageFit), with the garment's coverage measured on its pictures. */
export interface TryOnFrameReport extends TryOnPageFit {
  frame: number;
  timestampMs: number;
  /** The garment's box on its coverage after occlusion, camera pixels; null when nothing of it shows. */
  garmentBoxPx: { xPx: number; yPx: number; widthPx: number; heightPx: number } | null;
  /** Pixels of the garment's coverage. */
  garmentPixels: number;
  /**
   * The page's main thread over this frame's render (the stage, drawing, read-back): its CPU time and how long it
   * waited for a CPU while ready (`PageThread`); null where the scheduler's figures cannot be read.
   */
  pageThread: PageThreadTime | null;
  /**
   * The same over the garment stage alone (`Fitting.stage`, in a call of its own, plus the call's handling): the
   * stage's CPU time, which `stageMs` (wall clock) exceeds by the waits; null where it cannot be read.
   */
  stageThread: PageThreadTime | null;
}

/** One garment of the try-on: the variant worn and why its size. */
export interface TryOnWorn {
  productId: string;
  sku: string;
  colour: string;
  size: string;
  /** Why this size: `--size`, the size advice for the person (with its range and confidence), or the default. */
  sizeFrom: string;
  mode: '2d' | '3d';
}

/**
 * `atelier tryon --json` on stdout. Its own fields name the garment put on last (an outfit's last `--product`),
 * the one whose anchors the frames' figures give; `outfit` lists every garment worn, in the order put on.
 */
export interface TryOnReport extends TryOnWorn {
  input: string;
  outfit: TryOnWorn[];
  widthPx: number;
  heightPx: number;
  frames: TryOnFrameReport[];
  /** Frames per second of the whole run after start-up (tracking + rendering + writing). */
  framesPerSecond: number;
}

export function registerTryOn(program: Command): void {
  program
    .command('tryon')
    .description("put a catalog garment, or an outfit, on the person of a photo or a video with the mirror's renderer (headless Chromium)")
    .argument('<input>', 'a photo (jpg, png, webp) or a video (anything ffmpeg reads)')
    .requiredOption('--product <ids>', 'catalog product id; several, comma-separated, put on in that order as an outfit (e.g. shirt-oxford,chino-slim,blazer-check: one garment per slot)')
    .option('--colour <colour>', "colour as the catalog names it, any case (default: the product's first with a garment); for an outfit one for all or one per product, comma-separated, empty for the default")
    .option('--size <size>', 'size label as the catalog spells it (default: the size the size advice recommends for the person, as the mirror shows it; else M); for an outfit one for all or one per product')
    .option('--mode <mode>', '2d (garment picture) | 3d (garment model); for an outfit one for all or one per product', '2d')
    .option('-o, --out <file>', 'composite: .png/.jpg for a photo, .mp4 for a video (without it, --mask or --json: the composite is not drawn)')
    .option('--mask <png|dir>', "the garment's coverage after occlusion: a PNG for a photo, a folder (one PNG per frame) for a video")
    .option('--frames <n>', 'video: only the first n frames')
    .option('--step <k>', 'video: render every k-th frame (all are tracked, as the mirror does); the mp4 plays at fps / k', '1')
    .option('--json', 'print per-frame fit figures as JSON on stdout')
    .option(
      '--mask-size <px>',
      "the person mask's head: 128 (the mirror engine's: the landmark trunk, then the mask head with its tail at 128 px) | 256 (the landmark model's own head in one graph)",
      '256',
    )
    .option('--turned', "render the person as if turned round where they stand (each joint's side swapped): the garment's back view")
    .option('--serial', "video: track each frame only after the page has rendered the one before (slower): the page's stage timings in --json are then its own, not the tracker's competing for the CPU (scripts/cloth/bench.ts)")
    .option('--display <WxH>', "render on the mirror's screen size, e.g. 1080x1920: the picture cover-fitted and magnified as the kiosk shows it (composite only; default: the input's size)")
    .action(async (file: string, opts: TryOnOptions, cmd: Command) => {
      // Loaded when the command runs: Chromium's driver and the models' runtime are not every command's start-up.
      const { tryOn } = await import('../tryon/run');
      await tryOn(file, opts, cmd);
    });
}
