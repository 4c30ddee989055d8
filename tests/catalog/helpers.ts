import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
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

/**
 * Exports `cat` as CSV and as JSON into `dir`, imports each into a fresh catalog (which `check` may inspect) and
 * expects the same visible catalog; then re-imports each into `cat` itself and expects nothing to change.
 */
export function expectExportsReimport(cat: Catalog, dir: string, check: (other: Catalog) => void = () => {}): void {
  const before = fingerprint(cat.db, cat.assets);
  for (const [format, data] of [
    ['csv', cat.exportCsv()],
    ['json', cat.exportJson()],
  ] as const) {
    const f = path.join(dir, `out.${format}`);
    fs.writeFileSync(f, data);
    const other = Catalog.open(path.join(dir, `re-${format}`));
    try {
      expect(other.importFile(f).problems).toEqual([]);
      check(other);
      expect(fingerprint(other.db, other.assets)).toBe(before);
    } finally {
      other.close();
    }
    // Re-importing into the same catalog changes nothing.
    expect(cat.importFile(f)).toMatchObject({ inserted: 0, updated: 0, deleted: 0 });
    expect(fingerprint(cat.db, cat.assets)).toBe(before);
  }
}
