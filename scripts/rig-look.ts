/**
 * Looks at the 2D rig on real footage until `atelier tryon` exists: for each demo garment, fits the rig to a frame
 * of a shared clip's committed landmark track and composites the textured mesh over that camera frame (decoded with
 * ffmpeg from ../shared/media), writing one PNG per garment and frame, plus a contact sheet.
 *
 * Run: `npx jiti scripts/rig-look.ts [--clip mirror-run|street] [--frames 10,40] [--size M|none] [--garments id,…] [-o out/rig-look]`
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { GarmentRig } from '../src/renderer/garment/rig';
import { bodyCmPerPx } from '../src/shared/sizing';
import { loadClipTrack, type ClipTrack } from '../tests/helpers/clip-tracks';
import { DEMO_GARMENT_IDS, loadDemoGarment } from '../tests/helpers/demo-garments';
import { rasterizeGarment } from '../tests/helpers/rasterize-garment';
import { demoChart } from '../tests/fixtures/garment-charts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const clipName = arg('--clip', 'mirror-run') as 'mirror-run' | 'street';
const size = arg('--size', 'M');
const outDir = path.resolve(arg('-o', 'out/rig-look'));
const garments = arg('--garments', DEMO_GARMENT_IDS.join(',')).split(',');
const track: ClipTrack = loadClipTrack(clipName);
const frameNumbers = arg('--frames', `${track.frames[Math.floor(track.frames.length * 0.2)]!.index},${track.frames[Math.floor(track.frames.length * 0.6)]!.index}`).split(',').map(Number);
fs.mkdirSync(outDir, { recursive: true });

function decodeFrame(index: number): Uint8Array {
  const file = path.resolve('../shared/media', track.clip);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the shared test media are needed`);
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${index})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 64 << 20 });
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

const tiles: string[] = [];
const crops = new Map<string, { left: number; top: number; width: number; height: number }>();
for (const index of frameNumbers) {
  const frame = track.frames.find((f) => f.index === index);
  if (!frame) throw new Error(`frame ${index} is not in the ${clipName} track (every ${2}nd frame is kept)`);
  const picture = decodeFrame(index);
  const cmPerPx = bodyCmPerPx(frame.landmarksPx, frame.worldM) ?? 0.5;
  for (const id of garments) {
    const g = await loadDemoGarment(id);
    const measurements = size === 'none' ? null : (demoChart(g.productId)[size] ?? null);
    const rig = new GarmentRig(g.asset, { measurements, silhouette: g.silhouette });
    const report = rig.fit({ landmarksPx: frame.landmarksPx, worldM: frame.worldM, cmPerPx });
    const target = { data: Uint8Array.from(picture), widthPx: track.widthPx, heightPx: track.heightPx };
    rasterizeGarment(rig.mesh, g.texture, track.widthPx, track.heightPx, target);
    const file = path.join(outDir, `${clipName}-${index}-${id}-${size}.png`);
    await sharp(Buffer.from(target.data), { raw: { width: track.widthPx, height: track.heightPx, channels: 4 } }).png().toFile(file);
    // The sheet shows the person: the landmarks' box, padded.
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < 33; i++) {
      x0 = Math.min(x0, frame.landmarksPx[2 * i]!);
      x1 = Math.max(x1, frame.landmarksPx[2 * i]!);
      y0 = Math.min(y0, frame.landmarksPx[2 * i + 1]!);
      y1 = Math.max(y1, frame.landmarksPx[2 * i + 1]!);
    }
    const pad = 0.25 * (y1 - y0);
    const left = Math.max(0, Math.floor(x0 - pad));
    const top = Math.max(0, Math.floor(y0 - pad));
    crops.set(file, { left, top, width: Math.min(track.widthPx, Math.ceil(x1 + pad)) - left, height: Math.min(track.heightPx, Math.ceil(y1 + pad)) - top });
    tiles.push(file);
    console.log(`${path.basename(file)}: ${report.foldedTriangles} folded, ${report.cmPerPx.toFixed(3)} cm/px, across ${report.acrossPxPerImagePx.toFixed(3)} along ${report.alongPxPerImagePx.toFixed(3)} px/px`);
  }
}

// A contact sheet: every picture scaled to one height, in rows.
const tileH = 420;
const perRow = Math.min(tiles.length, 7);
const scaled = await Promise.all(tiles.map((t) => sharp(t).extract(crops.get(t)!).resize({ height: tileH }).png().toBuffer({ resolveWithObject: true })));
const tileW = Math.max(...scaled.map((s) => s.info.width));
const rows = Math.ceil(tiles.length / perRow);
await sharp({ create: { width: tileW * perRow, height: tileH * rows, channels: 4, background: '#202020' } })
  .composite(scaled.map((s, i) => ({ input: s.data, left: (i % perRow) * tileW, top: Math.floor(i / perRow) * tileH })))
  .png()
  .toFile(path.join(outDir, `${clipName}-sheet-${size}.png`));
console.log(`sheet: ${path.join(outDir, `${clipName}-sheet-${size}.png`)}`);
