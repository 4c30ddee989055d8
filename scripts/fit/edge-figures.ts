/**
 * The occluder's edge on the mirror's screen (occluder-edge.ts), on real pictures: each picture is tracked as the
 * mirror tracks it, a garment put on by the built CLI at the screen's size (`atelier tryon --display`, size M), and
 * the roughness of the key's edge round the hands, forearms and chin printed. `picture=composite` measures a render
 * made before instead (e.g. by another build).
 *
 *   jiti scripts/fit/edge-figures.ts [--product shirt-oxford] [--mode 3d] [--display 1080x1920] [--out dir] picture[=composite]...
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createOcclusionRegions, occlusionRegions } from '../../src/renderer/scene/occlusion-regions';
import { trackPicture } from './clip-bodies';
import { REPO } from './measure-clip';
import { edgeRoughness, occluderAlpha, onKeyEdge, screenToCamera, type EdgeRoughness, type Picture } from './occluder-edge';

/** A picture file as RGBA. */
export async function readPicture(file: string): Promise<Picture> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height };
}

/**
 * The roughness of the occluder's key edge on `composite` (a render of `picture` at the screen's size), inside the
 * regions the person's landmarks give.
 */
export function keyEdgeRoughness(composite: Picture, camera: Picture, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null): EdgeRoughness {
  const regions = createOcclusionRegions();
  occlusionRegions(landmarksPx, worldM, regions);
  const toCamera = screenToCamera(camera, composite);
  const onEdge = onKeyEdge(camera, regions);
  return edgeRoughness(occluderAlpha(composite, camera), composite.widthPx, composite.heightPx, (x, y) => onEdge(...toCamera(x, y)));
}

/** Renders `picture` with `product` at the screen size `display` by the built CLI into `outFile`; the CLI's error or null. */
export function renderAtDisplay(picture: string, product: string, mode: string, display: string, outFile: string, dataDir: string): string | null {
  const run = spawnSync(process.execPath, [
    path.join(REPO, 'bin/atelier.mjs'), '--data-dir', dataDir, '--ep', 'cpu',
    'tryon', picture, '--product', product, '--mode', mode, '--size', 'M', '--display', display, '-o', outFile,
  ], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return run.status === 0 ? null : (run.stderr.trim().split('\n').pop() ?? `exit ${run.status}`);
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { product: { type: 'string', default: 'shirt-oxford' }, mode: { type: 'string', default: '3d' }, display: { type: 'string', default: '1080x1920' }, out: { type: 'string' } },
  });
  const out = values.out ?? mkdtempSync(path.join(os.tmpdir(), 'atelier-edge-'));
  mkdirSync(out, { recursive: true });
  for (const arg of positionals) {
    const [picture, given] = arg.split('=') as [string, string | undefined];
    const person = await trackPicture(picture);
    if (!person) {
      console.log(`${path.basename(picture)}: nobody found`);
      continue;
    }
    let composite = given;
    if (!composite) {
      composite = path.join(out, `${path.basename(picture, path.extname(picture))}-${values.product}-${values.mode}-${values.display}.png`);
      const error = renderAtDisplay(picture, values.product!, values.mode!, values.display!, composite, path.join(out, 'data'));
      if (error) {
        console.log(`${path.basename(picture)}: failed: ${error}`);
        continue;
      }
    }
    const r = keyEdgeRoughness(await readPicture(composite), await readPicture(picture), person.landmarksPx, person.worldM);
    console.log(`${path.basename(picture)} → ${path.basename(composite)}: edge roughness ${r.roughnessPx.toFixed(3)} px RMS, hard steps ${(100 * r.hardShare).toFixed(1)} % of ${r.crossings} crossings`);
  }
  console.log(`renders in ${out}`);
}
