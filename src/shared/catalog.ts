import * as v from 'valibot';
import { GARMENT_MEASUREMENTS, GarmentSizeChartSchema } from './garment-measurements';
import { TuckSchema } from './outfit';
import { garmentChartProblem } from './product-chart';

/**
 * What the catalog sends across the API (renderer ⇄ core) and what its feed/import formats are made of.
 * Prices are integers in the currency's minor unit (fen for CNY, cents for EUR, yen for JPY) so sums never drift.
 */

/** Product id or SKU as the store's systems spell them: letters, digits and `._-/`, 1–64 characters. */
export const CatalogKeySchema = v.pipe(
  v.string(),
  v.minLength(1, 'is empty'),
  v.maxLength(64, 'is longer than 64 characters'),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'may only hold letters, digits and . _ - /'),
);
/** Category id: lower-case slug, e.g. `tops`, `outerwear-men`. */
export const CategoryIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case slug (a-z, 0-9, _ -), 1–64 characters'),
);
/** ISO 4217 code, upper case. */
export const CurrencySchema = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as CNY'));
export const Sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `is longer than ${max} characters`));
const NonEmptyText = (max: number) => v.pipe(Text(max), v.minLength(1, 'is empty'));
const Count = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'));

/**
 * A language of catalog translations: a BCP 47 tag such as `zh-CN`, `en`, `fr`, `zh-Hant` (any case in; the
 * canonical case out: `zh-cn` → `zh-CN`).
 */
export function canonicalLang(tag: string): string | null {
  const m = /^([a-zA-Z]{2,3})(?:-([a-zA-Z]{4}))?(?:-([a-zA-Z]{2}|\d{3}))?$/.exec(tag.trim());
  if (!m) return null;
  const script = m[2] ? m[2][0]!.toUpperCase() + m[2].slice(1).toLowerCase() : null;
  return [m[1]!.toLowerCase(), script, m[3]?.toUpperCase()].filter(Boolean).join('-');
}
export const LangTagSchema = v.pipe(
  v.string(),
  v.check((s) => canonicalLang(s) !== null, 'a language must be a tag such as zh-CN, en or fr'),
  v.transform((s) => canonicalLang(s)!),
);
/** Translated text by language: `{ "zh-CN": "日常圆领T恤" }`. */
export const NamesByLangSchema = v.record(v.string(), v.string());
/** Translated colour names by language, then by the catalog's colour: `{ "zh-CN": { "Navy": "藏青" } }`. */
export const ColourNamesByLangSchema = v.record(v.string(), v.record(v.string(), v.string()));
export type NamesByLang = v.InferOutput<typeof NamesByLangSchema>;
export type ColourNamesByLang = v.InferOutput<typeof ColourNamesByLangSchema>;

/** The text of `base` in `lang`: its translation when the catalog has one, else the catalog's own text. */
export function translated(base: string, names: NamesByLang | undefined, lang: string): string {
  return names?.[lang] || base;
}

export const AssetKindSchema = v.picklist(['2d', '3d']);
export type AssetKind = v.InferOutput<typeof AssetKindSchema>;

/**
 * Named points on a 2D garment image (`left_shoulder`, `neck`, `hem_left`…) as `[xNorm, yNorm]`, in the image's
 * normalised coordinates (0..1, origin top-left). The garment fitter maps them onto body landmarks.
 */
export const AnchorsSchema = v.record(
  v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,47}$/, 'anchor names are snake_case')),
  v.tuple([v.pipe(v.number(), v.finite()), v.pipe(v.number(), v.finite())]),
);
export type Anchors = v.InferOutput<typeof AnchorsSchema>;

/** A garment asset as the renderer sees it; the bytes are fetched by sha256 from the asset cache. */
export const AssetRefSchema = v.object({
  sha256: Sha256Schema,
  kind: AssetKindSchema,
  mime: v.string(),
  sizeBytes: Count,
  anchors: v.nullable(AnchorsSchema),
  /** A 2D garment's back picture (same size and framing as the front), by sha256; absent or null: none. */
  back: v.optional(v.nullable(Sha256Schema)),
});
export type AssetRef = v.InferOutput<typeof AssetRefSchema>;

export const VariantSchema = v.object({
  sku: v.string(),
  colour: v.string(),
  size: v.string(),
  /** Price in the currency's minor unit (CNY 299.00 → 29900). */
  priceMinor: Count,
  currency: v.string(),
  stock: Count,
  asset2d: v.nullable(AssetRefSchema),
  asset3d: v.nullable(AssetRefSchema),
});
export type Variant = v.InferOutput<typeof VariantSchema>;

export const CategorySchema = v.object({
  id: v.string(),
  name: v.string(),
  /** The name in other languages (catalog translations). */
  names: v.optional(NamesByLangSchema),
  parentId: v.nullable(v.string()),
  /** Products in this category (not counting sub-categories). */
  productCount: Count,
});
export type Category = v.InferOutput<typeof CategorySchema>;

