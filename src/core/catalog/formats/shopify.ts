import { parseCsv, CsvError } from '../csv';
import { CatalogError } from '../db';
import type { ImportProblem } from '../import';
import { DEFAULT_STOCK, ONE_COLOUR, ONE_SIZE, type ConvertOptions, type ConvertedCatalog, type PictureLink } from './converted';
import { categoryFor, htmlToText, normalisePrice, slugify } from './text';

/**
 * Shopify's product CSV (the admin's "Export products" and the sample files of help.shopify.com/manual/products/
 * import-export/using-csv): one row per variant, the product's own fields on its first row only, continuation rows
 * with the same `Handle` carrying further variants or further images.
 */

/** Columns we read, by their lower-cased header. Others (Grams, SEO, Google Shopping / …) are ignored. */
const COL = {
  handle: 'handle',
  title: 'title',
  body: 'body (html)',
  vendor: 'vendor',
  category: 'product category',
  type: 'type',
  tags: 'tags',
  published: 'published',
  publishedOnline: 'published on online store',
  status: 'status',
  sku: 'variant sku',
  qty: 'variant inventory qty',
  price: 'variant price',
  compareAt: 'variant compare at price',
  imageSrc: 'image src',
  variantImage: 'variant image',
} as const;
const optionName = (n: number) => `option${n} name`;
const optionValue = (n: number) => `option${n} value`;

const SIZE_NAMES = new Set(['size', 'sizes', 'taille', 'größe', 'talla', '尺码', '尺寸']);
const COLOUR_NAMES = new Set(['color', 'colour', 'colors', 'colours', 'couleur', 'farbe', '颜色']);
/** Shopify's placeholder option of a product without variants. */
const DEFAULT_TITLE = 'default title';
/** Longest tag and description our catalog stores (docs/catalog-csv.md). */
const MAX_TAG = 40;
const MAX_DESCRIPTION = 4000;

/** True when a CSV header is Shopify's: it has `Handle` and a variant or title column. */
export function looksLikeShopify(columns: readonly string[]): boolean {
  return columns.includes(COL.handle) && (columns.includes(COL.title) || columns.includes(COL.price));
}

const NOT_SHOPIFY = 'not a Shopify product CSV: the header lacks Handle, Title or Variant Price';

/** The first line's cells, lower-cased, read roughly (a header cell holding a comma is rare): enough to tell the format. */
export function roughHeader(text: string): string[] {
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimStart();
  return src
    .slice(0, src.search(/\r|\n|$/))
    .split(',')
    .map((c) => c.replace(/^"|"$/g, '').trim().toLowerCase());
}

type Cells = Record<string, string>;

interface ProductRows {
  handle: string;
  first: { row: number; cells: Cells };
  rows: Array<{ row: number; cells: Cells }>;
}

/** Converts a Shopify product CSV into Atelier rows. Throws CatalogError when the file as a whole cannot be read. */
export function convertShopify(text: string, opts: ConvertOptions): ConvertedCatalog {
  if (!opts.currency) {
    throw new CatalogError('a Shopify product CSV has no currency: give the store\'s with --currency (e.g. --currency CNY); nothing imported');
  }
  // Say "not a Shopify file" before any CSV error deeper in a file that was never Shopify's.
  if (!looksLikeShopify(roughHeader(text))) throw new CatalogError(NOT_SHOPIFY);
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw new CatalogError(`Shopify CSV ${e.message}`);
    throw e;
  }
  const [header, ...body] = records;
  if (!header) throw new CatalogError('CSV is empty: expected a header row');
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  if (!looksLikeShopify(columns)) throw new CatalogError(NOT_SHOPIFY);
  if (!columns.includes(COL.price)) throw new CatalogError('Shopify CSV header lacks Variant Price');

  const out: ConvertedCatalog = { format: 'shopify', rowsRead: body.length, rows: [], skipped: [], problems: [], pictures: [], unpublishedProducts: 0 };
  // Group rows by Handle, in first-seen order; Shopify itself groups by Handle even when rows are apart.
  const products = new Map<string, ProductRows>();
  body.forEach((r, i) => {
    const cells: Cells = {};
    columns.forEach((c, j) => (cells[c] = (r.fields[j] ?? '').trim()));
    const row = i + 2; // spreadsheet numbering: the header is row 1
    const handle = cells[COL.handle] ?? '';
    if (!handle) return out.problems.push({ row, field: 'Handle', reason: 'is empty' });
    const p = products.get(handle);
    if (p) p.rows.push({ row, cells });
    else products.set(handle, { handle, first: { row, cells }, rows: [{ row, cells }] });
  });
  const defaultStock = opts.defaultStock ?? DEFAULT_STOCK;
  for (const p of products.values()) convertProduct(p, opts.currency, defaultStock, out);
  return out;
}

