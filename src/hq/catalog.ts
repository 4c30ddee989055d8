import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { Catalog } from '../core/catalog/catalog';
import { sniffMime } from '../core/catalog/assets';
import { backPictureProblemDecoded } from '../core/catalog/back-picture';
import { exportDocument } from '../core/catalog/export';
import type { ImportOptions, ImportReport } from '../core/catalog/import';
import { productProblem } from '../core/catalog/import';
import { describeIssues } from '../shared/contract-kit';
import { DocProductSchema, type DocCategory, type DocProduct, type DocSizeChart } from '../shared/catalog';
import { HqError, transaction, type HqClient, type HqPool } from './db';

/** Where the feed's asset URLs point, relative to the feed URL (`/feed` → `/assets/<sha256>`). */
export const ASSET_URL_PREFIX = 'assets/';

/** What one catalog write changed. */
export interface HqCatalogChange {
  /** Products added, changed or removed (a product re-sent unchanged is not counted). */
  changed: number;
  /** The catalog version the write committed (0 when nothing changed). */
  version: number;
}

/**
 * Takes the next catalog version and records it as the head of `scopes` ('global' or 'store:<id>'), in the
 * caller's transaction: the feed's ETag and cursor are made of these numbers.
 */
async function nextVersion(c: HqClient, scopes: readonly string[]): Promise<number> {
  const { rows } = await c.query<{ v: string }>("SELECT nextval('catalog_version') AS v");
  const version = Number(rows[0]!.v);
  for (const scope of scopes) {
    await c.query('INSERT INTO catalog_heads(scope, version) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET version = excluded.version', [scope, version]);
  }
  return version;
}

/** A product without its `updatedAt`: two docs that compare equal here are the same product. */
function canonical(doc: DocProduct): string {
  const { updatedAt: _ignored, ...rest } = doc;
  return JSON.stringify(rest);
}

export interface CatalogWrite {
  categories?: readonly DocCategory[];
  /** Whole products; their asset URLs must already be `assets/<sha256>` of stored assets. */
  products?: readonly DocProduct[];
  deleted?: readonly string[];
  sizeCharts?: readonly DocSizeChart[];
  /** These products are the whole catalog: every other product becomes a tombstone. @default false */
  replaceAll?: boolean;
}

/**
 * Applies a catalog change in one transaction under one new version. SKUs must stay unique across the chain's
 * catalog; a conflict rolls the whole write back with one line naming the SKU.
 */
export async function writeCatalog(pool: HqPool, w: CatalogWrite): Promise<HqCatalogChange> {
  return transaction(pool, async (c) => {
    // One writer at a time: versions must commit in the order they were taken, or a mirror that synced between
    // two commits would skip the lower one for ever.
    await c.query('LOCK TABLE catalog_heads IN EXCLUSIVE MODE');
    const version = await nextVersion(c, ['global']);
    let changed = 0;
    for (const cat of w.categories ?? []) {
      await c.query(
        `INSERT INTO categories(id, name, parent_id, position, version) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, position = excluded.position, version = excluded.version
         WHERE (categories.name, categories.parent_id, categories.position) IS DISTINCT FROM (excluded.name, excluded.parent_id, excluded.position)`,
        [cat.id, cat.name, cat.parentId ?? null, cat.position ?? 0, version],
      );
    }
    for (const chart of w.sizeCharts ?? []) {
      await c.query(
        `INSERT INTO size_charts(brand, category_id, sizes, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (brand, category_id) DO UPDATE SET sizes = excluded.sizes, version = excluded.version WHERE size_charts.sizes IS DISTINCT FROM excluded.sizes`,
        [chart.brand, chart.categoryId, JSON.stringify(chart.sizes), version],
      );
    }
    const listed = new Set<string>();
    for (const p of w.products ?? []) {
      listed.add(p.id);
      const { rows } = await c.query<{ doc: DocProduct | null }>('SELECT doc FROM products WHERE id = $1 FOR UPDATE', [p.id]);
      if (rows[0]?.doc && canonical(rows[0].doc) === canonical(p)) continue;
      const doc = { ...p, updatedAt: new Date().toISOString() };
      await c.query(
        `INSERT INTO products(id, doc, deleted, version, updated_at) VALUES ($1, $2, false, $3, now())
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, deleted = false, version = excluded.version, updated_at = now()`,
        [p.id, JSON.stringify(doc), version],
      );
      await c.query('DELETE FROM product_skus WHERE product_id = $1', [p.id]);
      for (const x of p.variants) {
        const r = await c.query('INSERT INTO product_skus(sku, product_id) VALUES ($1, $2) ON CONFLICT (sku) DO NOTHING', [x.sku, p.id]);
        if (r.rowCount === 0) {
          const { rows: owner } = await c.query<{ product_id: string }>('SELECT product_id FROM product_skus WHERE sku = $1', [x.sku]);
          throw new HqError(`SKU ${x.sku} is in both ${owner[0]?.product_id ?? '?'} and ${p.id}`, 409);
        }
      }
      changed++;
    }
    const remove = new Set(w.deleted ?? []);
    if (w.replaceAll) {
      const { rows } = await c.query<{ id: string }>('SELECT id FROM products WHERE NOT deleted');
      for (const r of rows) if (!listed.has(r.id)) remove.add(r.id);
    }
    for (const id of remove) {
      const r = await c.query('UPDATE products SET doc = NULL, deleted = true, version = $2, updated_at = now() WHERE id = $1 AND NOT deleted', [id, version]);
      await c.query('DELETE FROM product_skus WHERE product_id = $1', [id]);
      changed += r.rowCount ?? 0;
    }
    return { changed, version };
  });
}

