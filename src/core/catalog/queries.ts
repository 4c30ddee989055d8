import type Database from 'better-sqlite3';
import type {
  AssetRef,
  BrowseQuery,
  Category,
  Product,
  ProductPage,
  ProductSummary,
  SearchQuery,
  Variant,
} from '../../shared/catalog';
import { GARMENT_MEASUREMENTS, type GarmentMeasurement, type GarmentSizeChart } from '../../shared/garment-measurements';
import type { CatalogDb } from './db';
import { facetFilterToken } from './facets';
import { codePointLength, escapeLike, ftsPhrase, searchTerms } from './text';
import { TranslationReader } from './translations';

/** Terms shorter than this (in code points) cannot match the trigram index; they go to the LIKE fallback. */
const TRIGRAM_MIN_CHARS = 3;

interface Filters {
  size?: string | undefined;
  colour?: string | undefined;
  inStock: boolean;
  categoryId?: string | undefined;
}

interface VariantRow {
  product_pk: number;
  sku: string;
  colour: string;
  size: string;
  price_minor: number;
  currency: string;
  stock: number;
  asset_2d: string | null;
  asset_3d: string | null;
}
interface AssetRow {
  sha256: string;
  kind: '2d' | '3d';
  mime: string;
  size_bytes: number;
  anchors_json: string | null;
  back_sha256: string | null;
}

/**
 * The read side of the catalog: browse, search, one product, categories. Statements are prepared once per shape
 * of query (which filters are present) and cached, so a query costs only its execution.
 */
export class CatalogQueries {
  private readonly cache = new Map<string, Database.Statement>();
  private readonly variantsOf;
  private readonly productByPk;
  private readonly productById;
  private readonly tagsOf;
  private readonly assetBySha;
  private readonly assetByBack;
  private readonly garmentChartOf;
  private readonly translations: TranslationReader;

  constructor(private readonly db: CatalogDb) {
    this.translations = new TranslationReader(db);
    this.variantsOf = db.prepare<[number], VariantRow>(
      `SELECT product_pk, sku, colour, size, price_minor, currency, stock, asset_2d, asset_3d
       FROM variants WHERE product_pk = ? ORDER BY position`,
    );
    this.productByPk = db.prepare<[number], { pk: number; id: string; name: string; brand: string; category_id: string }>(
      'SELECT pk, id, name, brand, category_id FROM products WHERE pk = ?',
    );
    this.productById = db.prepare<
      [string],
      { pk: number; id: string; name: string; brand: string; category_id: string; description: string; updated_at: string; tuck: 'in' | 'out' | null }
    >('SELECT pk, id, name, brand, category_id, description, updated_at, tuck FROM products WHERE id = ?');
    // Sizes in the order the product's variants list them (XS → XXL as the store entered them), measurements in the
    // shared type's order.
    this.garmentChartOf = db.prepare<[{ pk: number }], { size: string; measurement: GarmentMeasurement; cm: number }>(
      `SELECT g.size, g.measurement, g.cm FROM garment_charts g
       WHERE g.product_pk = @pk
       ORDER BY (SELECT min(position) FROM variants v WHERE v.product_pk = @pk AND v.size = g.size), g.size,
         CASE g.measurement ${GARMENT_MEASUREMENTS.map((m, i) => `WHEN '${m}' THEN ${i}`).join(' ')} END`,
    );
    this.tagsOf = db.prepare<[number], { name: string }>(
      'SELECT t.name FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_pk = ? ORDER BY pt.position',
    );
    this.assetBySha = db.prepare<[string], AssetRow>('SELECT sha256, kind, mime, size_bytes, anchors_json, back_sha256 FROM garment_assets WHERE sha256 = ?');
    this.assetByBack = db.prepare<[string], AssetRow>('SELECT sha256, kind, mime, size_bytes, anchors_json, back_sha256 FROM garment_assets WHERE back_sha256 = ? LIMIT 1');
  }

