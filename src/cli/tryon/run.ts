/**
 * What `atelier tryon` does (src/cli/commands/tryon.ts declares its flags): track the person of the photo or clip
 * with the native engine, render each frame with the garment in headless Chromium, write the composite, the coverage
 * masks and the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { seedDemoCatalog } from '../../core/demo/seed';
import { Recommender } from '../../core/recommend/recommender';
import { createOrtPoseModels } from '../../inference/pose-models-ort';
import type { PoseModels } from '../../inference/pipeline/pose-models';
import { ownHemsOf } from '../../shared/own-hems';
import { pieceOf } from '../../shared/outfit';
import { PoseTracker } from '../../inference/tracker';
import { WEB_ASSET_PATH } from '../../shared/asset-url';
import { TRYON_PAGE, tryOnResultLayout, type TryOnFrameMessage, type TryOnJob } from '../../shared/tryon';
import { MeasurementAverager, recommendSize, type MeasuredBody } from '../../shared/sizing';
import { encodeWire } from '../../shared/wire';
import { configFrom, parseIntFlag, parseSizeFlag, UsageError } from '../context';
import { demoDir, rendererDir } from '../paths';
import { withCatalog } from '../with-catalog';
import { chooseGarment, tryOnGarment, type GarmentChoice, type GarmentRequest } from './garment-choice';
import { openTryOnInput, type TryOnInput } from './input';
import { coverageBox, Mp4Writer, writeImage } from './outputs';
import { PageThread } from './page-thread-time';
import { RenderBrowser } from './render-browser';
import { RenderServer } from './render-server';
import { turnedRound } from './turned-round';
import { requireModels } from '../commands/pose';
import type { TryOnFrameReport, TryOnReport } from '../commands/tryon';

export interface TryOnOptions {
  product: string;
  colour?: string;
  size?: string;
  mode: string;
  out?: string;
  mask?: string;
  json?: boolean;
  frames?: string;
  step?: string;
  maskSize?: string;
  turned?: boolean;
  display?: string;
  serial?: boolean;
}

const IMAGE_OUT = /\.(png|jpe?g|webp)$/i;

export async function tryOn(file: string, opts: TryOnOptions, cmd: Command): Promise<void> {
  const requests = outfitRequests(opts);
  const maxFrames = parseIntFlag('frames', opts.frames) ?? Infinity;
  if (maxFrames === 0) throw new UsageError('--frames must be at least 1');
  const step = parseIntFlag('step', opts.step) ?? 1;
  if (step === 0) throw new UsageError('--step must be at least 1');
  const maskSize = opts.maskSize ?? '256';
  if (maskSize !== '128' && maskSize !== '256') throw new UsageError(`--mask-size must be 128 or 256, got "${maskSize}"`);
  const display = parseSizeFlag('display', opts.display) ?? null;
  if (display && (opts.mask || opts.json)) throw new UsageError('--display renders the composite only: --mask and --json measure the garment in camera pixels');
  const { dataDir, config } = configFrom(cmd);
  const input = await openTryOnInput(file, maxFrames);
  checkOutputs(input, opts);

  await withCatalog(dataDir, async (catalog) => {
    // A fresh data dir opens on the demo collection, as `serve` does.
    seedDemoCatalog(catalog, demoDir());
    // Check the products, colours and modes before tracking anything for the size advice.
    const choices = requests.map((req) => chooseGarment(catalog.product(req.productId), req));
    checkOneGarmentPerSlot(choices);
    const renderer = rendererDir();
    if (!fs.existsSync(path.join(renderer, TRYON_PAGE))) throw new UsageError(`${path.join(renderer, TRYON_PAGE)} is missing: run \`npm run build\``);
    const widthPx = input.kind === 'photo' ? input.image.widthPx : input.widthPx;
    const heightPx = input.kind === 'photo' ? input.image.heightPx : input.heightPx;
    const { widthPx: outWidthPx, heightPx: outHeightPx } = display ?? { widthPx, heightPx };

    const models = await createOrtPoseModels({
      modelsDir: requireModels(),
      model: config.modelSize,
      ep: config.ep,
      ...(maskSize === '128' ? { maskHead: 'split', maskSizePx: 128 } : {}),
      // Every rendered frame with its own mask: a picture is no live loop, a head in its worker would only make the
      // mask a frame late (none on a video's first frame) and how late depend on timing. A photo runs the head in
      // line anyway (static mode).
      maskHeadThread: 'engine',
    });
    try {
      // No --size: the size a store would show this person, the mirror's own size advice (the body measured once).
      const sizeNotes = choices.map((_, k): string => (requests[k]!.size === undefined ? 'default size' : '--size'));
      if (requests.some((req) => req.size === undefined)) {
        const body = await measureBody(input, models);
        const recommender = new Recommender(catalog.db);
        choices.forEach((choice, k) => {
          const req = requests[k]!;
          if (req.size !== undefined) return;
          const chart = recommender.sizeChart(choice.product.id);
          const advice = chart && body ? recommendSize(body, chart) : null;
          if (advice && choice.product.variants.some((v) => v.colour === choice.variant.colour && v.size === advice.size)) {
            choices[k] = chooseGarment(choice.product, { ...req, colour: choice.variant.colour, size: advice.size });
            const stated = advice.stated.from === advice.stated.to ? advice.stated.from : `between ${advice.stated.from} and ${advice.stated.to}`;
            sizeNotes[k] = `the size advice for this person (${stated}, ${Math.round(advice.confidence * 100)} % sure; most likely ${advice.size})`;
          } else {
            sizeNotes[k] = chart ? 'default size: the size advice found no measurable body' : 'default size: the product has no size chart';
          }
        });
      }
      const job: TryOnJob = {
        garments: choices.map((choice, k) => tryOnGarment(choice, requests[k]!.mode)),
        assetBase: `/${WEB_ASSET_PATH}`,
        widthPx,
        heightPx,
        display,
        coverage: Boolean(opts.mask || opts.json),
        composite: opts.out !== undefined,
        liveLight: input.kind === 'video',
      };
      const { compositeBytes, coverageBytes } = tryOnResultLayout(job);
      // The mask over the ROI, warped by the page's shaders, as the mirror's engine sends it (native-processor.ts).
      const tracker = new PoseTracker(models, { mode: input.kind === 'photo' ? 'static' : 'tracking', segmentation: true, maskResolution: 'roi', subject: 'mirror' });
      const frames = input.kind === 'photo' ? single(input.image.data) : input.frames();
      const fps = input.kind === 'video' ? input.fps : 30;
      let index = 0;
      /** Tracks frames up to the next one to render and encodes it for the page; null after the last. */
      const trackNext = async (): Promise<{ i: number; encoded: ArrayBuffer; person: boolean; timestampMs: number } | null> => {
        for (;;) {
          const next = await frames.next();
          if (next.done) return null;
          const i = index++;
          const timestampMs = (i * 1000) / fps;
          const found = await tracker.process({ data: next.value, widthPx, heightPx, timestampMs });
          if (i % step !== 0) continue;
          // As the mirror's engine sends it (native-processor.ts): where the shopper's own sleeves and shorts end.
          const tracked = found.landmarks.length > 0 ? { ...found, ...ownHemsOf({ data: next.value, widthPx, heightPx }, found.landmarks) } : found;
          const pose = opts.turned ? turnedRound(tracked) : tracked;
          const message: TryOnFrameMessage = { pose, rgba: next.value };
          return { i, encoded: encodeWire(message) as ArrayBuffer, person: pose.landmarks.length > 0, timestampMs };
        }
      };

      let pending = trackNext();
      const first = await pending;
      if (!first) throw new UsageError(`${file}: no frames`);
      if (input.kind === 'photo' && !first.person) throw new UsageError(`${file}: no person found`, 1);
      pending = Promise.resolve(first);

      const server = await RenderServer.start(renderer, catalog, compositeBytes + coverageBytes);
      let browser: RenderBrowser | null = null;
      let mp4: Mp4Writer | null = null;
      try {
        browser = await RenderBrowser.open(new URL(TRYON_PAGE, server.url).href, job);
        if (input.kind === 'video') {
          if (opts.out) mp4 = Mp4Writer.open(opts.out, outWidthPx, outHeightPx, fps / step);
          if (opts.mask) fs.mkdirSync(opts.mask, { recursive: true });
        }
        const reports: TryOnFrameReport[] = [];
        const pageThread = PageThread.find();
        const t0 = performance.now();
        let withPerson = 0;
        for (let cur = await pending; cur; cur = await pending) {
          server.putFrame(cur.i, cur.encoded);
          // Track the next frame while the page renders this one, unless the page's timings are what is measured.
          if (!opts.serial) pending = trackNext();
          const before = pageThread?.now() ?? null;
          const { fit, stageThread } = await browser.render(cur.i, pageThread);
          const after = pageThread?.now() ?? null;
          if (opts.serial) pending = trackNext();
          const result = server.takeResult(cur.i);
          const composite = result.subarray(0, compositeBytes);
          const coverage = job.coverage ? result.subarray(compositeBytes) : null;
          if (mp4) await mp4.write(composite);
          else if (opts.out) await writeImage(opts.out, composite, outWidthPx, outHeightPx, 4);
          if (opts.mask && coverage) {
            const maskFile = input.kind === 'video' ? path.join(opts.mask, `${String(cur.i).padStart(5, '0')}.png`) : opts.mask;
            await writeImage(maskFile, coverage, widthPx, heightPx, 1);
          }
          if (cur.person) withPerson++;
          const { box, pixels } = coverage ? coverageBox(coverage, widthPx, heightPx) : { box: null, pixels: 0 };
          reports.push({ frame: cur.i, timestampMs: cur.timestampMs, ...fit, garmentBoxPx: box, garmentPixels: pixels, pageThread: before && after ? { cpuMs: after.cpuMs - before.cpuMs, waitMs: after.waitMs - before.waitMs } : null, stageThread });
        }
        await mp4?.close();
        mp4 = null;
        const seconds = (performance.now() - t0) / 1000;
        if (withPerson === 0) {
          if (opts.out) fs.rmSync(opts.out, { force: true });
          throw new UsageError(`${file}: no person found in any frame`, 1);
        }
        const framesPerSecond = reports.length / Math.max(seconds, 1e-6);
        const worn = choices.map((c, k) => `${c.variant.sku} (${requests[k]!.mode}), size ${c.variant.size} from ${sizeNotes[k]}`).join(' + ');
        process.stderr.write(
          `tryon: ${worn}, on ${reports.length} frame${reports.length === 1 ? '' : 's'} of ${widthPx}×${heightPx}${display ? ` shown at ${outWidthPx}×${outHeightPx}` : ''}, person in ${withPerson}: ` +
            `${seconds.toFixed(1)} s, ${framesPerSecond.toFixed(1)} frames/s → ${[opts.out, opts.mask, opts.json ? 'stdout' : undefined].filter(Boolean).join(' + ')}\n`,
        );
        if (opts.json) {
          const garments = choices.map((c, k) => ({ productId: c.product.id, sku: c.variant.sku, colour: c.variant.colour, size: c.variant.size, sizeFrom: sizeNotes[k]!, mode: requests[k]!.mode }));
          const report: TryOnReport = {
            input: file,
            ...garments.at(-1)!,
            outfit: garments,
            widthPx,
            heightPx,
            frames: reports,
            framesPerSecond,
          };
          process.stdout.write(JSON.stringify(report) + '\n');
        }
      } finally {
        mp4?.abort();
        // On an error mid-clip: let the frame being tracked finish and stop the decoder before the models go.
        await pending.catch(() => null);
        await frames.return(undefined);
        await browser?.close();
        await server.close();
      }
    } finally {
      await models.dispose();
    }
  });
}