export const ProductSchema = v.object({
  id: v.string(),
  name: v.string(),
  brand: v.string(),
  categoryId: v.string(),
  description: v.string(),
  tags: v.array(v.string()),
  /** ISO 8601 time of the last change, as given by the feed or the import. */
  updatedAt: v.string(),
  variants: v.array(VariantSchema),
  /** The garment's finished measurements per size (size as the variants' `size`); `{}` when the store has none. */
  garmentChart: GarmentSizeChartSchema,
  /** How a top is worn over a bottom; null: the garment kind's default (`defaultTuck`). */
  tuck: v.nullable(TuckSchema),
  /** The name in other languages (catalog translations). */
  names: v.optional(NamesByLangSchema),
  /** The variants' colours in other languages. */
  colourNames: v.optional(ColourNamesByLangSchema),
});
export type Product = v.InferOutput<typeof ProductSchema>;

/** One product in a browse or search result: enough for a tile, without every variant. */
export const ProductSummarySchema = v.object({
  id: v.string(),
  name: v.string(),
  brand: v.string(),
  categoryId: v.string(),
  priceMinMinor: Count,
  priceMaxMinor: Count,
  currency: v.string(),
  colours: v.array(v.string()),
  sizes: v.array(v.string()),
  inStock: v.boolean(),
  /** sha256 of the first variant's 2D garment image, if any. */
  thumbnail: v.nullable(v.string()),
  names: v.optional(NamesByLangSchema),
  colourNames: v.optional(ColourNamesByLangSchema),
});
export type ProductSummary = v.InferOutput<typeof ProductSummarySchema>;

const Limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 24);
const Offset = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)), 0);
const FilterText = v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64)));

/** Filters every list query accepts. Colour compares case-insensitively; size exactly. */
export const CatalogFiltersSchema = v.object({
  size: FilterText,
  colour: FilterText,
  /** Only products with at least one matching variant in stock. @default false */
  inStock: v.optional(v.boolean(), false),
});

export const BrowseRequestSchema = v.object({
  ...CatalogFiltersSchema.entries,
  /** Category id; omitted lists every category. */
  categoryId: v.optional(CategoryIdSchema),
  /** @default 0 */
  offset: Offset,
  /** Page size. @default 24 */
  limit: Limit,
});
export type BrowseRequest = v.InferInput<typeof BrowseRequestSchema>;
export type BrowseQuery = v.InferOutput<typeof BrowseRequestSchema>;

export const SearchRequestSchema = v.object({
  ...CatalogFiltersSchema.entries,
  /** Words to find in name, brand or tags; Chinese or English, any case. */
  query: v.pipe(v.string(), v.trim(), v.minLength(1, 'query is empty'), v.maxLength(100)),
  categoryId: v.optional(CategoryIdSchema),
  offset: Offset,
  limit: Limit,
});
export type SearchRequest = v.InferInput<typeof SearchRequestSchema>;
export type SearchQuery = v.InferOutput<typeof SearchRequestSchema>;

export const ProductPageSchema = v.object({
  items: v.array(ProductSummarySchema),
  /** Matches in all pages. */
  total: Count,
  offset: Count,
  limit: Count,
});
export type ProductPage = v.InferOutput<typeof ProductPageSchema>;

export const ProductRequestSchema = v.object({ id: CatalogKeySchema });

export const SyncStatusSchema = v.object({
  feedUrl: v.nullable(v.string()),
  running: v.boolean(),
  /** ISO 8601 times. */
  lastAttemptAt: v.nullable(v.string()),
  lastSuccessAt: v.nullable(v.string()),
  /** One line; null after a successful sync. */
  lastError: v.nullable(v.string()),
  /** Products added, changed or removed by the last successful sync. */
  itemsChanged: Count,
  products: Count,
  variants: Count,
});
export type SyncStatus = v.InferOutput<typeof SyncStatusSchema>;

export const SyncRequestSchema = v.optional(v.object({ url: v.optional(v.pipe(v.string(), v.url())) }), {});
export const SyncResultSchema = v.object({
  notModified: v.boolean(),
  itemsChanged: Count,
  pages: Count,
  assetsDownloaded: Count,
});
export type SyncResult = v.InferOutput<typeof SyncResultSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The nested catalog document: the sync feed's pages, `catalog import file.json` and `catalog export --format json`.
// Documented in docs/catalog-feed.md.

export const FEED_FORMAT = 'atelier-catalog/1';

export const DocAssetSchema = v.object({
  /** http(s) URL (feed), or a file path / file: URL relative to the document (import). */
  url: NonEmptyText(2048),
  sha256: Sha256Schema,
  mime: v.optional(NonEmptyText(100)),
  sizeBytes: v.optional(Count),
  anchors: v.optional(v.nullable(AnchorsSchema)),
  /** A 2D garment's back picture: the same size and framing as the front (see shared/garment.ts `back`). */
  back: v.optional(v.object({ url: NonEmptyText(2048), sha256: Sha256Schema })),
});
export type DocAsset = v.InferOutput<typeof DocAssetSchema>;

