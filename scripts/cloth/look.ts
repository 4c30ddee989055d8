/**
 * Issue 14 point 6: every demo garment (2D, and 3D where it has one) put on two frames of the mirror clip and one of
 * the street video by the built `atelier tryon`, and before/after pictures side by side to look at.
 *
 *   npx jiti scripts/cloth/look.ts render <dir>              # renders with the app as built now (out/)
 *   npx jiti scripts/cloth/look.ts compare <before> <after>  # → test-results/cloth/<product>-<mode>.png
 *
 * Build the app between the two renders (`npm run build`). The frames: mirror_run.mp4 frames 40 and 110 (running
 * in place, arms in two positions) and video.avi frame 200 (a person walking towards the camera), cropped to them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const REPO = path.resolve(import.meta.dirname, '../..');
const MEDIA = path.resolve(REPO, '../shared/media');
/** The street frame's person, camera pixels of the 1280×720 video: left, top, width, height. */
const STREET_CROP = { left: 760, top: 40, width: 400, height: 640 };
const MIRROR_FRAMES = [40, 110];
const STREET_FRAME = 200;
/** Height of every tile in the side-by-side picture, pixels. */
const TILE_HEIGHT_PX = 640;

interface Case {
  productId: string;
  mode: '2d' | '3d';
}

function cases(): Case[] {
  const catalog = JSON.parse(readFileSync(path.join(REPO, 'assets/generated/demo-catalog.json'), 'utf8')) as {
    products: Array<{ id: string; colours: Array<{ garment3d?: string }> }>;
  };
  return catalog.products.flatMap((p) => [{ productId: p.id, mode: '2d' as const }, ...(p.colours.some((c) => c.garment3d) ? [{ productId: p.id, mode: '3d' as const }] : [])]);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.trim().split('\n').at(-1)}`);
}

/** The three stills as PNGs in `dir/stills` (made once). */
function stills(dir: string): string[] {
  const out = path.join(dir, 'stills');
  mkdirSync(out, { recursive: true });
  const files = [...MIRROR_FRAMES.map((n) => path.join(out, `mirror-${n}.png`)), path.join(out, `street-${STREET_FRAME}.png`)];
  const sources = [...MIRROR_FRAMES.map(() => 'mirror_run.mp4'), 'video.avi'];
  const frames = [...MIRROR_FRAMES, STREET_FRAME];
  files.forEach((file, k) => {
    if (!existsSync(file)) run('ffmpeg', ['-v', 'error', '-y', '-i', path.join(MEDIA, sources[k]!), '-vf', `select=eq(n\\,${frames[k]})`, '-vsync', '0', '-frames:v', '1', file]);
  });
  return files;
}

function render(dir: string): void {
  if (!existsSync(path.join(MEDIA, 'mirror_run.mp4'))) throw new Error(`${MEDIA}/mirror_run.mp4 is missing (the shared test media)`);
  const inputs = stills(dir);
  const dataDir = path.join(dir, 'data');
  for (const c of cases()) {
    inputs.forEach((input, k) => {
      const out = path.join(dir, `${c.productId}-${c.mode}-${k}.png`);
      run('node', ['bin/atelier.mjs', 'tryon', input, '--product', c.productId, '--mode', c.mode, '--data-dir', dataDir, '-o', out]);
    });
    console.log(`rendered ${c.productId} ${c.mode}`);
  }
}

async function tile(file: string, k: number): Promise<Buffer> {
  const img = k === 2 ? sharp(file).extract(STREET_CROP) : sharp(file);
  return img.resize({ height: TILE_HEIGHT_PX }).png().toBuffer();
}

async function compare(before: string, after: string): Promise<void> {
  const outDir = path.join(REPO, 'test-results/cloth');
  mkdirSync(outDir, { recursive: true });
  for (const c of cases()) {
    const tiles: Array<{ input: Buffer; left: number; top: number }> = [];
    let x = 0;
    for (let k = 0; k < 3; k++) {
      for (const dir of [before, after]) {
        const file = path.join(dir, `${c.productId}-${c.mode}-${k}.png`);
        if (!existsSync(file)) continue;
        const input = await tile(file, k);
        tiles.push({ input, left: x, top: 0 });
        x += (await sharp(input).metadata()).width! + (dir === after ? 16 : 2);
      }
    }
    const out = path.join(outDir, `${c.productId}-${c.mode}.png`);
    await sharp({ create: { width: x, height: TILE_HEIGHT_PX, channels: 3, background: '#ffffff' } }).composite(tiles).png().toFile(out);
    console.log(out);
  }
}

const [cmd, a, b] = process.argv.slice(2);
if (cmd === 'render' && a) render(path.resolve(a));
else if (cmd === 'compare' && a && b) await compare(path.resolve(a), path.resolve(b));
else {
  console.error('usage: look.ts render <dir> | compare <before> <after>');
  process.exit(2);
}