/**
 * `--product a,b,c`: an outfit, put on in that order. `--colour`, `--size` and `--mode` each give one value for every
 * product or one per product (comma-separated, in the same order; an empty one takes that product's default).
 */
function outfitRequests(opts: Pick<TryOnOptions, 'product' | 'colour' | 'size' | 'mode'>): GarmentRequest[] {
  const ids = opts.product.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError(`--product ${opts.product}: an empty product id (give ids separated by commas)`);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new UsageError(`--product ${opts.product}: ${twice} is given twice`);
  const perProduct = (flag: string, value: string | undefined): Array<string | undefined> => {
    const values = value === undefined ? [undefined] : value.split(',').map((x) => x.trim() || undefined);
    if (values.length === 1) return ids.map(() => values[0]);
    if (values.length !== ids.length) throw new UsageError(`--${flag} ${value}: ${values.length} values for ${ids.length} products (give one for all, or one per product)`);
    return values;
  };
  const colours = perProduct('colour', opts.colour);
  const sizes = perProduct('size', opts.size);
  const modes = perProduct('mode', opts.mode);
  return ids.map((productId, k) => {
    const mode = modes[k] ?? '2d';
    if (mode !== '2d' && mode !== '3d') throw new UsageError(`--mode must be 2d or 3d, got "${mode}"`);
    return { productId, colour: colours[k], size: sizes[k], mode };
  });
}

