import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import {
  AnchorsSchema,
  CatalogDocumentSchema,
  CatalogKeySchema,
  CategoryIdSchema,
  CurrencySchema,
  DocProductSchema,
  canonicalLang,
  type Anchors,
  type DocCategory,
  type AssetKind,
  type DocAsset,
} from '../../shared/catalog';
import { describeIssues } from '../../shared/contract-kit';
import { GARMENT_MEASUREMENTS, type GarmentMeasurementsCm, type GarmentSizeChart } from '../../shared/garment-measurements';
import { TuckSchema, type Tuck } from '../../shared/outfit';
import { CHART_CSV_COLUMNS, cmProblem } from '../../shared/product-chart';
import { applyChanges, type ApplyResult } from './apply';
import { admitAsset, AssetRejected, localAssetPath, MAX_ASSET_BYTES, readLocalLimited } from './asset-intake';
import type { AssetStore } from './assets';
import { backPictureProblem } from './back-picture';
import { parseCsv, CsvError, unescapeFormula } from './csv';
import { CatalogError, type CatalogDb } from './db';
import type { ConvertedCatalog, ImportFormat, PictureLink } from './formats/converted';
import { convertStoreFormat } from './formats/detect';
import { isKnownCurrency, parsePrice } from './money';
import { decodeCatalogText, refuseReplacementChars } from './text-encoding';
import type { ProductInput, StoredAsset } from './write';
import { addTranslation, emptyTranslations } from './translations';

/** Columns every catalog CSV has, in the order `export` writes them. */
export const REQUIRED_COLUMNS = ['product_id', 'name', 'brand', 'category', 'colour', 'size', 'sku', 'price', 'currency', 'stock', 'tags'] as const;
/** Optional columns (docs/catalog-csv.md). */
export const OPTIONAL_COLUMNS = [
  'category_name',
  'description',
  'updated_at',
  'asset_2d',
  'anchors_2d',
  'asset_3d',
  // The 2D garment's back picture (issue 14), after the columns older files have.
  'asset_2d_back',
  // The garment's size chart: this row's size's finished measurements (cm), and how a top is worn.
  'chest_cm',
  'waist_cm',
  'hip_cm',
  'length_cm',
  'sleeve_cm',
  'inseam_cm',
  'leg_opening_cm',
  'tuck',
] as const;
export type CsvColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** One flat catalog row (one variant), as CSV cells or as an object from code: `importRows(db, rows, opts)`. */
export type CatalogRowInput = Partial<Record<CsvColumn, string | number | readonly string[] | Anchors | null | undefined>>;

export interface ImportProblem {
  /** CSV: the spreadsheet row (header = 1). JSON document: the product's 1-based position. Rows from code: index + 1. */
  row: number;
  field: string;
  reason: string;
}

export interface ImportReport extends ApplyResult {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  assetsStored: number;
  problems: ImportProblem[];
  dryRun: boolean;
  /** Store formats only (docs/catalog-formats.md): which one was read. */
  format?: Exclude<ImportFormat, 'atelier'>;
  /** Store formats only: rows or values left out on purpose (drafts, picture-only rows…), not errors. */
  skipped?: ImportProblem[];
  /** Store formats only: picture URLs of the imported products, kept as links ("no picture yet"). */
  pictures?: PictureLink[];
  /** Store formats only: products left out because the store has not published them. */
  unpublishedProducts?: number;
  /**
   * New categories that joined a stored category of the same name (one chip per name on the mirror), each with the
   * first row that named it. Imported, not rejected.
   */
  categoriesJoined: CategoryJoin[];
  /**
   * Why a replace was not applied (rows rejected, or no rows at all): nothing was written. In a dry run, what a
   * real run would say. `deleted` still counts what the replace would remove.
   */
  refused: string | null;
}

export interface CategoryJoin {
  row: number;
  /** The category as the file names it (id and name)… */
  categoryId: string;
  name: string;
  /** …and the stored category its products went to. */
  into: { id: string; name: string };
}

export interface ImportOptions {
  assets: AssetStore;
  /** Folder that relative asset paths are resolved against. @default process.cwd() */
  baseDir?: string;
  /** The file is the whole catalog: products not in it are removed. @default false (merge) */
  replace?: boolean;
  /** Validate and report only; nothing is written. @default false */
  dryRun?: boolean;
  /** The file's format (docs/catalog-formats.md). @default 'auto' (from the header or XML root element) */
  format?: ImportFormat | 'auto';
  /** Store formats: ISO 4217 currency of prices the file gives without one (Shopify always). */
  currency?: string;
  /** Store formats: stock of a variant "in stock" without a quantity. @default 1 */
  defaultStock?: number;
  /** Replace even when rows were rejected (their products are kept). @default false */
  force?: boolean;
}