function convertProduct(p: ProductRows, currency: string, defaultStock: number, out: ConvertedCatalog): void {
  const f = p.first.cells;
  const published = (f[COL.published] ?? f[COL.publishedOnline] ?? '').toLowerCase();
  const status = (f[COL.status] ?? '').toLowerCase();
  if (published === 'false' || status === 'draft' || status === 'archived') {
    const why = status === 'draft' || status === 'archived' ? `product ${p.handle} is ${status}` : `product ${p.handle} is not published`;
    out.unpublishedProducts++;
    for (const r of p.rows) out.skipped.push({ row: r.row, field: status === 'draft' || status === 'archived' ? 'Status' : 'Published', reason: why });
    return;
  }
  const name = f[COL.title] ?? '';
  // Which option slot is the size and which the colour: named on the product's first row, any of the three slots.
  let sizeSlot = 0;
  let colourSlot = 0;
  for (const n of [1, 2, 3]) {
    const optName = (f[optionName(n)] ?? '').toLowerCase();
    if (SIZE_NAMES.has(optName) && !sizeSlot) sizeSlot = n;
    if (COLOUR_NAMES.has(optName) && !colourSlot) colourSlot = n;
  }
  const typeName = f[COL.type] || (f[COL.category] ?? '').split('>').at(-1)!.trim();
  const { id: categoryId, name: categoryName } = categoryFor(typeName);
  const notes: ImportProblem[] = [];
  const tags: string[] = [];
  for (const t of (f[COL.tags] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (t.length > MAX_TAG) notes.push({ row: p.first.row, field: 'Tags', reason: `tag "${t.slice(0, 20)}…" left out: longer than ${MAX_TAG} characters` });
    else tags.push(t);
  }
  let description = htmlToText(f[COL.body] ?? '');
  if (description.length > MAX_DESCRIPTION) {
    description = `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
    notes.push({ row: p.first.row, field: 'Body (HTML)', reason: `shortened to ${MAX_DESCRIPTION} characters` });
  }
  const firstImage = p.rows.map((r) => r.cells[COL.imageSrc] ?? '').find(Boolean) ?? null;
  const pictureByColour = new Map<string, string>();
  let variants = 0;
  for (const { row, cells } of p.rows) {
    const isVariant = [1, 2, 3].some((n) => cells[optionValue(n)]) || cells[COL.sku] || cells[COL.price];
    if (!isVariant) {
      // A continuation row that only adds a picture (Image Src, Image Position, Image Alt Text).
      if (cells[COL.imageSrc]) out.skipped.push({ row, field: 'Image Src', reason: 'picture row: kept as a link (no picture yet)' });
      else out.skipped.push({ row, field: '(row)', reason: 'no variant and no picture' });
      continue;
    }
    const option = (slot: number) => {
      const val = slot ? (cells[optionValue(slot)] ?? '') : '';
      return val.toLowerCase() === DEFAULT_TITLE ? '' : val;
    };
    const size = option(sizeSlot) || ONE_SIZE;
    const colour = option(colourSlot) || ONE_COLOUR;
    const priceRaw = cells[COL.price] ?? '';
    if (!priceRaw) {
      out.problems.push({ row, field: 'Variant Price', reason: 'is empty' });
      continue;
    }
    const price = normalisePrice(priceRaw);
    if ('error' in price) {
      out.problems.push({ row, field: 'Variant Price', reason: price.error });
      continue;
    }
    const compareAt = cells[COL.compareAt] ?? '';
    if (compareAt && 'error' in normalisePrice(compareAt)) notes.push({ row, field: 'Variant Compare At Price', reason: `"${compareAt}" left out: not a price` });
    const qtyRaw = cells[COL.qty] ?? '';
    let stock: number;
    if (qtyRaw === '') stock = defaultStock;
    else if (/^-?\d{1,9}$/.test(qtyRaw)) stock = Math.max(0, Number(qtyRaw)); // oversold (negative) is none left
    else {
      out.problems.push({ row, field: 'Variant Inventory Qty', reason: `"${qtyRaw}" is not a whole number` });
      continue;
    }
    const sku = cells[COL.sku] || [p.handle, colour === ONE_COLOUR ? null : slugify(colour), size === ONE_SIZE ? null : slugify(size)].filter(Boolean).join('-');
    const picture = cells[COL.variantImage] || null;
    if (picture && !pictureByColour.has(colour)) pictureByColour.set(colour, picture);
    variants++;
    out.rows.push({
      row,
      cells: {
        product_id: p.handle,
        name,
        brand: f[COL.vendor] ?? '',
        category: categoryId,
        category_name: categoryName,
        description,
        colour,
        size,
        sku,
        price: price.ok,
        currency,
        stock,
        tags,
      },
    });
  }
  // The first picture per colour: its variant image, else the product's first image.
  const colours = new Set(out.rows.filter((r) => r.cells.product_id === p.handle).map((r) => String(r.cells.colour)));
  const links: PictureLink[] = [];
  for (const colour of colours) {
    const url = pictureByColour.get(colour) ?? firstImage;
    if (url) links.push({ productId: p.handle, colour, url });
  }
  if (variants > 0) out.pictures.push(...links);
  out.skipped.push(...notes);
}