/** An outfit has one garment per slot (the mirror would take the first off): say which two collide. */
function checkOneGarmentPerSlot(choices: readonly GarmentChoice[]): void {
  const bySlot = new Map<string, string>();
  for (const { product, variant } of choices) {
    for (const slot of pieceOf(product, variant).slots) {
      const other = bySlot.get(slot);
      if (other) throw new UsageError(`--product: ${other} and ${product.id} are both worn as the ${slot} (an outfit has one garment per slot: top, bottom, outerwear; a dress is top and bottom)`);
      bySlot.set(slot, product.id);
    }
  }
}

/**
 * Something to write, and names that fit the input: a picture for a photo, an mp4 (and a mask folder) for a video.
 * Without `-o` the composite is not drawn: `--mask` or `--json` alone measure the garment.
 */
function checkOutputs(input: TryOnInput, opts: TryOnOptions): void {
  if (opts.out === undefined && !opts.mask && !opts.json) throw new UsageError('nothing to write: give -o (the composite), --mask or --json');
  if (input.kind === 'photo') {
    if (opts.out !== undefined && !IMAGE_OUT.test(opts.out)) throw new UsageError(`-o ${opts.out}: a photo's try-on is written as .png, .jpg or .webp`);
    if (opts.mask && !/\.png$/i.test(opts.mask)) throw new UsageError(`--mask ${opts.mask}: a photo's mask is one .png file`);
  } else {
    if (opts.out !== undefined && !/\.mp4$/i.test(opts.out)) throw new UsageError(`-o ${opts.out}: a video's try-on is written as .mp4`);
    if (opts.mask && /\.png$/i.test(opts.mask)) throw new UsageError(`--mask ${opts.mask}: a video's masks go into a folder (one PNG per frame)`);
  }
  if (opts.out === undefined) return;
  const outDir = path.dirname(path.resolve(opts.out));
  if (!fs.existsSync(outDir)) throw new UsageError(`-o ${opts.out}: folder ${outDir} does not exist`);
}

