import crypto from 'node:crypto';
import type { Anchors, AssetKind, DocCategory, DocSizeChart } from '../../shared/catalog';
import type { GarmentSizeChart } from '../../shared/garment-measurements';
import type { Tuck } from '../../shared/outfit';
import { pruneGarmentChart } from '../../shared/product-chart';
import type { CatalogDb } from './db';
import { facetTokens } from './facets';
import { normaliseForSearch } from './text';

/** An asset already in the asset store, described for the `garment_assets` table. */
export interface StoredAsset {
  sha256: string;
  kind: AssetKind;
  mime: string;
  sizeBytes: number;
  anchors: Anchors | null;
  /** A 2D garment's back picture, by sha256 (the file is in the asset store); absent or null: none. */
  back?: string | null;
}

export interface ProductInput {
  id: string;
  name: string;
  brand: string;
  categoryId: string;
  description: string;
  tags: readonly string[];
  updatedAt: string;
  variants: ReadonlyArray<{
    sku: string;
    colour: string;
    size: string;
    priceMinor: number;
    currency: string;
    stock: number;
    asset2d: StoredAsset | null;
    asset3d: StoredAsset | null;
  }>;
  /** Finished garment measurements per size; sizes no variant has are dropped. @default {} (none) */
  garmentChart?: GarmentSizeChart | undefined;
  /** @default null (the garment kind's default) */
  tuck?: Tuck | null | undefined;
}

export type PutOutcome = 'inserted' | 'updated' | 'unchanged';

/** Hash of what a shopper can see of a product; `updatedAt` is left out so a re-sent product is not a change. */
export function contentHash(p: ProductInput): string {
  const canon = {
    n: p.name,
    b: p.brand,
    c: p.categoryId,
    d: p.description,
    t: p.tags,
    v: p.variants.map((x) => [x.sku, x.colour, x.size, x.priceMinor, x.currency, x.stock, assetKey(x.asset2d), assetKey(x.asset3d)]),
    // Only when present, so the hash of a product without them is what it was before they existed (no re-sync).
    ...(p.garmentChart && Object.keys(p.garmentChart).length > 0 ? { g: p.garmentChart } : {}),
    ...(p.tuck ? { k: p.tuck } : {}),
  };
  return crypto.createHash('sha256').update(JSON.stringify(canon)).digest('hex');
}
function assetKey(a: StoredAsset | null): string | null {
  // The back only when there is one: a product without it hashes as it did before backs existed (no re-sync).
  return a ? `${a.sha256}:${a.kind}:${a.mime}:${a.anchors ? JSON.stringify(a.anchors) : ''}${a.back ? `:${a.back}` : ''}` : null;
}

/**
 * Prepared writes of the catalog. Every method must run inside a transaction the caller owns: a sync or an import
 * is one transaction, so a reader sees the old or the new catalog and a crash leaves the old one.
 */
export class CatalogWriter {
  private readonly s;