export const DocVariantSchema = v.object({
  sku: CatalogKeySchema,
  colour: NonEmptyText(64),
  size: NonEmptyText(32),
  priceMinor: Count,
  currency: CurrencySchema,
  stock: Count,
  asset2d: v.optional(v.nullable(DocAssetSchema)),
  asset3d: v.optional(v.nullable(DocAssetSchema)),
});
export type DocVariant = v.InferOutput<typeof DocVariantSchema>;

/**
 * The garment size chart as a document gives it: shapes checked here, values (positive cm, known sizes) by the
 * product check below so the reason reads "size M waist: -80 cm must be positive" rather than a schema message.
 */
const DocGarmentChartSchema = v.record(
  v.pipe(v.string(), v.minLength(1, 'a size is empty'), v.maxLength(32, 'a size is longer than 32 characters')),
  v.record(v.picklist(GARMENT_MEASUREMENTS, `measurements are ${GARMENT_MEASUREMENTS.join(', ')}`), v.number('a measurement must be a number of centimetres')),
);
const DocTranslationsSchema = v.pipe(
  v.record(
    LangTagSchema,
    v.object({
      name: v.optional(NonEmptyText(200)),
      colours: v.optional(v.record(NonEmptyText(64), NonEmptyText(64))),
    }),
  ),
  v.check((r) => Object.keys(r).length <= 20, 'at most 20 languages'),
);
export type DocTranslations = v.InferOutput<typeof DocTranslationsSchema>;
const DocProductObjectSchema = v.object({
  id: CatalogKeySchema,
  name: NonEmptyText(200),
  brand: Text(100),
  categoryId: CategoryIdSchema,
  description: v.optional(Text(4000), ''),
  tags: v.optional(v.array(NonEmptyText(40)), []),
  updatedAt: v.optional(v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp with time zone'))),
  variants: v.pipe(v.array(DocVariantSchema), v.minLength(1, 'a product needs at least one variant')),
  /** size → the garment's measurements in cm (docs/catalog-feed.md); sizes must be the variants' sizes. */
  garmentChart: v.optional(DocGarmentChartSchema),
  /** `in`: a top worn tucked into the bottom's waistband; `out`: over it. Absent/null: the garment kind's default. */
  tuck: v.optional(v.nullable(TuckSchema)),
  /**
   * Translations by language (docs/catalog-feed.md): the product's name and its colours' names. Colour names are
   * the store's for that colour everywhere (one "Navy" → "藏青" for every product).
   */
  translations: v.optional(DocTranslationsSchema),
});
/** A product of a catalog document; its size chart may name only sizes it is sold in. */
export const DocProductSchema = v.pipe(
  DocProductObjectSchema,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed || !dataset.value.garmentChart) return;
    const problem = garmentChartProblem(dataset.value.garmentChart, dataset.value.variants.map((x) => x.size));
    if (problem) addIssue({ message: problem, path: [{ type: 'object', origin: 'value', input: dataset.value, key: 'garmentChart', value: dataset.value.garmentChart }] });
  }),
);
export type DocProduct = v.InferOutput<typeof DocProductSchema>;

export const DocCategorySchema = v.object({
  id: CategoryIdSchema,
  name: NonEmptyText(100),
  parentId: v.optional(v.nullable(CategoryIdSchema), null),
  position: v.optional(v.pipe(v.number(), v.integer()), 0),
  /** The category's name by language: `{ "zh-CN": { "name": "衬衫" } }`. */
  translations: v.optional(v.record(LangTagSchema, v.object({ name: NonEmptyText(100) }))),
});
export type DocCategory = v.InferOutput<typeof DocCategorySchema>;

export const BodyMeasurementSchema = v.picklist(['height', 'chest', 'waist', 'hip', 'shoulder', 'inseam']);
export const DocSizeChartSchema = v.object({
  brand: Text(100),
  categoryId: CategoryIdSchema,
  /** size → measurement → [minCm, maxCm] */
  sizes: v.record(
    NonEmptyText(32),
    v.record(BodyMeasurementSchema, v.tuple([v.pipe(v.number(), v.minValue(0)), v.pipe(v.number(), v.maxValue(300))])),
  ),
});
export type DocSizeChart = v.InferOutput<typeof DocSizeChartSchema>;

export const CatalogDocumentSchema = v.object({
  format: v.literal(FEED_FORMAT, `format must be "${FEED_FORMAT}"`),
  /** true: this document (all its pages) is the whole catalog; products not in it are removed. */
  full: v.optional(v.boolean(), false),
  categories: v.optional(v.array(DocCategorySchema), []),
  products: v.optional(v.array(v.unknown()), []),
  /** Product ids removed since `updated_since`. */
  deleted: v.optional(v.array(CatalogKeySchema), []),
  sizeCharts: v.optional(v.array(DocSizeChartSchema), []),
  /** URL (absolute or relative to this page) of the next page; null/absent on the last page. */
  next: v.optional(v.nullable(v.string()), null),
  /** Opaque token to send as `updated_since` next time; read from the last page. */
  cursor: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200))), null),
});
export type CatalogDocument = v.InferOutput<typeof CatalogDocumentSchema>;