  private stmt(key: string, sql: () => string): Database.Statement {
    let s = this.cache.get(key);
    if (!s) this.cache.set(key, (s = this.db.prepare(sql())));
    return s;
  }

  /** Products of a category (or all), by name, one page. */
  browse(q: BrowseQuery): ProductPage {
    const f = filterSql(q);
    const where = f.clauses.length ? `WHERE ${f.clauses.join(' AND ')}` : '';
    const key = `browse:${f.key}`;
    const total = (this.stmt(`${key}:count`, () => `SELECT count(*) AS n FROM products p ${where}`).get(...f.params) as { n: number }).n;
    const pks = (
      this.stmt(key, () => `SELECT p.pk FROM products p ${where} ORDER BY p.name, p.pk LIMIT ? OFFSET ?`).all(
        ...f.params,
        q.limit,
        q.offset,
      ) as Array<{ pk: number }>
    ).map((r) => r.pk);
    return { items: this.summaries(pks, q), total, offset: q.offset, limit: q.limit };
  }

  /**
   * Full-text search over name, brand and tags. Terms of 3+ characters use the trigram FTS index (substring match,
   * any script); 1–2 character terms — common in Chinese (衬衫, 裙) — cannot, so they are matched with LIKE over
   * `search_text`, scanned through its covering index. All terms must match.
   */
  search(q: SearchQuery): ProductPage {
    const terms = searchTerms(q.query);
    const long = terms.filter((t) => codePointLength(t) >= TRIGRAM_MIN_CHARS);
    const short = terms.filter((t) => codePointLength(t) < TRIGRAM_MIN_CHARS);
    if (terms.length === 0) return { items: [], total: 0, offset: q.offset, limit: q.limit };
    const f = filterSql(q);
    // Text clauses first, then the filter's: each clause's `?` binds in this order, so the parameters follow it.
    const clauses: string[] = [];
    const params: unknown[] = [];
    let from = 'products p';
    let order = 'p.name, p.pk';
    if (long.length > 0) {
      from = 'products_fts f JOIN products p ON p.pk = f.rowid';
      clauses.push('products_fts MATCH ?');
      params.push(long.map(ftsPhrase).join(' AND '));
      order = 'f.rank, p.pk';
    }
    for (const t of short) {
      clauses.push(`p.search_text LIKE ? ESCAPE '\\'`);
      params.push(`%${escapeLike(t)}%`);
    }
    clauses.push(...f.clauses);
    params.push(...f.params);
    const where = `WHERE ${clauses.join(' AND ')}`;
    const key = `search:${long.length > 0}:${short.length}:${f.key}`;
    const total = (this.stmt(`${key}:count`, () => `SELECT count(*) AS n FROM ${from} ${where}`).get(...params) as { n: number }).n;
    const pks =
      total === 0
        ? []
        : (
            this.stmt(key, () => `SELECT p.pk FROM ${from} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
              ...params,
              q.limit,
              q.offset,
            ) as Array<{ pk: number }>
          ).map((r) => r.pk);
    return { items: this.summaries(pks, q), total, offset: q.offset, limit: q.limit };
  }

  /** One product with every variant, or null. */
  product(id: string): Product | null {
    const p = this.productById.get(id);
    if (!p) return null;
    return {
      id: p.id,
      name: p.name,
      brand: p.brand,
      categoryId: p.category_id,
      description: p.description,
      tags: this.tagsOf.all(p.pk).map((t) => t.name),
      updatedAt: p.updated_at,
      variants: this.variantsOf.all(p.pk).map((v) => this.variant(v)),
      garmentChart: this.garmentChart(p.pk),
      tuck: p.tuck,
      ...this.translations.product(p.pk),
    };
  }

  private garmentChart(pk: number): GarmentSizeChart {
    const chart: GarmentSizeChart = {};
    for (const r of this.garmentChartOf.all({ pk })) (chart[r.size] ??= {})[r.measurement] = r.cm;
    return chart;
  }

  categories(): Category[] {
    const rows = this.stmt(
      'categories',
      () => `SELECT c.id, c.name, c.parent_id, (SELECT count(*) FROM products p WHERE p.category_id = c.id) AS n
             FROM categories c ORDER BY c.position, c.name`,
    ).all() as Array<{ id: string; name: string; parent_id: string | null; n: number }>;
    const names = this.translations.categories();
    return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, productCount: r.n, ...(names.has(r.id) ? { names: names.get(r.id)! } : {}) }));
  }

  counts(): { products: number; variants: number } {
    const r = this.stmt('counts', () => 'SELECT (SELECT count(*) FROM products) AS p, (SELECT count(*) FROM variants) AS v').get() as {
      p: number;
      v: number;
    };
    return { products: r.p, variants: r.v };
  }

  private variant(v: VariantRow): Variant {
    return {
      sku: v.sku,
      colour: v.colour,
      size: v.size,
      priceMinor: v.price_minor,
      currency: v.currency,
      stock: v.stock,
      asset2d: v.asset_2d ? this.asset(v.asset_2d) : null,
      asset3d: v.asset_3d ? this.asset(v.asset_3d) : null,
    };
  }

  /** The stored asset with this sha256, or null. */
  asset(sha: string): AssetRef | null {
    const a = this.assetBySha.get(sha);
    if (!a) {
      // A 2D garment's back picture has no row of its own: it is served as its front's kind and type (a PNG or WebP,
      // checked when it was admitted), so the asset routes that serve catalog assets by sha256 serve it too.
      const front = this.assetByBack.get(sha);
      return front ? { sha256: sha, kind: front.kind, mime: front.mime, sizeBytes: 0, anchors: null } : null;
    }
    return {
      sha256: a.sha256,
      kind: a.kind,
      mime: a.mime,
      sizeBytes: a.size_bytes,
      anchors: a.anchors_json ? JSON.parse(a.anchors_json) : null,
      ...(a.back_sha256 ? { back: a.back_sha256 } : {}),
    };
  }

  /** Tiles for `pks`, in that order. Colours and sizes are those of the variants that pass the filters. */
  private summaries(pks: readonly number[], f: Filters): ProductSummary[] {
    const out: ProductSummary[] = [];
    const colour = f.colour?.toLowerCase();
    for (const pk of pks) {
      const p = this.productByPk.get(pk);
      if (!p) continue;
      const all = this.variantsOf.all(pk);
      const vs = all.filter(
        (v) => (!colour || v.colour.toLowerCase() === colour) && (!f.size || v.size === f.size) && (!f.inStock || v.stock > 0),
      );
      const shown = vs.length > 0 ? vs : all;
      const prices = shown.map((v) => v.price_minor);
      out.push({
        id: p.id,
        name: p.name,
        brand: p.brand,
        categoryId: p.category_id,
        priceMinMinor: prices.length ? Math.min(...prices) : 0,
        priceMaxMinor: prices.length ? Math.max(...prices) : 0,
        currency: shown[0]?.currency ?? '',
        colours: unique(all.map((v) => v.colour)),
        sizes: unique(all.map((v) => v.size)),
        inStock: all.some((v) => v.stock > 0),
        thumbnail: all.find((v) => v.asset_2d)?.asset_2d ?? null,
        ...this.translations.product(pk),
      });
    }
    return out;
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** WHERE clauses for category + variant filters; `key` names the shape for the statement cache. */
function filterSql(f: Filters): { clauses: string[]; params: unknown[]; key: string } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.categoryId) {
    clauses.push('p.category_id = ?');
    params.push(f.categoryId);
  }
  const token = facetFilterToken(f);
  if (token !== null) {
    clauses.push('p.pk IN (SELECT product_pk FROM product_facets WHERE token = ?)');
    params.push(token);
  }
  return { clauses, params, key: `${f.categoryId ? 'c' : ''}${token !== null ? 'f' : ''}` };
}