/** Imports a `.csv` or `.json` catalog file. Unreadable or malformed files throw CatalogError (nothing written). */
export function importFile(db: CatalogDb, file: string, opts: ImportOptions): ImportReport {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new CatalogError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const text = decodeCatalogText(bytes, path.basename(file));
  const o = { ...opts, baseDir: opts.baseDir ?? path.dirname(path.resolve(file)) };
  const store = convertStoreFormat(text, opts.format ?? 'auto', { currency: opts.currency, defaultStock: opts.defaultStock });
  if (store) return importConverted(db, store, o);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return importCsvText(db, text, o);
  if (ext === '.json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      throw new CatalogError(`${path.basename(file)}: not valid JSON (${(e as Error).message})`);
    }
    return Array.isArray(doc) ? importRows(db, doc as CatalogRowInput[], o) : importDocument(db, doc, o);
  }
  throw new CatalogError(`${path.basename(file)}: expected a .csv or .json file`);
}

export function importCsvText(db: CatalogDb, text: string, opts: ImportOptions): ImportReport {
  refuseReplacementChars(text, 'CSV');
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new CatalogError(`CSV ${e.message}`);
    throw e;
  }
  const [header, ...body] = records;
  if (!header) throw new CatalogError('CSV is empty: expected a header row');
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  // A second column of the same name would silently win over the first.
  const twice = columns.find((c, i) => c !== '' && columns.indexOf(c) !== i);
  if (twice) throw new CatalogError(`CSV header has column "${twice}" twice`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw new CatalogError(`CSV header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const knownCols = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const unknown = columns.filter((c) => !knownCols.has(c) && !translationColumn(c));
  if (unknown.length) throw new CatalogError(`CSV header has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see docs/catalog-csv.md)`);
  const rows = body.map((r, i) => {
    const o: Record<string, string> = {};
    // Cells an export escaped against spreadsheet formulas ('=…) read back as they were stored.
    columns.forEach((c, j) => (o[c] = unescapeFormula(r.fields[j] ?? '')));
    // Spreadsheet row numbers: the header is row 1.
    return { row: i + 2, extraCells: r.fields.length > columns.length, cells: o as CatalogRowInput };
  });
  return importNumbered(db, rows, opts);
}

/** What a translation column translates, and into which language (`name@zh-CN`, `colour@fr`, `category_name@en`). */
const TRANSLATED = { name: 200, category_name: 100, colour: 64 } as const;
type Translated = keyof typeof TRANSLATED;

/** `name@zh-cn` → `{ field: 'name', lang: 'zh-CN' }`; null for any other column. Header names arrive lower-cased. */
export function translationColumn(column: string): { field: Translated; lang: string } | null {
  const m = /^(name|category_name|colour)@(.+)$/.exec(column);
  const lang = m ? canonicalLang(m[2]!) : null;
  return m && lang ? { field: m[1] as Translated, lang } : null;
}

/** The translation cells of a row, checked (length, no line breaks); problems are reported under the column. */
function rowTranslations(row: number, cells: CatalogRowInput, problems: ImportProblem[]): Array<{ field: Translated; lang: string; text: string }> {
  const out: Array<{ field: Translated; lang: string; text: string }> = [];
  for (const [column, raw] of Object.entries(cells)) {
    const t = translationColumn(column.toLowerCase());
    if (!t || raw === undefined || raw === null) continue;
    const text = String(raw).trim();
    if (text === '') continue;
    if (text.length > TRANSLATED[t.field]) problems.push({ row, field: column, reason: `is longer than ${TRANSLATED[t.field]} characters` });
    else if (/[\r\n]/.test(text)) problems.push({ row, field: column, reason: 'must be one line' });
    else out.push({ ...t, text });
  }
  return out;
}

/** Imports flat rows given by code (the demo seeder). Row numbers in the report are index + 1. */
export function importRows(db: CatalogDb, rows: readonly CatalogRowInput[], opts: ImportOptions): ImportReport {
  return importNumbered(
    db,
    rows.map((cells, i) => ({ row: i + 1, extraCells: false, cells })),
    opts,
  );
}

interface GoodRow {
  row: number;
  productId: string;
  name: string;
  brand: string;
  categoryId: string;
  categoryName: string | null;
  description: string | null;
  tags: string[] | null;
  updatedAt: string | null;
  sku: string;
  colour: string;
  size: string;
  priceMinor: number;
  currency: string;
  stock: number;
  asset2d: string | null;
  /** The back picture's path; '' when the cell is empty, null when the file has no such column. */
  asset2dBack: string | null;
  anchors2d: Anchors | null;
  asset3d: string | null;
  /** This row's size's measurements from the chart columns (empty when the row gives none). */
  chart: GarmentMeasurementsCm;
  tuck: Tuck | null;
  /** The row's translation columns (`name@zh-CN`…). */
  translations: Array<{ field: Translated; lang: string; text: string }>;
}

function importNumbered(
  db: CatalogDb,
  rows: ReadonlyArray<{ row: number; extraCells: boolean; cells: CatalogRowInput }>,
  opts: ImportOptions,
): ImportReport {
  const problems: ImportProblem[] = [];
  const good: GoodRow[] = [];
  for (const r of rows) {
    const before = problems.length;
    const g = validateRow(r.row, r.cells, problems);
    const translations = rowTranslations(r.row, r.cells, problems);
    if (g) g.translations = translations;
    if (r.extraCells) problems.push({ row: r.row, field: '(row)', reason: 'more cells than header columns' });
    if (g && problems.length === before) good.push(g);
  }
  // Cross-row checks: SKUs unique, one product's rows agree, one currency per product, SKUs not owned elsewhere.
  const skuOwner = db.prepare<[string], { id: string }>('SELECT p.id FROM variants v JOIN products p ON p.pk = v.product_pk WHERE v.sku = ?');
  const storedCurrency = db.prepare<[string], { currency: string }>(
    'SELECT v.currency FROM variants v JOIN products p ON p.pk = v.product_pk WHERE p.id = ? LIMIT 1',
  );
  const seenSku = new Map<string, number>();
  const first = new Map<string, GoodRow>();
  const accepted: GoodRow[] = [];
  for (const g of good) {
    const reject = (field: string, reason: string) => problems.push({ row: g.row, field, reason });
    const dup = seenSku.get(g.sku);
    if (dup !== undefined) {
      reject('sku', `duplicate of row ${dup}`);
      continue;
    }
    const owner = skuOwner.get(g.sku);
    if (owner && owner.id !== g.productId && !opts.replace) {
      reject('sku', `already belongs to product ${owner.id}`);
      continue;
    }
    const f = first.get(g.productId);
    if (f) {
      const field = (['name', 'brand', 'categoryId'] as const).find((k) => f[k] !== g[k]);
      if (field) {
        reject(field === 'categoryId' ? 'category' : field, `differs from row ${f.row} of product ${g.productId}`);
        continue;
      }
      if (f.currency !== g.currency) {
        reject('currency', `product ${g.productId} is priced in ${f.currency} (row ${f.row})`);
        continue;
      }
      const clash = chartClash(accepted, g);
      if (clash) {
        reject(clash.field, clash.reason);
        continue;
      }
    } else {
      const stored = opts.replace ? undefined : storedCurrency.get(g.productId);
      if (stored && stored.currency !== g.currency) {
        reject('currency', `product ${g.productId} is priced in ${stored.currency} in the catalog`);
        continue;
      }
      first.set(g.productId, g);
    }
    seenSku.set(g.sku, g.row);
    accepted.push(g);
  }

  // Assets: read, hash and store before the transaction. Content-addressed files are harmless if the import fails.
  const assetsBefore = { n: 0 };
  const withAssets: Array<GoodRow & { a2: StoredAsset | null; a3: StoredAsset | null }> = [];
  const keptBack = storedBack(db);
  for (const g of accepted) {
    try {
      const a2 = g.asset2d ? loadFront(g.asset2d, g.anchors2d, g.asset2dBack, opts, assetsBefore, keptBack) : null;
      const a3 = g.asset3d ? admitLoaded(readAssetFile(g.asset3d, 'asset_3d', opts), '3d', null, opts, assetsBefore) : null;
      withAssets.push({ ...g, a2, a3 });
    } catch (e) {
      if (!(e instanceof AssetProblem)) throw e;
      problems.push({ row: g.row, field: e.field, reason: e.message });
    }
  }

  const categoriesJoined = joinNamedCategories(db, withAssets);
  for (const { categoryId, into } of categoriesJoined) {
    for (const g of withAssets) if (g.categoryId === categoryId) {
      // The stored category keeps its own names, in every language.
      Object.assign(g, { categoryId: into.id, categoryName: null, translations: g.translations.filter((t) => t.field !== 'category_name') });
    }
  }

  const products = new Map<string, ProductInput & { variants: ProductInput['variants'][number][]; garmentChart: GarmentSizeChart }>();
  const categoryNames = new Map<string, string>();
  const translations = emptyTranslations();
  for (const g of withAssets) {
    for (const t of g.translations) {
      if (t.field === 'name') addTranslation(translations.products, g.productId, t.lang, t.text);
      else if (t.field === 'category_name') addTranslation(translations.categories, g.categoryId, t.lang, t.text);
      else addTranslation(translations.colours, g.colour, t.lang, t.text);
    }
    let p = products.get(g.productId);
    if (!p) {
      p = {
        id: g.productId,
        name: g.name,
        brand: g.brand,
        categoryId: g.categoryId,
        description: g.description ?? '',
        tags: g.tags ?? [],
        updatedAt: g.updatedAt ?? new Date().toISOString(),
        variants: [],
        garmentChart: {},
        tuck: null,
      };
      products.set(g.productId, p);
    } else {
      if (!p.description && g.description) p.description = g.description;
      if (p.tags.length === 0 && g.tags) p.tags = g.tags;
    }
    if (g.categoryName) categoryNames.set(g.categoryId, g.categoryName);
    if (Object.keys(g.chart).length > 0) p.garmentChart[g.size] = { ...p.garmentChart[g.size], ...g.chart };
    p.tuck ??= g.tuck;
    p.variants.push({ sku: g.sku, colour: g.colour, size: g.size, priceMinor: g.priceMinor, currency: g.currency, stock: g.stock, asset2d: g.a2, asset3d: g.a3 });
  }
  problems.sort((a, b) => a.row - b.row);
  // Products a rejected row names are in the file: a replace keeps them (their stored rows stay as they were).
  const mentioned = new Set(rows.map((r) => cell(r.cells.product_id)).filter((id) => id !== ''));
  const report: ImportReport = {
    rowsRead: rows.length,
    rowsImported: withAssets.length,
    rowsRejected: rows.length - withAssets.length,
    assetsStored: assetsBefore.n,
    problems,
    categoriesJoined,
    dryRun: opts.dryRun ?? false,
    refused: null,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    deleted: opts.replace ? countRemoved(db, mentioned) : 0,
  };
  report.refused = replaceRefusal(opts, rows.length, report.rowsRejected, 'row');
  if (opts.dryRun || report.refused) return report;
  // Category names: set on rows only; an existing category keeps its name unless the file gives one.
  const categories = [...categoryNames].map(([id, name]) => ({ id, name, parentId: existingParent(db, id), position: existingPosition(db, id) }));
  Object.assign(
    report,
    applyChanges(db, {
      categories,
      products: [...products.values()],
      deleted: [],
      sizeCharts: [],
      replaceAll: opts.replace ?? false,
      keepIds: mentioned,
      mergeVariants: !opts.replace,
      translations,
    }),
  );
  return report;
}

/**
 * A replace removes every product the file does not list, so it only runs on a file that was read whole: one
 * rejected row (a decimal comma in a price) must not delete that product, and a header-only file must not empty
 * the catalog. `--force` overrides the first, never the second.
 */
function replaceRefusal(opts: ImportOptions, read: number, rejected: number, unit: 'row' | 'product'): string | null {
  if (!opts.replace) return null;
  if (read === 0) return `--replace refused: the file has no ${unit === 'row' ? 'product rows' : 'products'} and would empty the catalog; nothing was changed`;
  if (rejected > 0 && !opts.force) {
    return `--replace refused: ${rejected} ${unit}${rejected === 1 ? '' : 's'} rejected; nothing was changed (fix the file, or add --force to replace anyway and keep the rejected products as they are)`;
  }
  return null;
}

function exists(db: CatalogDb, id: string): boolean {
  return db.prepare<[string], { n: number }>('SELECT 1 AS n FROM products WHERE id = ?').get(id) !== undefined;
}

/** How many stored products a replace would remove: those not in `keep`. */
function countRemoved(db: CatalogDb, keep: ReadonlySet<string>): number {
  let n = 0;
  for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM products').iterate()) if (!keep.has(id)) n++;
  return n;
}

/** A category name as a shopper reads it on a chip: case, spaces and punctuation aside ("T-Shirts" = "t shirts"). */
const chipName = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The new categories of an import that a stored category already has by name (its own or a translation): a Shopify
 * export's type "T-Shirts" arrives as category `t-shirts`, and on a catalog with `tshirt` "T-shirts" it would put a
 * second "T-shirts" chip on the mirror, splitting the shirts between them. Such a category joins the stored one
 * (reported on its first row); a category id already stored, or a name no stored category has, stays as given.
 */
function joinNamedCategories(
  db: CatalogDb,
  rows: readonly Pick<GoodRow, 'row' | 'categoryId' | 'categoryName'>[],
): CategoryJoin[] {
  const stored = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM categories').all();
  if (stored.length === 0) return [];
  const storedIds = new Set(stored.map((c) => c.id));
  const byName = new Map<string, { id: string; name: string }>();
  for (const c of stored) byName.set(chipName(c.name), c);
  const translated = db.prepare<[], { id: string; name: string }>('SELECT category_id AS id, name FROM category_translations').all();
  for (const t of translated) {
    const c = stored.find((s) => s.id === t.id);
    if (c && !byName.has(chipName(t.name))) byName.set(chipName(t.name), c);
  }
  const joins = new Map<string, CategoryJoin>();
  for (const g of rows) {
    if (!g.categoryName || storedIds.has(g.categoryId) || joins.has(g.categoryId)) continue;
    const into = byName.get(chipName(g.categoryName));
    if (into && chipName(g.categoryName) !== '') joins.set(g.categoryId, { row: g.row, categoryId: g.categoryId, name: g.categoryName, into });
  }
  return [...joins.values()];
}

function existingParent(db: CatalogDb, id: string): string | null {
  return db.prepare<[string], { parent_id: string | null }>('SELECT parent_id FROM categories WHERE id = ?').get(id)?.parent_id ?? null;
}
function existingPosition(db: CatalogDb, id: string): number {
  return db.prepare<[string], { position: number }>('SELECT position FROM categories WHERE id = ?').get(id)?.position ?? 0;
}

function cell(x: CatalogRowInput[CsvColumn]): string {
  if (x === undefined || x === null) return '';
  if (typeof x === 'string') return x.trim();
  if (typeof x === 'number') return String(x);
  if (Array.isArray(x)) return x.join('|');
  return JSON.stringify(x);
}

function validateRow(row: number, c: CatalogRowInput, problems: ImportProblem[]): GoodRow | null {
  const bad = (field: string, reason: string) => {
    problems.push({ row, field, reason });
    return null;
  };
  const check = <S extends v.GenericSchema<string, string>>(field: CsvColumn, schema: S): string | null => {
    const raw = cell(c[field]);
    if (raw === '') return bad(field, 'is empty');
    const r = v.safeParse(schema, raw);
    if (!r.success) return bad(field, `"${raw.slice(0, 40)}" ${r.issues[0]?.message ?? 'is invalid'}`);
    return r.output;
  };
  const text = (field: CsvColumn, max: number, required: boolean): string | null => {
    const raw = cell(c[field]);
    if (required && raw === '') return bad(field, 'is empty');
    if (raw.length > max) return bad(field, `is longer than ${max} characters`);
    return raw;
  };
  const productId = check('product_id', CatalogKeySchema);
  const sku = check('sku', CatalogKeySchema);
  const name = text('name', 200, true);
  const brand = text('brand', 100, false);
  const categoryId = check('category', CategoryIdSchema);
  const colour = text('colour', 64, true);
  const size = text('size', 32, true);
  let currency = check('currency', CurrencySchema);
  if (currency && !isKnownCurrency(currency)) currency = bad('currency', `"${currency}" is not an ISO 4217 currency`);
  let priceMinor: number | null = null;
  const priceRaw = cell(c.price);
  if (priceRaw === '') bad('price', 'is empty');
  else if (currency) {
    const p = parsePrice(priceRaw, currency);
    if (typeof p === 'string') bad('price', p);
    else priceMinor = p;
  }
  let stock: number | null = null;
  const stockRaw = cell(c.stock);
  if (!/^\d{1,9}$/.test(stockRaw)) bad('stock', stockRaw === '' ? 'is empty' : `"${stockRaw}" is not a whole number ≥ 0`);
  else stock = Number(stockRaw);
  let tags: string[] | null;
  const tagsRaw = Array.isArray(c.tags) ? (c.tags as string[]) : cell(c.tags).split('|');
  tags = [...new Set(tagsRaw.map((t) => t.trim()).filter((t) => t.length > 0))];
  if (tags.some((t) => t.length > 40)) bad('tags', 'a tag is longer than 40 characters');
  if (tags.length === 0) tags = null;
  const updatedAtRaw = cell(c.updated_at);
  let updatedAt: string | null = null;
  if (updatedAtRaw) {
    if (!v.is(v.pipe(v.string(), v.isoTimestamp()), updatedAtRaw)) bad('updated_at', `"${updatedAtRaw}" is not an ISO 8601 timestamp`);
    else updatedAt = updatedAtRaw;
  }
  let anchors2d: Anchors | null = null;
  const anchorsRaw = c.anchors_2d;
  if (anchorsRaw !== undefined && anchorsRaw !== null && anchorsRaw !== '') {
    let parsed: unknown = anchorsRaw;
    if (typeof anchorsRaw === 'string') {
      try {
        parsed = JSON.parse(anchorsRaw);
      } catch {
        parsed = undefined;
        bad('anchors_2d', 'is not JSON');
      }
    }
    if (parsed !== undefined) {
      const r = v.safeParse(AnchorsSchema, parsed);
      if (!r.success) bad('anchors_2d', describeIssues(r.issues)[0] ?? 'invalid');
      else anchors2d = r.output;
    }
  }
  const asset2d = cell(c.asset_2d) || null;
  const asset3d = cell(c.asset_3d) || null;
  const asset2dBack = c.asset_2d_back === undefined ? null : cell(c.asset_2d_back);
  if (anchors2d && !asset2d) bad('anchors_2d', 'given without asset_2d');
  if (asset2dBack && !asset2d) bad('asset_2d_back', 'a back picture given without asset_2d (the front it is the back of)');
  const description = text('description', 4000, false);
  const categoryName = text('category_name', 100, false);
  const chart: GarmentMeasurementsCm = {};
  for (const m of GARMENT_MEASUREMENTS) {
    const column = CHART_CSV_COLUMNS[m] as CsvColumn;
    const raw = cell(c[column]);
    if (raw === '') continue;
    const cm = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    const problem = cmProblem(cm);
    if (problem) bad(column, Number.isNaN(cm) ? `"${raw.slice(0, 40)}" is not a number of centimetres` : problem);
    else chart[m] = cm;
  }
  let tuck: Tuck | null = null;
  const tuckRaw = cell(c.tuck);
  if (tuckRaw !== '') {
    const r = v.safeParse(TuckSchema, tuckRaw.toLowerCase());
    if (!r.success) bad('tuck', `"${tuckRaw.slice(0, 40)}" must be "in" or "out"`);
    else tuck = r.output;
  }
  if (productId === null || sku === null || name === null || brand === null || categoryId === null || colour === null || size === null) return null;
  if (currency === null || priceMinor === null || stock === null) return null;
  return {
    row,
    translations: [],
    productId,
    sku,
    name,
    brand,
    categoryId,
    categoryName: categoryName || null,
    description: description || null,
    tags,
    updatedAt,
    colour,
    size,
    priceMinor,
    currency,
    stock,
    asset2d,
    asset2dBack,
    anchors2d,
    asset3d,
    chart,
    tuck,
  };
}

/**
 * Rows of one product are one garment: two colours of the same size must not give different measurements, and the
 * product is worn one way (tuck). Returns the first disagreement of `g` with an accepted row, or null.
 */
function chartClash(accepted: readonly GoodRow[], g: GoodRow): { field: string; reason: string } | null {
  for (const a of accepted) {
    if (a.productId !== g.productId) continue;
    if (a.tuck && g.tuck && a.tuck !== g.tuck) return { field: 'tuck', reason: `differs from row ${a.row} of product ${g.productId}` };
    if (a.size !== g.size) continue;
    for (const m of GARMENT_MEASUREMENTS) {
      const x = a.chart[m];
      const y = g.chart[m];
      if (x !== undefined && y !== undefined && x !== y) {
        return { field: CHART_CSV_COLUMNS[m], reason: `${y} differs from ${x} cm on row ${a.row} (size ${g.size} of product ${g.productId})` };
      }
    }
  }
  return null;
}

class AssetProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A local asset file's bytes (a new buffer); problems are reported under `field`. */
function readAssetFile(ref: string, field: string, opts: ImportOptions): { ref: string; field: string; data: Buffer } {
  if (/^https?:/i.test(ref)) throw new AssetProblem(field, `${ref}: remote assets come through "catalog sync", not import`);
  try {
    // The catalog's own asset cache is allowed too: an export names its files there, and they are published already.
    const file = localAssetPath(ref, opts.baseDir ?? process.cwd(), ref, [opts.assets.root]);
    return { ref, field, data: readLocalLimited(file, MAX_ASSET_BYTES, ref) };
  } catch (e) {
    if (e instanceof AssetRejected || e instanceof CatalogError) throw new AssetProblem(field, e.message);
    throw e;
  }
}

/** Admits a file read by `readAssetFile` through the one asset intake (catalog/asset-intake.ts). */
function admitLoaded(
  file: { ref: string; field: string; data: Buffer },
  kind: AssetKind,
  anchors: Anchors | null,
  opts: ImportOptions,
  counter: { n: number },
  expectedSha?: string,
): StoredAsset {
  try {
    const { asset, isNew } = admitAsset(opts.assets, kind, file.data, {
      label: file.ref,
      anchors,
      dryRun: opts.dryRun ?? false,
      ...(expectedSha ? { expectedSha256: expectedSha } : {}),
    });
    if (isNew) counter.n++;
    return asset;
  } catch (e) {
    if (e instanceof AssetRejected || e instanceof CatalogError) throw new AssetProblem(file.field, e.message);
    throw e;
  }
}

/** The back a stored front picture has (a file without a back column keeps it), or null. */
function storedBack(db: CatalogDb): (frontSha: string) => string | null {
  const q = db.prepare<[string], { back_sha256: string | null }>('SELECT back_sha256 FROM garment_assets WHERE sha256 = ?');
  return (sha) => q.get(sha)?.back_sha256 ?? null;
}

/**
 * A 2D garment's front and, when given, its back picture: the back is checked against the front
 * (catalog/back-picture.ts) before either is stored, so a bad back rejects the row and the catalog keeps what it had.
 * `backRef` null (no such column): the back the stored front already has is kept; '' (an empty cell): no back.
 */
function loadFront(
  ref: string,
  anchors: Anchors | null,
  backRef: string | null,
  opts: ImportOptions,
  counter: { n: number },
  keptBack: ((frontSha: string) => string | null) | null,
  expectedSha?: string,
  expectedBackSha?: string,
): StoredAsset {
  const front = readAssetFile(ref, 'asset_2d', opts);
  const back = backRef ? readAssetFile(backRef, 'asset_2d_back', opts) : null;
  if (back) {
    const problem = backPictureProblem(front.data, back.data);
    if (problem) throw new AssetProblem('asset_2d_back', `${backRef}: ${problem}`);
  }
  const stored = admitLoaded(front, '2d', anchors, opts, counter, expectedSha);
  if (back) return { ...stored, back: admitLoaded(back, '2d', null, opts, counter, expectedBackSha).sha256 };
  const kept = backRef === null ? keptBack?.(stored.sha256) : null;
  return kept ? { ...stored, back: kept } : stored;
}

/**
 * Imports a catalog document (the feed format, docs/catalog-feed.md) from a local file: each product is checked
 * on its own and reported by position; asset URLs are paths relative to the file.
 */
export function importDocument(db: CatalogDb, raw: unknown, opts: ImportOptions): ImportReport {
  const top = v.safeParse(CatalogDocumentSchema, raw);
  if (!top.success) throw new CatalogError(`not a catalog document: ${describeIssues(top.issues)[0]}`);
  const doc = top.output;
  if (doc.next) throw new CatalogError('a paged feed cannot be imported from a file: use "catalog sync <url>"');
  const problems: ImportProblem[] = [];
  const products: ProductInput[] = [];
  const seen = new Map<string, number>();
  const counter = { n: 0 };
  const translations = docCategoryTranslations(doc.categories);
  doc.products.forEach((rawP, i) => {
    const row = i + 1;
    const r = v.safeParse(DocProductSchema, rawP);
    if (!r.success) {
      for (const issue of r.issues.slice(0, 3)) problems.push({ row, field: v.getDotPath(issue) ?? '(product)', reason: issue.message });
      return;
    }
    const p = r.output;
    const docProblem = productProblem(p.variants, seen);
    if (docProblem) return problems.push({ row, ...docProblem });
    try {
      // A document lists each product whole: a front without `back` has none.
      const front = (a: DocAsset | null | undefined): StoredAsset | null =>
        a ? loadFront(a.url, a.anchors ?? null, a.back?.url ?? '', opts, counter, null, a.sha256, a.back?.sha256) : null;
      const variants = p.variants.map((x) => ({
        ...x,
        asset2d: front(x.asset2d),
        asset3d: x.asset3d ? admitLoaded(readAssetFile(x.asset3d.url, 'asset_3d', opts), '3d', null, opts, counter, x.asset3d.sha256) : null,
      }));
      for (const x of p.variants) seen.set(x.sku, row);
      const { translations: tr, ...product } = p;
      for (const [lang, t] of Object.entries(tr ?? {})) {
        if (t.name) addTranslation(translations.products, p.id, lang, t.name);
        for (const [colour, name] of Object.entries(t.colours ?? {})) addTranslation(translations.colours, colour, lang, name);
      }
      products.push({ ...product, updatedAt: p.updatedAt ?? new Date().toISOString(), variants });
    } catch (e) {
      if (!(e instanceof AssetProblem)) throw e;
      problems.push({ row, field: e.field, reason: e.message });
    }
  });
  const replace = (opts.replace ?? false) || doc.full;
  const mentioned = new Set(doc.products.map((p) => (p as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string'));
  const report: ImportReport = {
    rowsRead: doc.products.length,
    rowsImported: products.length,
    rowsRejected: doc.products.length - products.length,
    assetsStored: counter.n,
    problems,
    // A document names its categories by id (and describes them): used as given.
    categoriesJoined: [],
    dryRun: opts.dryRun ?? false,
    refused: null,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    deleted: replace ? countRemoved(db, mentioned) : doc.deleted.filter((id) => mentioned.has(id) || exists(db, id)).length,
  };
  report.refused = replaceRefusal({ ...opts, replace }, doc.products.length, report.rowsRejected, 'product');
  if (opts.dryRun || report.refused) return report;
  Object.assign(
    report,
    applyChanges(db, {
      categories: doc.categories,
      products,
      deleted: doc.deleted,
      sizeCharts: doc.sizeCharts,
      replaceAll: replace,
      keepIds: mentioned,
      // A document lists each product whole, as the feed does.
      mergeVariants: false,
      translations,
    }),
  );
  return report;
}

/** A document's category translations, to be written with its products. */
export function docCategoryTranslations(categories: readonly DocCategory[]): ReturnType<typeof emptyTranslations> {
  const t = emptyTranslations();
  for (const c of categories) for (const [lang, x] of Object.entries(c.translations ?? {})) addTranslation(t.categories, c.id, lang, x.name);
  return t;
}

/** Checks a document product's variants: one currency, SKUs unique in the product and in the document. */
export function productProblem(
  variants: ReadonlyArray<{ sku: string; currency: string }>,
  seen: ReadonlyMap<string, number>,
): { field: string; reason: string } | null {
  const skus = new Set<string>();
  for (const [i, x] of variants.entries()) {
    if (skus.has(x.sku) || seen.has(x.sku)) {
      return { field: `variants.${i}.sku`, reason: `${x.sku} appears twice${seen.has(x.sku) ? ` (also product ${seen.get(x.sku)})` : ''}` };
    }
    skus.add(x.sku);
    if (x.currency !== variants[0]!.currency) return { field: `variants.${i}.currency`, reason: 'a product has one currency' };
    if (!isKnownCurrency(x.currency)) return { field: `variants.${i}.currency`, reason: `"${x.currency}" is not an ISO 4217 currency` };
  }
  return null;
}

/**
 * Imports a store's file converted to our rows (formats/): the rows go through the same checks and the same one
 * transaction as a CSV; the converter's own problems and skipped rows join the report under the file's row numbers.
 */
export function importConverted(db: CatalogDb, c: ConvertedCatalog, opts: ImportOptions): ImportReport {
  const r = importNumbered(
    db,
    c.rows.map((x) => ({ row: x.row, extraCells: false, cells: x.cells })),
    opts,
  );
  const problems = [...c.problems, ...r.problems].sort((a, b) => a.row - b.row);
  const rejectedRows = new Set(r.problems.map((p) => p.row));
  const imported = new Set(c.rows.filter((x) => !rejectedRows.has(x.row)).map((x) => String(x.cells.product_id)));
  return {
    ...r,
    rowsRead: c.rowsRead,
    rowsRejected: new Set(problems.map((p) => p.row)).size,
    problems,
    format: c.format,
    skipped: c.skipped.sort((a, b) => a.row - b.row),
    pictures: c.pictures.filter((p) => imported.has(p.productId)),
    unpublishedProducts: c.unpublishedProducts,
  };
}
