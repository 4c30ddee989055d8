import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { GarmentAssetSchema, type GarmentAsset } from '../../src/shared/garment';
import { garmentFromAnchors } from '../../src/shared/garment-from-anchors';
import { measureSilhouette, type GarmentSilhouette } from '../../src/shared/garment-silhouette';
import type { RgbaImage } from './rasterize-garment';

export const DEMO_GARMENTS_DIR = path.resolve('assets/generated/garments');

/** One colourway per demo product: the garment ids the rig tests wear. */
export const DEMO_GARMENT_IDS = [
  'tee-everyday-wht', 'tee-breton-nvw', 'shirt-oxford-blu', 'shirt-gingham-red', 'shirt-pinstripe-sky', 'blazer-check-gry', 'jacket-denim-ind',
  'dress-floral-rse', 'dress-slip-emr', 'chino-slim-khk', 'jeans-straight-mid', 'skirt-pleated-red', 'skirt-aline-nvy',
] as const;

export interface DemoGarment {
  /** The product id (the garment id without its colour code). */
  productId: string;
  /** As the mirror gets it: parts derived from the catalog's normalised anchors. */
  asset: GarmentAsset;
  texture: RgbaImage;
  silhouette: GarmentSilhouette;
}

/** Loads a generated demo garment the way the catalog serves it; throws (never skips) when the collection is missing. */
export async function loadDemoGarment(id: string): Promise<DemoGarment> {
  const json = path.join(DEMO_GARMENTS_DIR, `${id}.json`);
  if (!fs.existsSync(json)) throw new Error(`${json} is missing: run \`atelier demo build\``);
  const stored = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(json, 'utf8')));
  const { widthPx: W, heightPx: H } = stored.image;
  const anchors = Object.fromEntries(Object.entries(stored.anchorsPx).map(([n, [x, y]]) => [n, [x / W, y / H] as const]));
  const asset = garmentFromAnchors({ id: stored.id, imageFile: stored.image.file, widthPx: W, heightPx: H, anchors, category: stored.category });
  const { data, info } = await sharp(path.join(DEMO_GARMENTS_DIR, stored.image.file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgba = new Uint8Array(data.buffer, data.byteOffset, data.length);
  const alpha = new Uint8Array(info.width * info.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[4 * i + 3]!;
  return {
    productId: id.replace(/-[a-z]+$/, ''),
    asset,
    texture: { data: rgba, widthPx: info.width, heightPx: info.height },
    silhouette: measureSilhouette(asset, alpha),
  };
}
