import type { GarmentAsset } from '../../shared/garment';
import { garmentFromAnchors } from '../../shared/garment-from-anchors';

export class GarmentLoadError extends Error {
  override name = 'GarmentLoadError';
}

export interface LoadedGarment {
  asset: GarmentAsset;
  /** Decoded garment image; owned by the caller (close() it when the garment is taken off). */
  image: ImageBitmap;
}

/**
 * Loads a catalog garment: the image by sha256 from the asset store, then its fitting parts derived from the
 * catalog's anchors (the same rules the admin's anchor editor previews with).
 */
export async function loadCatalogGarment(
  ref: { sha256: string; anchors: Readonly<Record<string, readonly [number, number]>> | null },
  category: string,
  assetBase: string,
  signal?: AbortSignal,
): Promise<LoadedGarment> {
  if (!ref.anchors) throw new GarmentLoadError('this garment has no anchors yet');
  const url = new URL(ref.sha256, new URL(assetBase, location.href)).href;
  const res = await fetch(url, { signal });
  if (!res.ok) throw new GarmentLoadError(`garment image: HTTP ${res.status}`);
  let image: ImageBitmap;
  try {
    image = await createImageBitmap(await res.blob(), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new GarmentLoadError('garment image cannot be decoded');
  }
  try {
    const asset = garmentFromAnchors({
      id: `g-${ref.sha256.slice(0, 12)}`,
      imageFile: ref.sha256,
      widthPx: image.width,
      heightPx: image.height,
      anchors: ref.anchors,
      category,
    });
    return { asset, image };
  } catch (e) {
    image.close();
    throw new GarmentLoadError((e as Error).message);
  }
}
