import type { DocCategory, DocSizeChart } from '../../shared/catalog';
import { CatalogError, describeSqliteError, type CatalogDb } from './db';
import { CatalogQueries } from './queries';
import { CatalogWriter, type ProductInput } from './write';
import { putTranslations, type CatalogTranslations } from './translations';

/** A validated set of changes, staged in memory; `applyChanges` makes it visible in one transaction. */
export interface CatalogChanges {
  categories: readonly DocCategory[];
  /** Categories referenced but not described (CSV rows): id → display name, created only if missing. */
  implicitCategories?: ReadonlyMap<string, string>;
  products: readonly ProductInput[];
  /** Product ids to remove. */
  deleted: readonly string[];
  sizeCharts: readonly DocSizeChart[];
  /** The products given are the whole catalog: every other product is removed. */
  replaceAll: boolean;
  /** With replaceAll: more product ids to keep as stored (those a file names on rows it rejected). */
  keepIds?: ReadonlySet<string>;
  /**
   * true: a product's variants are merged with those already stored (by SKU) instead of replacing them — imports
   * never lose a stored variant a file does not mention. false: the given variants are the product's (feeds).
   */
  mergeVariants: boolean;
  /** Names in other languages, written with the products they name (docs/catalog-csv.md, docs/catalog-feed.md). */
  translations?: CatalogTranslations;
  /** Runs last, inside the same transaction (the sync stores its cursor and ETag with the data they describe). */
  alsoInTransaction?: (result: ApplyResult) => void;
}

export interface ApplyResult {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/**
 * Applies `changes` in ONE immediate transaction: readers (WAL) keep seeing the previous catalog until the commit,
 * and a crash or error at any point leaves the previous catalog intact. Throws CatalogError with a one-line reason.
 */
export function applyChanges(db: CatalogDb, changes: CatalogChanges): ApplyResult {
  const writer = new CatalogWriter(db);
  const queries = new CatalogQueries(db);
  const result: ApplyResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  const run = db.transaction(() => {
    // Categories may name parents later in the list; check references once, at commit.
    db.pragma('defer_foreign_keys = ON');
    for (const c of changes.categories) writer.upsertCategory(c);
    for (const [id, name] of changes.implicitCategories ?? []) writer.ensureCategory(id, name);
    for (const p of changes.products) {
      writer.ensureCategory(p.categoryId);
      const input = changes.mergeVariants ? mergeWithStored(queries, p) : p;
      result[writer.putProduct(input, !changes.mergeVariants)]++;
    }
    for (const id of changes.deleted) if (writer.deleteProduct(id)) result.deleted++;
    if (changes.replaceAll) result.deleted += writer.deleteProductsExcept(new Set([...changes.products.map((p) => p.id), ...(changes.keepIds ?? [])]));
    for (const chart of changes.sizeCharts) writer.replaceSizeChart(chart);
    if (changes.translations) putTranslations(db, changes.translations);
    writer.collectGarbage();
    changes.alsoInTransaction?.(result);
  });
  try {
    run.immediate();
  } catch (e) {
    if (e instanceof CatalogError) throw e;
    throw new CatalogError(`catalog unchanged: ${describeSqliteError(e)}`);
  }
  return result;
}

function mergeWithStored(queries: CatalogQueries, p: ProductInput): ProductInput {
  const stored = queries.product(p.id);
  if (!stored) return p;
  const incoming = new Map(p.variants.map((v) => [v.sku, v]));
  const variants = stored.variants.map((v) => incoming.get(v.sku) ?? v);
  const storedSkus = new Set(stored.variants.map((v) => v.sku));
  for (const v of p.variants) if (!storedSkus.has(v.sku)) variants.push(v);
  // The chart merges by size as the variants do by SKU: sizes the import gives replace the stored rows.
  const garmentChart = { ...stored.garmentChart, ...p.garmentChart };
  return { ...p, variants, garmentChart, tuck: p.tuck ?? stored.tuck };
}
