import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../src/core/catalog/catalog';
import { exportDocument } from '../../src/core/catalog/export';
import type { CatalogDb } from '../../src/core/catalog/db';
import type { AssetStore } from '../../src/core/catalog/assets';

export function tempDir(prefix = 'atelier-cat-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The visible catalog, without what legitimately differs (updatedAt, asset cache paths), as one comparable string. */
export function fingerprint(db: CatalogDb, assets: AssetStore): string {
  const doc = exportDocument(db, assets);
  // Asset URLs are paths into this data directory's cache; the sha256 beside them is what identifies the file.
  return JSON.stringify({ ...doc, products: doc.products.map((p) => Object.assign({}, p, { updatedAt: '' })) }).replace(/"url":"[^"]*"/g, '"url":""');
}

export function openCatalog(dir: string): Catalog {
  return Catalog.open(dir);
}
