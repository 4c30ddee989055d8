import sharp from 'sharp';
import type { AttractItem } from '../../shared/config-schema';
import { ApiError } from '../../shared/contract-kit';
import { sha256Hex, sniffMime, type AssetStore } from '../catalog/assets';
import type { CatalogDb } from '../catalog/db';

/** Largest picture or clip for the attract loop, bytes: what one bridge message carries (shared/admin.ts). */
export const MAX_STORE_MEDIA_BYTES = 3 * 1024 * 1024;
/** Largest picture side accepted, px: a 4K portrait screen needs 2160×3840 at most. */
export const MAX_PICTURE_SIDE_PX = 4096;

const PICTURES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** A video's type from its first bytes: ISO BMFF (`ftyp` box: MP4) or Matroska with the `webm` doc type. */
export function sniffVideo(data: Uint8Array): 'video/mp4' | 'video/webm' | null {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(64, data.length));
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    const brand = head.toString('latin1', 8, 12);
    // QuickTime (.mov) shares the box layout but browsers do not all play it.
    return brand === 'qt  ' ? null : 'video/mp4';
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3 && head.includes('webm', 0, 'latin1')) return 'video/webm';
  return null;
}

/**
 * The store's own pictures and clips for the attract screen: checked like garment files (type by content, never by
 * name; size capped; pictures must decode) and kept in the same content-addressed cache, listed in `store_media`
 * so the asset route serves them with their checked type.
 */
export class StoreMedia {
  constructor(
    private readonly db: CatalogDb,
    private readonly assets: AssetStore,
  ) {}

  /** Checks and stores `data` (borrowed). Throws a one-line `bad_request` a staff member can act on. */
  async admit(data: Uint8Array): Promise<AttractItem> {
    if (data.length === 0) throw new ApiError('bad_request', 'the file is empty');
    if (data.length > MAX_STORE_MEDIA_BYTES) throw new ApiError('bad_request', `the file is larger than ${MAX_STORE_MEDIA_BYTES / 1024 / 1024} MiB: make the picture smaller or the clip shorter`);
    const picture = sniffMime(data);
    const mime = picture && PICTURES.has(picture) ? picture : sniffVideo(data);
    if (!mime) throw new ApiError('bad_request', 'not a picture (PNG, JPEG, WebP) or a clip (MP4, WebM), by its content');
    const kind = mime.startsWith('video/') ? 'video' : 'image';
    if (kind === 'image') {
      let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
      try {
        meta = await sharp(data).metadata();
      } catch {
        throw new ApiError('bad_request', 'the picture cannot be read (damaged or not really an image)');
      }
      if (!meta.width || !meta.height || Math.max(meta.width, meta.height) > MAX_PICTURE_SIDE_PX) {
        throw new ApiError('bad_request', `the picture must be at most ${MAX_PICTURE_SIDE_PX} px on its longer side`);
      }
    }
    const sha256 = sha256Hex(data);
    this.assets.put(data, sha256, 'attract loop');
    this.db
      .prepare('INSERT OR IGNORE INTO store_media (sha256, kind, mime, size_bytes, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256, kind, mime, data.length, new Date().toISOString());
    return { sha256, kind, mime };
  }

  /** The checked type of a stored picture or clip, or null. */
  mime(sha256: string): string | null {
    const row = this.db.prepare('SELECT mime FROM store_media WHERE sha256 = ?').get(sha256) as { mime: string } | undefined;
    return row?.mime ?? null;
  }

  has(sha256: string): boolean {
    return this.mime(sha256) !== null && this.assets.has(sha256);
  }
}
