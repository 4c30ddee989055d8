import type { AssetRef, CatalogDocument, DocAsset, DocProduct } from '../../shared/catalog';
import { FEED_FORMAT } from '../../shared/catalog';
import type { AssetStore } from './assets';
import { GARMENT_MEASUREMENTS, type GarmentMeasurement, type GarmentMeasurementsCm } from '../../shared/garment-measurements';
import { CHART_CSV_COLUMNS } from '../../shared/product-chart';
import { writeCsv } from './csv';
import type { CatalogDb } from './db';
import { REQUIRED_COLUMNS, OPTIONAL_COLUMNS } from './import';
import { formatPrice } from './money';
import { CatalogQueries } from './queries';
import { TranslationReader } from './translations';

/** The languages the catalog has translations in, sorted. */
function translationLangs(db: CatalogDb): string[] {
  return db
    .prepare<[], { lang: string }>('SELECT lang FROM product_translations UNION SELECT lang FROM category_translations UNION SELECT lang FROM colour_translations ORDER BY lang')
    .all()
    .map((r) => r.lang);
}

/** Every product, in id order, as the API returns it. */
function* allProducts(db: CatalogDb) {
  const q = new CatalogQueries(db);
  for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM products ORDER BY id').iterate()) {
    const p = q.product(id);
    if (p) yield p;
  }
}

/**
 * The catalog as CSV, one row per variant, in the columns `import` reads. Asset columns hold the absolute path of
 * the file in this machine's asset cache, so the export re-imports here (or anywhere the paths are valid).
 */
export function exportCsv(db: CatalogDb, assets: AssetStore): string {
  const langs = translationLangs(db);
  // Translation columns only for the languages the catalog has: a catalog without translations exports as before.
  const translated = langs.flatMap((l) => [`name@${l}`, `category_name@${l}`, `colour@${l}`]);
  const header = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS, ...translated];
  const names = new Map(db.prepare<[], { id: string; name: string }>('SELECT id, name FROM categories').all().map((c) => [c.id, c.name]));
  const categoryNames = new TranslationReader(db).categories();
  const rows: string[][] = [header];
  for (const p of allProducts(db)) {
    for (const v of p.variants) {
      const cells: Record<(typeof header)[number], string> = {
        product_id: p.id,
        name: p.name,
        brand: p.brand,
        category: p.categoryId,
        colour: v.colour,
        size: v.size,
        sku: v.sku,
        price: formatPrice(v.priceMinor, v.currency),
        currency: v.currency,
        stock: String(v.stock),
        tags: p.tags.join('|'),
        category_name: names.get(p.categoryId) ?? '',
        description: p.description,
        updated_at: p.updatedAt,
        asset_2d: v.asset2d ? assets.pathOf(v.asset2d.sha256) : '',
        anchors_2d: v.asset2d?.anchors ? JSON.stringify(v.asset2d.anchors) : '',
        asset_3d: v.asset3d ? assets.pathOf(v.asset3d.sha256) : '',
        asset_2d_back: v.asset2d?.back ? assets.pathOf(v.asset2d.back) : '',
        ...chartCells(p.garmentChart[v.size]),
        tuck: p.tuck ?? '',
      };
      const tr: Record<string, string> = {};
      for (const l of langs) {
        tr[`name@${l}`] = p.names?.[l] ?? '';
        tr[`category_name@${l}`] = categoryNames.get(p.categoryId)?.[l] ?? '';
        tr[`colour@${l}`] = p.colourNames?.[l]?.[v.colour] ?? '';
      }
      rows.push(header.map((h) => (h in cells ? cells[h as keyof typeof cells] : tr[h]) ?? ''));
    }
  }
  return writeCsv(rows, { bom: true });
}

/** The chart columns of a variant row: its size's measurements, empty where the chart has none. */
function chartCells(row: GarmentMeasurementsCm | undefined): Record<(typeof CHART_CSV_COLUMNS)[GarmentMeasurement], string> {
  const cells = {} as Record<(typeof CHART_CSV_COLUMNS)[GarmentMeasurement], string>;
  for (const m of GARMENT_MEASUREMENTS) cells[CHART_CSV_COLUMNS[m]] = row?.[m] === undefined ? '' : String(row[m]);
  return cells;
}

/** The catalog as one full catalog document (docs/catalog-feed.md), size charts included. */
export function exportDocument(db: CatalogDb, assets: AssetStore): CatalogDocument & { products: DocProduct[] } {
  const asset = (a: AssetRef | null): DocAsset | null =>
    a
      ? {
          url: assets.pathOf(a.sha256),
          sha256: a.sha256,
          mime: a.mime,
          sizeBytes: a.sizeBytes,
          anchors: a.anchors,
          ...(a.back ? { back: { url: assets.pathOf(a.back), sha256: a.back } } : {}),
        }
      : null;
  const categories = db
    .prepare<[], { id: string; name: string; parent_id: string | null; position: number }>('SELECT id, name, parent_id, position FROM categories ORDER BY id')
    .all()
    .map((c) => ({ id: c.id, name: c.name, parentId: c.parent_id, position: c.position }));
  const categoryNames = new TranslationReader(db).categories();
  for (const c of categories as Array<(typeof categories)[number] & { translations?: Record<string, { name: string }> }>) {
    const n = categoryNames.get(c.id);
    if (n) c.translations = Object.fromEntries(Object.entries(n).map(([l, name]) => [l, { name }]));
  }
  const products: DocProduct[] = [];
  for (const p of allProducts(db)) {
    const { garmentChart, tuck, names, colourNames, ...rest } = p;
    const translations: NonNullable<DocProduct['translations']> = {};
    for (const [l, name] of Object.entries(names ?? {})) translations[l] = { ...translations[l], name };
    for (const [l, colours] of Object.entries(colourNames ?? {})) translations[l] = { ...translations[l], colours };
    products.push({
      ...rest,
      ...(Object.keys(translations).length > 0 ? { translations } : {}),
      variants: p.variants.map((v) => ({ ...v, asset2d: asset(v.asset2d), asset3d: asset(v.asset3d) })),
      // Only when the product has them, so a catalog without charts exports as it did before.
      ...(Object.keys(garmentChart).length > 0 ? { garmentChart } : {}),
      ...(tuck ? { tuck } : {}),
    });
  }
  const charts = new Map<string, { brand: string; categoryId: string; sizes: Record<string, Record<string, [number, number]>> }>();
  for (const r of db
    .prepare<[], { brand: string; category_id: string; size: string; measurement: string; min_cm: number; max_cm: number }>(
      'SELECT * FROM size_charts ORDER BY brand, category_id, size, measurement',
    )
    .all()) {
    const key = `${r.brand}\u0000${r.category_id}`;
    let c = charts.get(key);
    if (!c) charts.set(key, (c = { brand: r.brand, categoryId: r.category_id, sizes: {} }));
    (c.sizes[r.size] ??= {})[r.measurement] = [r.min_cm, r.max_cm];
  }
  return {
    format: FEED_FORMAT,
    full: true,
    categories,
    products,
    deleted: [],
    sizeCharts: [...charts.values()] as CatalogDocument['sizeCharts'],
    next: null,
    cursor: null,
  };
}
