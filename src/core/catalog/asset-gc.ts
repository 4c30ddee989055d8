import type { AssetStore } from './assets';
import type { CatalogDb } from './db';

/**
 * Files of the asset cache something in the catalog database refers to: every garment picture (its front and its
 * back), every GLB, and the store's attract-loop media, which share the cache.
 */
export function referencedAssets(db: CatalogDb): Set<string> {
  const rows = db
    .prepare<[], { sha256: string }>(
      `SELECT sha256 FROM garment_assets
       UNION SELECT back_sha256 FROM garment_assets WHERE back_sha256 IS NOT NULL
       UNION SELECT sha256 FROM store_media`,
    )
    .all();
  return new Set(rows.map((r) => r.sha256));
}

/** How long an unreferenced file is kept: an upload waits for the admin's save this long. @default 1 hour */
export const UNREFERENCED_ASSET_GRACE_MS = 60 * 60_000;

/**
 * Deletes the cache's files nothing refers to any more (a garment's replaced back, a removed product's pictures),
 * once older than `graceMs`. Returns how many went. Run after a commit: what the catalog just stopped using goes,
 * what it still uses — a back two garments share, one of them replaced — stays.
 */
export function collectAssetFiles(db: CatalogDb, assets: AssetStore, graceMs = UNREFERENCED_ASSET_GRACE_MS): number {
  return assets.prune(referencedAssets(db), graceMs);
}
