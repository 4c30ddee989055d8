/**
 * Every demo garment, 2D and 3D, put on the same people by `atelier tryon` (the mirror's own renderer), laid out as
 * one labelled contact sheet per picture: what a store manager looks at before a collection goes live (issue 13
 * point 8, issue 14 point 6). Default pictures: frames 60 and 120 of the mirror clip and the street video at 2.5 s.
 *
 * Run: `npm run look:sheet -- [--photos a.png,b.jpg] [--products id,…] [--modes 2d,3d] [--size M] [-o out/look-sheet]`
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { REPO } from './fit/measure-clip';

interface DemoColour { code: string; garment2d?: string; garment3d?: string }
interface DemoProduct { id: string; colours: DemoColour[] }

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const outDir = path.resolve(arg('-o') ?? path.join(REPO, 'out/look-sheet'));
const size = arg('--size') ?? 'M';
const modes = (arg('--modes') ?? '2d,3d').split(',') as Array<'2d' | '3d'>;
const catalog = JSON.parse(readFileSync(path.join(REPO, 'assets/generated/demo-catalog.json'), 'utf8')) as { products: DemoProduct[] };
const wanted = arg('--products')?.split(',');
const products = catalog.products.filter((p) => !wanted || wanted.includes(p.id));
mkdirSync(outDir, { recursive: true });

/** The default pictures, decoded from the shared media (the same frames every note's look table uses). */
function defaultPhotos(): string[] {
  const media = path.resolve(REPO, '../shared/media');
  const cuts: Array<[string, string[], string]> = [
    ['mirror_run.mp4', ['-vf', 'select=eq(n\\,60)'], 'mirror-060.png'],
    ['mirror_run.mp4', ['-vf', 'select=eq(n\\,120)'], 'mirror-120.png'],
    ['video.avi', ['-ss', '2.5'], 'street-2.5s.png'],
  ];
  return cuts.map(([clip, filter, name]) => {
    const src = path.join(media, clip);
    if (!existsSync(src)) throw new Error(`${src} is missing: the shared test media are needed (or pass --photos)`);
    const file = path.join(outDir, name);
    const seek = filter[0] === '-ss' ? filter : [];
    const select = filter[0] === '-ss' ? [] : filter;
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...seek, '-i', src, ...select, '-frames:v', '1', file]);
    return file;
  });
}

const photos = arg('--photos')?.split(',').map((p) => path.resolve(p)) ?? defaultPhotos();
// One data folder for the whole sheet: tryon reads the catalog from it, never the user's ~/.config/atelier.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'atelier-look-'));

interface Box { left: number; top: number; right: number; bottom: number }

/** The bounding box of a garment coverage mask (any non-zero pixel), null when the garment covers nothing. */
async function maskBox(file: string): Promise<Box | null> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  let left = info.width, top = info.height, right = 0, bottom = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[y * info.width + x]! === 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x + 1);
      top = Math.min(top, y);
      bottom = y + 1;
    }
  }
  return right > left ? { left, top, right, bottom } : null;
}

function unite(a: Box | null, b: Box | null): Box | null {
  if (!a || !b) return a ?? b;
  return { left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) };
}

function padded(b: Box, widthPx: number, heightPx: number): { left: number; top: number; width: number; height: number } {
  const padX = (b.right - b.left) / 2;
  const padY = (b.bottom - b.top) / 2;
  const left = Math.max(0, Math.floor(b.left - padX));
  const top = Math.max(0, Math.floor(b.top - padY));
  return { left, top, width: Math.min(widthPx, Math.ceil(b.right + padX)) - left, height: Math.min(heightPx, Math.ceil(b.bottom + padY)) - top };
}

function label(text: string, width: number): Buffer {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="28"><rect width="100%" height="100%" fill="#000" fill-opacity="0.65"/><text x="6" y="20" font-family="DejaVu Sans, sans-serif" font-size="16" fill="#fff">${escaped}</text></svg>`);
}

for (const photo of photos) {
  const base = path.basename(photo, path.extname(photo));
  const tiles: Array<{ file: string; caption: string }> = [{ file: photo, caption: `${base}: camera` }];
  let box: Box | null = null;
  for (const p of products) {
    for (const mode of modes) {
      if (!p.colours.some((c) => (mode === '2d' ? c.garment2d : c.garment3d))) continue;
      const file = path.join(outDir, `${base}-${p.id}-${mode}.png`);
      const mask = path.join(dataDir, 'mask.png');
      const run = spawnSync(process.execPath, [path.join(REPO, 'bin/atelier.mjs'), '--data-dir', dataDir, '--ep', 'cpu', 'tryon', photo, '--product', p.id, '--mode', mode, '--size', size, '-o', file, '--mask', mask], { encoding: 'utf8' });
      if (run.status === 0) box = unite(box, await maskBox(mask));
      const status = run.status === 0 ? 'ok' : `failed: ${run.stderr.trim().split('\n').pop()}`;
      console.log(`${base} ${p.id} ${mode}: ${status}`);
      if (run.status === 0) tiles.push({ file, caption: `${p.id} ${mode} ${size}` });
    }
  }
  const tileH = 480;
  // A small person in a street scene would be a few pixels on the sheet: every tile shows the region the garments
  // covered (all of them together), with a margin of half its size.
  const meta = await sharp(photo).metadata();
  const crop = box ? padded(box, meta.width!, meta.height!) : { left: 0, top: 0, width: meta.width!, height: meta.height! };
  const scaled = await Promise.all(tiles.map(async (t) => {
    const img = await sharp(t.file).extract(crop).resize({ height: tileH }).png().toBuffer({ resolveWithObject: true });
    const captioned = await sharp(img.data).composite([{ input: label(t.caption, img.info.width), left: 0, top: 0 }]).png().toBuffer();
    return { data: captioned, width: img.info.width };
  }));
  const tileW = Math.max(...scaled.map((s) => s.width));
  const perRow = Math.min(8, scaled.length);
  const rows = Math.ceil(scaled.length / perRow);
  const sheet = path.join(outDir, `sheet-${base}.png`);
  await sharp({ create: { width: tileW * perRow, height: tileH * rows, channels: 3, background: '#202020' } })
    .composite(scaled.map((s, i) => ({ input: s.data, left: (i % perRow) * tileW, top: Math.floor(i / perRow) * tileH })))
    .png({ compressionLevel: 9 })
    .toFile(sheet);
  console.log(`→ ${sheet}`);
}
rmSync(dataDir, { recursive: true, force: true });
