/**
 * The occluder's edge on the mirror's screen (occluder-edge.ts), on real pictures: each picture is tracked as the
 * mirror tracks it, a garment put on by the built CLI at the screen's size (`atelier tryon --display`, size M), and
 * the roughness of the key's edge round the hands, forearms and chin printed. `picture=composite` measures a render
 * made before instead (e.g. by another build).
 *
 *   jiti scripts/fit/edge-figures.ts [--product shirt-oxford] [--mode 3d] [--own-top] [--display 1080x1920] [--out dir] picture[=composite]...
 *
 * Besides the key's edge, each kind of the regions' own outlines (onRegionOutline: capsules, head and chin, the own-top
 * hip line; --own-top when the product is a bottom worn alone, as the CLI draws it).
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
import { edgeRoughness, occluderAlpha, onKeyEdge, onRegionOutline, OUTLINE_KINDS, screenToCamera, type EdgeRoughness, type OutlineKind, type Picture } from './occluder-edge';

/** A picture file as RGBA. */
export async function readPicture(file: string): Promise<Picture> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8Array(data.buffer, data.byteOffset, data.length), widthPx: info.width, heightPx: info.height };
}

/**
 * Screen lines either side of a crossing for the key's block-scale roughness: ±6 screen px is ±2.3 camera px of the
 * mirror clip, so a 2 × 2 chroma block's step (≈ 5 screen px) lies inside the fitted stretch instead of being fitted.
 */
export const BLOCK_LINE_HALF = 6;

/**
 * The roughness of the occluder's key edge on `composite` (a render of `picture` at the screen's size), inside the
 * regions the person's landmarks give; `lineHalf` as {@link edgeRoughness}'s (default: its own ±2 lines).
 */
export function keyEdgeRoughness(composite: Picture, camera: Picture, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, lineHalf?: number): EdgeRoughness {
  const regions = createOcclusionRegions();
  occlusionRegions(landmarksPx, worldM, regions);
  const toCamera = screenToCamera(camera, composite);
  const onEdge = onKeyEdge(camera, regions);
  return edgeRoughness(occluderAlpha(composite, camera), composite.widthPx, composite.heightPx, (x, y) => onEdge(...toCamera(x, y)), lineHalf);
}

/**
 * The roughness of each kind of the regions' own outlines on `composite` (see {@link onRegionOutline}), with the
 * regions the CLI drew: `ownTop` when a bottom is worn without a top.
 */
export function outlineRoughness(composite: Picture, camera: Picture, landmarksPx: ArrayLike<number>, worldM: ArrayLike<number> | null, ownTop: boolean): Record<OutlineKind, EdgeRoughness> {
  const regions = createOcclusionRegions();
  occlusionRegions(landmarksPx, worldM, regions, { ownTop });
  const toCamera = screenToCamera(camera, composite);
  const alpha = occluderAlpha(composite, camera);
  const out = {} as Record<OutlineKind, EdgeRoughness>;
  for (const kind of OUTLINE_KINDS) {
    const on = onRegionOutline(camera, regions, kind);
    out[kind] = edgeRoughness(alpha, composite.widthPx, composite.heightPx, (x, y) => on(...toCamera(x, y)));
  }
  return out;
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
    options: { 'own-top': { type: 'boolean', default: false }, product: { type: 'string', default: 'shirt-oxford' }, mode: { type: 'string', default: '3d' }, display: { type: 'string', default: '1080x1920' }, out: { type: 'string' } },
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
    const figures = (e: EdgeRoughness): string => `hard steps ${(100 * e.hardShare).toFixed(1)} % of ${e.crossings} crossings, roughness ${e.roughnessPx.toFixed(3)} px RMS`;
    const block = keyEdgeRoughness(await readPicture(composite), await readPicture(picture), person.landmarksPx, person.worldM, BLOCK_LINE_HALF);
    console.log(`${path.basename(picture)} → ${path.basename(composite)}: key ${figures(r)}; over ±${BLOCK_LINE_HALF} lines ${block.roughnessPx.toFixed(3)} px RMS (${block.crossings} crossings)`);
    const outlines = outlineRoughness(await readPicture(composite), await readPicture(picture), person.landmarksPx, person.worldM, values['own-top']!);
    for (const kind of OUTLINE_KINDS) console.log(`  ${kind} outline: ${figures(outlines[kind])}`);
  }
  console.log(`renders in ${out}`);
}