  constructor(private readonly db: CatalogDb) {
    this.s = {
      findProduct: db.prepare<[string], { pk: number; content_hash: string }>('SELECT pk, content_hash FROM products WHERE id = ?'),
      insertProduct: db.prepare(
        `INSERT INTO products(id, name, brand, category_id, description, tags_text, search_text, content_hash, updated_at, tuck)
         VALUES (@id, @name, @brand, @categoryId, @description, @tagsText, @searchText, @hash, @updatedAt, @tuck)`,
      ),
      updateProduct: db.prepare(
        `UPDATE products SET name = @name, brand = @brand, category_id = @categoryId, description = @description,
           tags_text = @tagsText, search_text = @searchText, content_hash = @hash, updated_at = @updatedAt, tuck = @tuck
         WHERE pk = @pk`,
      ),
      deleteProductVariants: db.prepare('DELETE FROM variants WHERE product_pk = ?'),
      deleteProductTags: db.prepare('DELETE FROM product_tags WHERE product_pk = ?'),
      deleteGarmentChart: db.prepare('DELETE FROM garment_charts WHERE product_pk = ?'),
      insertGarmentChart: db.prepare('INSERT INTO garment_charts(product_pk, size, measurement, cm) VALUES (?, ?, ?, ?)'),
      deleteFacets: db.prepare('DELETE FROM product_facets WHERE product_pk = ?'),
      insertFacet: db.prepare('INSERT OR IGNORE INTO product_facets(token, product_pk) VALUES (?, ?)'),
      skuOwner: db.prepare<[string], { product_pk: number }>('SELECT product_pk FROM variants WHERE sku = ?'),
      stealSku: db.prepare('DELETE FROM variants WHERE sku = ?'),
      markStale: db.prepare(`UPDATE products SET content_hash = '' WHERE pk = ?`),
      insertVariant: db.prepare(
        `INSERT INTO variants(sku, product_pk, position, colour, size, price_minor, currency, stock, asset_2d, asset_3d)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertTag: db.prepare('INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING'),
      tagId: db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ?'),
      insertProductTag: db.prepare('INSERT OR IGNORE INTO product_tags(product_pk, tag_id, position) VALUES (?, ?, ?)'),
      upsertAsset: db.prepare(
        `INSERT INTO garment_assets(sha256, kind, mime, size_bytes, anchors_json, back_sha256) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(sha256) DO UPDATE SET kind = excluded.kind, mime = excluded.mime, size_bytes = excluded.size_bytes,
           anchors_json = excluded.anchors_json, back_sha256 = excluded.back_sha256`,
      ),
      deleteProduct: db.prepare('DELETE FROM products WHERE id = ?'),
      upsertCategory: db.prepare(
        `INSERT INTO categories(id, name, parent_id, position) VALUES (@id, @name, @parentId, @position)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, position = excluded.position`,
      ),
      ensureCategory: db.prepare('INSERT INTO categories(id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING'),
      deleteSizeChart: db.prepare('DELETE FROM size_charts WHERE brand = ? AND category_id = ?'),
      insertSizeRange: db.prepare(
        'INSERT INTO size_charts(brand, category_id, size, measurement, min_cm, max_cm) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      unusedTags: db.prepare('DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM product_tags)'),
      unusedAssets: db.prepare(
        `DELETE FROM garment_assets WHERE sha256 NOT IN (SELECT asset_2d FROM variants WHERE asset_2d IS NOT NULL)
           AND sha256 NOT IN (SELECT asset_3d FROM variants WHERE asset_3d IS NOT NULL)`,
      ),
    };
  }

  upsertCategory(c: DocCategory): void {
    this.s.upsertCategory.run({ id: c.id, name: c.name, parentId: c.parentId ?? null, position: c.position });
  }

  /** Creates a category named after its id if it does not exist yet (CSV rows name only the id). */
  ensureCategory(id: string, name = id): void {
    this.s.ensureCategory.run(id, name);
  }

  /**
   * Inserts or replaces one product with exactly these variants and tags. `moveSkus`: a SKU that belongs to another
   * product moves here (the feed is authoritative); otherwise that is an error the caller should have caught.
   */
  putProduct(p: ProductInput, moveSkus = false): PutOutcome {
    const hash = contentHash(p);
    const existing = this.s.findProduct.get(p.id);
    if (existing && existing.content_hash === hash) return 'unchanged';
    const row = {
      id: p.id,
      name: p.name,
      brand: p.brand,
      categoryId: p.categoryId,
      description: p.description,
      tagsText: p.tags.join(' '),
      searchText: normaliseForSearch(`${p.name} ${p.brand} ${p.tags.join(' ')}`),
      hash,
      updatedAt: p.updatedAt,
      tuck: p.tuck ?? null,
    };
    let pk: number;
    if (existing) {
      pk = existing.pk;
      this.s.updateProduct.run({ ...row, pk });
      this.s.deleteProductVariants.run(pk);
      this.s.deleteProductTags.run(pk);
      this.s.deleteFacets.run(pk);
      this.s.deleteGarmentChart.run(pk);
    } else {
      pk = Number(this.s.insertProduct.run(row).lastInsertRowid);
    }
    p.variants.forEach((v, i) => {
      if (moveSkus) {
        const owner = this.s.skuOwner.get(v.sku);
        if (owner && owner.product_pk !== pk) {
          this.s.stealSku.run(v.sku);
          this.s.markStale.run(owner.product_pk);
          this.rebuildFacets(owner.product_pk);
        }
      }
      if (v.asset2d) this.putAsset(v.asset2d);
      if (v.asset3d) this.putAsset(v.asset3d);
      this.s.insertVariant.run(v.sku, pk, i, v.colour, v.size, v.priceMinor, v.currency, v.stock, v.asset2d?.sha256 ?? null, v.asset3d?.sha256 ?? null);
    });
    for (const token of facetTokens(p.variants)) this.s.insertFacet.run(token, pk);
    const chart = pruneGarmentChart(p.garmentChart ?? {}, p.variants.map((v) => v.size));
    for (const [size, row] of Object.entries(chart)) {
      for (const [measurement, cm] of Object.entries(row)) this.s.insertGarmentChart.run(pk, size, measurement, cm);
    }
    p.tags.forEach((t, i) => {
      this.s.upsertTag.run(t);
      const tag = this.s.tagId.get(t)!;
      this.s.insertProductTag.run(pk, tag.id, i);
    });
    return existing ? 'updated' : 'inserted';
  }

  private rebuildFacets(pk: number): void {
    const rows = this.db
      .prepare<[number], { colour: string; size: string; stock: number }>('SELECT colour, size, stock FROM variants WHERE product_pk = ?')
      .all(pk);
    this.s.deleteFacets.run(pk);
    for (const token of facetTokens(rows)) this.s.insertFacet.run(token, pk);
  }

  putAsset(a: StoredAsset): void {
    this.s.upsertAsset.run(a.sha256, a.kind, a.mime, a.sizeBytes, a.anchors ? JSON.stringify(a.anchors) : null, a.back ?? null);
  }

  /** Returns true if the product existed. */
  deleteProduct(id: string): boolean {
    return this.s.deleteProduct.run(id).changes > 0;
  }

  /** Deletes every product whose id is not in `keep`; returns how many. */
  deleteProductsExcept(keep: ReadonlySet<string>): number {
    const ids = this.db.prepare<[], { id: string }>('SELECT id FROM products').all();
    let n = 0;
    for (const { id } of ids) if (!keep.has(id) && this.deleteProduct(id)) n++;
    return n;
  }

  replaceSizeChart(c: DocSizeChart): void {
    this.s.deleteSizeChart.run(c.brand, c.categoryId);
    for (const [size, ranges] of Object.entries(c.sizes)) {
      for (const [measurement, range] of Object.entries(ranges)) {
        if (!range) continue;
        this.s.insertSizeRange.run(c.brand, c.categoryId, size, measurement, range[0], range[1]);
      }
    }
  }

  /** Drops tags and asset rows nothing refers to any more (the files are pruned separately). */
  collectGarbage(): void {
    this.s.unusedTags.run();
    this.s.unusedAssets.run();
  }
}
