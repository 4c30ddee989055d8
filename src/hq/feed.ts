import type { CatalogDocument, DocProduct } from '../shared/catalog';
import { FEED_FORMAT } from '../shared/catalog';
import type { HqPool } from './db';

/** Products per feed page. @default 200 */
export const FEED_PAGE_PRODUCTS = 200;

/** A store's catalog version: the chain's newest change and the store's own (its overrides). */
export interface FeedHead {
  global: number;
  store: number;
}

/** One primary-key read: what a mirror polling with its ETag costs HQ. */
export async function feedHead(pool: HqPool, storeId: string): Promise<FeedHead> {
  const { rows } = await pool.query<{ scope: string; version: string }>("SELECT scope, version FROM catalog_heads WHERE scope IN ('global', $1)", [`store:${storeId}`]);
  const head: FeedHead = { global: 0, store: 0 };
  for (const r of rows) {
    if (r.scope === 'global') head.global = Number(r.version);
    else head.store = Number(r.version);
  }
  return head;
}

/** Milliseconds a store's head is reused before it is read again. @default 1000 */
const HEAD_CACHE_MS = 1000;

/**
 * Feed heads per store, each read at most once per HEAD_CACHE_MS: thousands of mirrors polling with their ETag
 * cost HQ about one query per store per second. An edit through this process clears them; one made elsewhere
 * (another HQ process, `atelier hq import`) reaches the polls within that second.
 */
export class FeedHeads {
  private readonly cache = new Map<string, { head: Promise<FeedHead>; untilMs: number }>();
  constructor(private readonly pool: HqPool) {}

  /** Forgets every head: this process just changed the catalog. */
  clear(): void {
    this.cache.clear();
  }

  get(storeId: string): Promise<FeedHead> {
    const now = Date.now();
    const hit = this.cache.get(storeId);
    if (hit && hit.untilMs > now) return hit.head;
    const head = feedHead(this.pool, storeId);
    // A failed read is not cached: the next poll tries the database again.
    head.catch(() => this.cache.delete(storeId));
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(storeId, { head, untilMs: now + HEAD_CACHE_MS });
    return head;
  }
}

/** The ETag of a store's feed: changes with the chain's catalog and with that store's overrides, nothing else. */
export function feedEtag(storeId: string, head: FeedHead): string {
  return `"${storeId}.${head.global}.${head.store}"`;
}

export interface FeedPageQuery {
  storeId: string;
  /** The mirror's cursor (`updated_since`): 0 for the whole catalog. */
  since: number;
  /** The cursor this sync will end with (the head read on its first page). */
  upto: number;
  /** Product id the previous page ended at; '' on the first page. */
  after: string;
  limit?: number;
}

/**
 * One page of a store's feed (docs/catalog-feed.md): its products with the store's overrides applied. A sync from
 * 0 lists every live product (full); a later one lists what changed after `since` — products edited or removed, and
 * products whose SKUs got a new override for this store. Pages go by product id, so an edit during the sync is
 * sent at most twice, never skipped; the cursor is the head read on the first page.
 */
export async function feedPage(pool: HqPool, q: FeedPageQuery): Promise<{ doc: CatalogDocument & { products: DocProduct[] }; lastId: string | null }> {
  const limit = q.limit ?? FEED_PAGE_PRODUCTS;
  const first = q.after === '';
  const full = q.since === 0;
  const { rows } = await pool.query<{ id: string; doc: DocProduct | null; deleted: boolean }>(
    full
      ? 'SELECT id, doc, deleted FROM products WHERE NOT deleted AND id > $1 ORDER BY id LIMIT $2'
      : `SELECT p.id, p.doc, p.deleted FROM products p
         WHERE p.id > $1 AND (p.version > $3 OR EXISTS (
           SELECT 1 FROM store_overrides o JOIN product_skus s ON s.sku = o.sku
           WHERE s.product_id = p.id AND o.store_id = $4 AND o.version > $3))
         ORDER BY p.id LIMIT $2`,
    full ? [q.after, limit + 1] : [q.after, limit + 1, q.since, q.storeId],
  );
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const live = pageRows.filter((r) => !r.deleted && r.doc);
  const overrides = new Map<string, { price_minor: number | null; stock: number | null }>();
  if (live.length > 0) {
    const { rows: o } = await pool.query<{ sku: string; price_minor: number | null; stock: number | null }>(
      `SELECT o.sku, o.price_minor, o.stock FROM store_overrides o JOIN product_skus s ON s.sku = o.sku
       WHERE o.store_id = $1 AND s.product_id = ANY($2)`,
      [q.storeId, live.map((r) => r.id)],
    );
    for (const r of o) overrides.set(r.sku, r);
  }
  const products = live.map(({ doc }) => ({
    ...doc!,
    variants: doc!.variants.map((x) => {
      const o = overrides.get(x.sku);
      return o ? { ...x, priceMinor: o.price_minor ?? x.priceMinor, stock: o.stock ?? x.stock } : x;
    }),
  }));
  let categories: CatalogDocument['categories'] = [];
  let sizeCharts: CatalogDocument['sizeCharts'] = [];
  if (first) {
    const cats = await pool.query<{ id: string; name: string; parent_id: string | null; position: number }>(
      'SELECT id, name, parent_id, position FROM categories WHERE version > $1 ORDER BY id',
      [q.since],
    );
    categories = cats.rows.map((c) => ({ id: c.id, name: c.name, parentId: c.parent_id, position: c.position }));
    const charts = await pool.query<{ brand: string; category_id: string; sizes: CatalogDocument['sizeCharts'][number]['sizes'] }>(
      'SELECT brand, category_id, sizes FROM size_charts WHERE version > $1 ORDER BY brand, category_id',
      [q.since],
    );
    sizeCharts = charts.rows.map((c) => ({ brand: c.brand, categoryId: c.category_id, sizes: c.sizes }));
  }
  const lastId = more ? pageRows[pageRows.length - 1]!.id : null;
  return {
    doc: {
      format: FEED_FORMAT,
      full: first && full,
      categories,
      products,
      deleted: pageRows.filter((r) => r.deleted).map((r) => r.id),
      sizeCharts,
      next: null,
      cursor: String(q.upto),
    },
    lastId,
  };
}
