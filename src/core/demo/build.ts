import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { GARMENT_FORMAT_VERSION, GarmentAssetSchema, type GarmentAsset } from '../../shared/garment';
import { buildCatalog, fabricFor, garmentId, PRODUCTS, type ProductSpec } from './catalog';
import { drawGarment, type Design } from './draw';
import { CM_PER_UNIT, layoutGarment, PX_PER_UNIT } from './layout';
import { exportGarmentGlb } from './model3d';
import { hasPattern, patternLayout } from './pattern/pattern-product';
import { paintDrapedSkirt } from './drape/draw-drape';
import { productDrape } from './drape/product-drape';

export interface BuildResult {
  outDir: string;
  garments2d: number;
  garments3d: number;
  products: number;
  bytes: number;
  /** Wall time per phase in milliseconds. */
  timingsMs: { draw: number; encode: number; models3d: number; total: number };
  /** Cloth solver wall time per draped product, ms (part of `draw`). */
  drapeMs: Record<string, number>;
}

/**
 * The 2D asset of one colourway: its front and back pictures (PNG bytes) and JSON. The back is the same layout drawn
 * from the back pieces (draw.ts `view: 'back'`), so it has the front's size and framing and its anchors fit it; a
 * draped skirt is painted by the same drape for both.
 */
export async function buildGarment2d(p: ProductSpec, colourIndex: number): Promise<{ asset: GarmentAsset; png: Buffer; backPng: Buffer; drawMs: number; encodeMs: number }> {
  const c = p.colourways[colourIndex]!;
  const t0 = performance.now();
  const layout = hasPattern(p) ? patternLayout(p) : layoutGarment(p.shape);
  const drape = productDrape(p);
  const design: Design = {
    shape: p.shape,
    fabric: fabricFor(p, c, colourIndex),
    trim: c.trim,
    ...(drape ? { drape: { replaces: drape.replaces, paint: (cv, fabric, x, y) => paintDrapedSkirt(cv, drape.skirt, fabric, x, y) } } : {}),
  };
  const rgba = drawGarment(layout, design).toRgba8();
  const backRgba = drawGarment(layout, { ...design, view: 'back' }).toRgba8();
  const t1 = performance.now();
  // Fixed encoder settings: same pixels → same bytes.
  const encode = (pixels: Uint8Array): Promise<Buffer> =>
    sharp(pixels, { raw: { width: layout.widthPx, height: layout.heightPx, channels: 4 } })
      .png({ compressionLevel: 6, adaptiveFiltering: false, palette: false })
      .toBuffer();
  const png = await encode(rgba);
  const backPng = await encode(backRgba);
  const t2 = performance.now();
  const id = garmentId(p, c);
  const asset: GarmentAsset = v.parse(GarmentAssetSchema, {
    formatVersion: GARMENT_FORMAT_VERSION,
    id,
    category: p.category,
    image: { file: `${id}.png`, widthPx: layout.widthPx, heightPx: layout.heightPx },
    back: { file: `${id}-back.png` },
    anchorsPx: Object.fromEntries(Object.entries(drape && p.category === 'skirt' ? onDrawnCloth(layout.anchorsPx, rgba, layout.widthPx) : layout.anchorsPx).map(([k, pt]) => [k, [round2(pt[0]), round2(pt[1])]])),
    bindings: layout.bindings,
    parts: layout.parts.map((part) => ({ ...part, quadPx: part.quadPx.map(([x, y]) => [round2(x), round2(y)]) })),
    colours: { name: c.name, primary: c.primary, secondary: c.secondary },
    ...(p.has3d ? { model3d: `${id}.glb` } : {}),
    ...(layout.skirtPleated ? { pleated: true, ...pleatFoldsOf(layout.marks) } : {}),
  });
  return { asset, png, backPng, drawMs: t1 - t0, encodeMs: t2 - t1 };
}

/** Alpha above which a picture's pixel is cloth (an anchor's pixel must be, build.test.ts). */
const OPAQUE = 200;