/** Stores a garment file by its sha256 (a file already there is kept). */
export async function putAsset(c: HqClient | HqPool, sha256: string, mime: string, data: Uint8Array): Promise<void> {
  await c.query('INSERT INTO assets(sha256, mime, size_bytes, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha256, mime, data.length, Buffer.from(data)]);
}

export async function readAsset(pool: HqPool, sha256: string): Promise<{ mime: string; data: Buffer } | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const { rows } = await pool.query<{ mime: string; data: Buffer }>('SELECT mime, data FROM assets WHERE sha256 = $1', [sha256]);
  return rows[0] ?? null;
}

export interface HqImportResult {
  report: ImportReport;
  change: HqCatalogChange | null;
}

/**
 * Imports a catalog file into HQ with the mirror's own importer (every format it reads, the same row-by-row
 * report and checks): the file is imported into a throw-away SQLite catalog, and what that catalog then holds —
 * products, categories, size charts, garment files — is written to PostgreSQL in one transaction. A report with
 * rejected rows writes nothing (HQ feeds every store: a half catalog is worse than yesterday's).
 */
export async function importCatalogFile(pool: HqPool, file: string, opts: Omit<ImportOptions, 'assets' | 'dryRun'> = {}): Promise<HqImportResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hq-import-'));
  const cat = Catalog.open(dir);
  try {
    const report = cat.importFile(file, { ...opts, replace: false });
    if (report.problems.length > 0 || report.refused) return { report, change: null };
    const doc = exportDocument(cat.db, cat.assets);
    const products: DocProduct[] = [];
    for (const p of doc.products) {
      const variants = [];
      for (const x of p.variants) {
        const a2 = x.asset2d ? await uploadLocalAsset(pool, x.asset2d.url, x.asset2d.sha256, x.asset2d.mime ?? 'application/octet-stream') : null;
        const a3 = x.asset3d ? await uploadLocalAsset(pool, x.asset3d.url, x.asset3d.sha256, x.asset3d.mime ?? 'model/gltf-binary') : null;
        // The back was checked against its front by the importer; its type is its own (served as such).
        const back = x.asset2d?.back ? await uploadLocalAsset(pool, x.asset2d.back.url, x.asset2d.back.sha256, null) : null;
        variants.push({
          ...x,
          asset2d: x.asset2d ? { ...x.asset2d, url: a2!, ...(x.asset2d.back ? { back: { ...x.asset2d.back, url: back! } } : {}) } : null,
          asset3d: x.asset3d ? { ...x.asset3d, url: a3! } : null,
        });
      }
      products.push({ ...p, variants });
    }
    const change = await writeCatalog(pool, {
      categories: doc.categories,
      products,
      sizeCharts: doc.sizeCharts,
      replaceAll: opts.replace ?? false,
    });
    return { report, change };
  } finally {
    cat.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Uploads a file of the throw-away catalog; `mime` null: the type its content shows. */
async function uploadLocalAsset(pool: HqPool, file: string, sha256: string, mime: string | null): Promise<string> {
  const data = fs.readFileSync(file);
  await putAsset(pool, sha256, mime ?? sniffMime(data) ?? 'application/octet-stream', data);
  return `${ASSET_URL_PREFIX}${sha256}`;
}

const ProductPatchSchema = v.strictObject({
  priceMinor: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'))),
  stock: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'))),
});
export type VariantPatch = v.InferOutput<typeof ProductPatchSchema>;

/** Parses a price/stock patch from the API; throws HqError naming the field. */
export function parseVariantPatch(raw: unknown): VariantPatch {
  const r = v.safeParse(ProductPatchSchema, raw);
  if (!r.success) throw new HqError(describeIssues(r.issues)[0] ?? 'bad patch');
  return r.output;
}

/** Changes a SKU's chain-wide price and/or stock: its product is re-sent to every store. */
export async function patchVariant(pool: HqPool, sku: string, patch: VariantPatch): Promise<HqCatalogChange> {
  const { rows } = await pool.query<{ doc: DocProduct }>('SELECT p.doc FROM product_skus s JOIN products p ON p.id = s.product_id WHERE s.sku = $1', [sku]);
  const doc = rows[0]?.doc;
  if (!doc) throw new HqError(`no SKU ${sku} in the HQ catalog`, 404);
  const next: DocProduct = { ...doc, variants: doc.variants.map((x) => (x.sku === sku ? { ...x, ...patch } : x)) };
  return writeCatalog(pool, { products: [next] });
}

/** Validates one whole product as the feed would carry it (HQ staff editing a product). */
export function parseProduct(raw: unknown): DocProduct {
  const r = v.safeParse(DocProductSchema, raw);
  if (!r.success) throw new HqError(`product: ${describeIssues(r.issues)[0]}`);
  const problem = productProblem(r.output.variants, new Map());
  if (problem) throw new HqError(`product ${r.output.id}: ${problem.field}: ${problem.reason}`);
  return r.output;
}

/**
 * Checks each 2D garment's back picture of a product staff send, against its front, as the stores' syncs will: a
 * back they would refuse would stop every store's sync, so HQ refuses it first (400, the product unchanged). Both
 * pictures must be HQ's own (`assets/<sha256>`).
 */
export async function checkBacks(pool: HqPool, p: DocProduct): Promise<void> {
  for (const x of p.variants) {
    const back = x.asset2d?.back;
    if (!x.asset2d || !back) continue;
    const [front, backFile] = [await readAsset(pool, x.asset2d.sha256), await readAsset(pool, back.sha256)];
    const missing = !front ? x.asset2d : !backFile ? back : null;
    if (missing || back.url !== `${ASSET_URL_PREFIX}${back.sha256}`) {
      throw new HqError(`product ${p.id}, ${x.sku}: the garment's pictures must be HQ's own (${ASSET_URL_PREFIX}<sha256> of an imported file)${missing ? `: ${missing.sha256.slice(0, 12)}… is not` : ''}`);
    }
    const problem = await backPictureProblemDecoded(front!.data, backFile!.data);
    if (problem) throw new HqError(`product ${p.id}, ${x.sku}: ${problem}`);
  }
}

/**
 * Sets a store's own price and/or stock of a SKU; `null` clears it back to the chain's. Only that store's
 * feed changes.
 */
export async function setStoreOverride(pool: HqPool, storeId: string, sku: string, o: { priceMinor?: number | null; stock?: number | null }): Promise<number> {
  return transaction(pool, async (c) => {
    const store = await c.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
    if (store.rowCount === 0) throw new HqError(`no store ${storeId}`, 404);
    const known = await c.query('SELECT 1 FROM product_skus WHERE sku = $1', [sku]);
    if (known.rowCount === 0) throw new HqError(`no SKU ${sku} in the HQ catalog`, 404);
    await c.query('LOCK TABLE catalog_heads IN EXCLUSIVE MODE');
    const version = await nextVersion(c, [`store:${storeId}`]);
    const { rows } = await c.query<{ price_minor: number | null; stock: number | null }>('SELECT price_minor, stock FROM store_overrides WHERE store_id = $1 AND sku = $2', [storeId, sku]);
    const price = o.priceMinor === undefined ? (rows[0]?.price_minor ?? null) : o.priceMinor;
    const stock = o.stock === undefined ? (rows[0]?.stock ?? null) : o.stock;
    await c.query(
      `INSERT INTO store_overrides(store_id, sku, price_minor, stock, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (store_id, sku) DO UPDATE SET price_minor = excluded.price_minor, stock = excluded.stock, version = excluded.version`,
      [storeId, sku, price, stock, version],
    );
    return version;
  });
}

/** Products as HQ staff see them (chain-wide values), by id. */
export async function listProducts(pool: HqPool, limit = 500): Promise<DocProduct[]> {
  const { rows } = await pool.query<{ doc: DocProduct }>('SELECT doc FROM products WHERE NOT deleted ORDER BY id LIMIT $1', [limit]);
  return rows.map((r) => r.doc);
}
