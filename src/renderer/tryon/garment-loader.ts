import type { GarmentAsset } from '../../shared/garment';
import { garmentFromAnchors } from '../../shared/garment-from-anchors';
import { measureSilhouette, type GarmentSilhouette } from '../../shared/garment-silhouette';

export class GarmentLoadError extends Error {
  override name = 'GarmentLoadError';
}

export interface LoadedGarment {
  asset: GarmentAsset;
  /** Decoded garment image; owned by the caller (close() it when the garment is taken off). */
  image: ImageBitmap;
  /**
   * The garment's back picture (same size and framing as `image`), owned as `image`; null when the catalog has none or
   * it cannot be used (the mirror then derives a back from the front, as for any garment without one).
   */
  backImage: ImageBitmap | null;
  /** The picture's widths, read from its alpha (what the rig needs to draw it at true size); null if unreadable. */
  silhouette: GarmentSilhouette | null;
}

/** Reads a picture's alpha channel through a 2D canvas (one byte per pixel, a new array), or null without a canvas. */
function alphaOf(image: ImageBitmap): Uint8Array | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const ctx = new OffscreenCanvas(image.width, image.height).getContext('2d');
  if (!ctx) return null;
  ctx.drawImage(image, 0, 0);
  const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
  const alpha = new Uint8Array(image.width * image.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[4 * i + 3]!;
  return alpha;
}

/**
 * Loads a catalog garment: the image by sha256 from the asset store, then its fitting parts derived from the
 * catalog's anchors (the same rules the admin's anchor editor previews with).
 */
export async function loadCatalogGarment(
  ref: { sha256: string; anchors: Readonly<Record<string, readonly [number, number]>> | null; back?: string | null | undefined },
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
    const alpha = alphaOf(image);
    const backImage = ref.back ? await loadBack(ref.back, image, assetBase, signal) : null;
    return { asset, image, backImage, silhouette: alpha ? measureSilhouette(asset, alpha) : null };
  } catch (e) {
    image.close();
    if ((e as Error).name === 'AbortError') throw e;
    throw new GarmentLoadError((e as Error).message);
  }
}

/**
 * The back picture by sha256, or null when it cannot be fetched or decoded or is not the front's size (the anchors
 * would not fit it): a garment without its back still goes on, with the back derived from its front.
 */
async function loadBack(sha256: string, front: ImageBitmap, assetBase: string, signal?: AbortSignal): Promise<ImageBitmap | null> {
  try {
    const res = await fetch(new URL(sha256, new URL(assetBase, location.href)).href, { signal });
    if (!res.ok) return null;
    const back = await createImageBitmap(await res.blob(), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    if (back.width === front.width && back.height === front.height) return back;
    back.close();
    return null;
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return null;
  }
}