/**
 * A draped skirt's picture is its drape seen from the front, a little narrower at the hips than the flat pattern
 * the layout placed its hip anchors on (the A-line's 266 px against 278 at M): those anchors move in to one seam
 * allowance inside the drawn cloth on their row, as the layout puts them inside the pattern's side (an anchor must
 * lie on cloth). Skirts' hip anchors are placed by the rig from the picture (its frame anchors), not their bindings.
 * @param rgba the drawn front, borrowed.
 */
function onDrawnCloth(anchorsPx: Readonly<Record<string, Readonly<[number, number]>>>, rgba: Uint8Array, widthPx: number): Record<string, Readonly<[number, number]>> {
  const out: Record<string, Readonly<[number, number]>> = { ...anchorsPx };
  const inset = PX_PER_UNIT / CM_PER_UNIT;
  for (const [name, outwards] of [['leftHip', 1], ['rightHip', -1]] as const) {
    const at = anchorsPx[name];
    if (!at) continue;
    const row = Math.round(at[1]) * widthPx;
    let x = Math.round(at[0]);
    // Walk in from the anchor to the first opaque pixel (the cloth's edge on this row), then one allowance further.
    while (x > 0 && x < widthPx - 1 && rgba[4 * (row + x) + 3]! <= OPAQUE) x -= outwards;
    if (x !== Math.round(at[0])) out[name] = [x - outwards * inset, at[1]];
  }
  return out;
}

/**
 * A pleated skirt's fold lines at its hem (where they fall free and straight), as shares of the hem's half-width
 * from the centre front: where the try-on opens its pleats (skirt-silhouette.ts).
 */
function pleatFoldsOf(marks: Readonly<Record<string, Readonly<[number, number]>>>): { pleatFolds?: number[] } {
  const cx = marks.waistSeam?.[0];
  const side = marks.hemLeft?.[0];
  if (cx === undefined || side === undefined || side === cx) return {};
  const folds: number[] = [];
  for (let i = 0; marks[`pleat${i}Hem`]; i++) folds.push(Math.round(Math.abs((marks[`pleat${i}Hem`]![0] - cx) / (side - cx)) * 1e4) / 1e4);
  return folds.length > 0 ? { pleatFolds: folds.sort((a, b) => a - b) } : {};
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Writes the demo collection under `outDir`: `garments/<id>.png|.json|.glb` and `demo-catalog.json`.
 * Deterministic: same bytes every run (no clocks, no randomness, fixed encoder settings).
 */
export async function buildDemoCollection(outDir: string, products: readonly ProductSpec[] = PRODUCTS): Promise<BuildResult> {
  const t0 = performance.now();
  const garmentsDir = path.join(outDir, 'garments');
  fs.mkdirSync(garmentsDir, { recursive: true });
  let draw = 0;
  let encode = 0;
  let models3d = 0;
  let bytes = 0;
  let n2d = 0;
  let n3d = 0;
  const write = (file: string, data: string | Uint8Array): void => {
    fs.writeFileSync(file, data);
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  };
  for (const p of products) {
    for (let i = 0; i < p.colourways.length; i++) {
      const { asset, png, backPng, drawMs, encodeMs } = await buildGarment2d(p, i);
      draw += drawMs;
      encode += encodeMs;
      write(path.join(garmentsDir, asset.image.file), png);
      write(path.join(garmentsDir, asset.back!.file), backPng);
      write(path.join(garmentsDir, `${asset.id}.json`), JSON.stringify(asset, null, 2) + '\n');
      n2d++;
      if (p.has3d) {
        const t = performance.now();
        const glb = await exportGarmentGlb(p, p.colourways[i]!);
        models3d += performance.now() - t;
        write(path.join(garmentsDir, `${asset.id}.glb`), glb);
        n3d++;
      }
    }
  }
  const drapeMs: Record<string, number> = {};
  for (const p of products) {
    const d = productDrape(p);
    if (d) drapeMs[p.id] = Math.round(d.skirt.solveMs);
  }
  const catalog = buildCatalog(products);
  write(path.join(outDir, 'demo-catalog.json'), JSON.stringify(catalog, null, 2) + '\n');
  return {
    outDir,
    garments2d: n2d,
    garments3d: n3d,
    products: catalog.products.length,
    bytes,
    drapeMs,
    timingsMs: { draw: Math.round(draw), encode: Math.round(encode), models3d: Math.round(models3d), total: Math.round(performance.now() - t0) },
  };
}