/**
 * Frames the size advice measures before a try-on without --size: the first second, as long as a shopper stands
 * facing the mirror before a session starts.
 */
const ADVICE_FRAMES = 30;

/** The person's body as the mirror's size advice measures it (`recommendSize`), over the input's first {@link ADVICE_FRAMES} frames. */
async function measureBody(input: TryOnInput, models: PoseModels): Promise<MeasuredBody | null> {
  const tracker = new PoseTracker(models, { mode: input.kind === 'photo' ? 'static' : 'tracking', segmentation: false, subject: 'mirror' });
  // A photo is one frame; a clip is averaged as the mirror does (its averager's own minimum of frames).
  const averager = new MeasurementAverager(input.kind === 'photo' ? { minFrames: 1 } : {});
  const frames = input.kind === 'photo' ? single(input.image.data) : input.frames();
  const widthPx = input.kind === 'photo' ? input.image.widthPx : input.widthPx;
  const heightPx = input.kind === 'photo' ? input.image.heightPx : input.heightPx;
  const fps = input.kind === 'video' ? input.fps : 30;
  let i = 0;
  try {
    for await (const data of frames) {
      const pose = await tracker.process({ data, widthPx, heightPx, timestampMs: (i * 1000) / fps });
      if (pose.landmarks.length > 0 && pose.worldLandmarks.length > 0) averager.add(pose.worldLandmarks, pose.landmarks);
      if (++i >= ADVICE_FRAMES) break;
    }
  } finally {
    await frames.return(undefined);
  }
  return averager.result();
}

async function* single(frame: Uint8Array): AsyncGenerator<Uint8Array> {
  yield frame;
}
