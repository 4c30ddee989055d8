import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseCsv, CsvError } from '../csv';
import { CatalogError } from '../db';
import type { ImportProblem } from '../import';
import { DEFAULT_STOCK, ONE_COLOUR, ONE_SIZE, type ConvertOptions, type ConvertedCatalog } from './converted';
import { categoryFor, htmlToText, splitMoney } from './text';

/**
 * Google Merchant Center product data (support.google.com/merchants/answer/7052112): a tab-separated file with a
 * header of attribute names, or an RSS 2.0 (`<rss><channel><item>`) / Atom (`<feed><entry>`) XML file whose
 * attributes are elements in the `http://base.google.com/ns/1.0` namespace (`g:price`). Each item is one variant;
 * variants of one product share `item_group_id`.
 */

/** One item's attributes by Google's name (`image_link`), as text. */
type Item = Record<string, string>;

const GOOGLE_NS = 'http://base.google.com/ns/1.0';
const MAX_TAG = 40;
const MAX_DESCRIPTION = 4000;

/** Google's attribute name from a TSV header cell or an XML element: `g:image_link`, `Image Link` → `image_link`. */
export function attributeName(raw: string): string {
  return raw.trim().toLowerCase().replace(/^g:/, '').replace(/[\s-]+/g, '_');
}

/** True when a tab-separated header names Google's required attributes. */
export function looksLikeGoogleTsv(firstLine: string): boolean {
  if (!firstLine.includes('\t')) return false;
  const names = firstLine.split('\t').map(attributeName);
  return names.includes('id') && names.includes('title') && names.includes('price');
}

/** Converts a Google Merchant feed (TSV or XML) into Atelier rows. Throws CatalogError when the file cannot be read. */
export function convertGoogle(text: string, opts: ConvertOptions): ConvertedCatalog {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const items = src.trimStart().startsWith('<') ? readXml(src) : readTsv(src);
  return convertItems(items, opts);
}

function readTsv(text: string): Array<{ row: number; item: Item }> {
  let records;
  try {
    records = parseCsv(text, { delimiter: '\t' });
  } catch (e) {
    if (e instanceof CsvError) throw new CatalogError(`Google feed (TSV) ${e.message}`);
    throw e;
  }
  const [header, ...body] = records;
  if (!header) throw new CatalogError('the Google feed is empty: expected a header row');
  const names = header.fields.map(attributeName);
  const missing = ['id', 'title', 'price'].filter((n) => !names.includes(n));
  if (missing.length) throw new CatalogError(`Google feed (TSV) header lacks ${missing.join(', ')}`);
  return body.map((r, i) => {
    const item: Item = {};
    names.forEach((n, j) => {
      const val = (r.fields[j] ?? '').trim();
      if (val && !item[n]) item[n] = val;
    });
    return { row: i + 2, item };
  });
}

/**
 * Reads RSS 2.0 or Atom. Element names are taken without their prefix, so `g:price`, `price` and a feed that binds
 * Google's namespace to another prefix all read the same; where an item has both `title` and `g:title`, the
 * Google-namespaced one wins.
 */
function readXml(text: string): Array<{ row: number; item: Item }> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CatalogError(`the Google feed is not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false, // "00123" is a GTIN and "12.00 USD" a price: keep every value as written
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => ['item', 'entry', 'link'].includes(localName(name)),
  });
  const doc = parser.parse(text) as Record<string, unknown>;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?'));
  const root = rootName ? (doc[rootName] as Record<string, unknown>) : undefined;
  let entries: unknown[];
  if (rootName && localName(rootName) === 'rss') {
    const channel = field(root, 'channel') as Record<string, unknown> | undefined;
    entries = (field(channel, 'item') as unknown[] | undefined) ?? [];
  } else if (rootName && localName(rootName) === 'feed') {
    entries = (field(root, 'entry') as unknown[] | undefined) ?? [];
  } else {
    throw new CatalogError(`the XML root element is <${rootName ?? '?'}>: a Google feed is RSS 2.0 (<rss>) or Atom (<feed>)`);
  }
  const prefixes = googlePrefixes(root);
  return entries.map((e, i) => ({ row: i + 1, item: xmlItem(e as Record<string, unknown>, prefixes) }));
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
function field(o: Record<string, unknown> | undefined, local: string): unknown {
  if (!o) return undefined;
  const k = Object.keys(o).find((key) => localName(key) === local);
  return k === undefined ? undefined : o[k];
}
/** Prefixes the root binds to Google's namespace (`g` by convention); `g` is always accepted. */
function googlePrefixes(root: Record<string, unknown> | undefined): Set<string> {
  const out = new Set(['g']);
  for (const [k, val] of Object.entries(root ?? {})) if (k.startsWith('@xmlns:') && val === GOOGLE_NS) out.add(k.slice('@xmlns:'.length));
  return out;
}
function textOf(x: unknown): string | null {
  if (typeof x === 'string') return x;
  if (typeof x === 'number') return String(x);
  if (Array.isArray(x)) return textOf(x[0]);
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o['#text'] === 'string') return o['#text'];
    if (typeof o['@href'] === 'string') return o['@href']; // Atom: <link href="…"/>
  }
  return null;
}

function xmlItem(e: Record<string, unknown>, googlePrefixesSet: Set<string>): Item {
  const item: Item = {};
  const fromGoogle = new Set<string>();
  for (const [key, raw] of Object.entries(e ?? {})) {
    if (key.startsWith('@') || key === '#text') continue;
    const colon = key.indexOf(':');
    const prefixed = colon >= 0;
    if (prefixed && !googlePrefixesSet.has(key.slice(0, colon))) continue; // another vocabulary (e.g. Dublin Core)
    let name = attributeName(prefixed ? key.slice(colon + 1) : key);
    if (!prefixed && name === 'summary') name = 'description'; // Atom's own element for the description
    const val = textOf(raw)?.trim();
    if (!val) continue;
    if (prefixed || !fromGoogle.has(name)) {
      if (prefixed || item[name] === undefined) item[name] = val;
      if (prefixed) fromGoogle.add(name);
    }
  }
  return item;
}

/** Whether `sale_price` applies now: `sale_price_effective_date` is "start/end" in ISO 8601; absent means always. */
function saleApplies(range: string | undefined, now: number): boolean {
  if (!range) return true;
  const [from, to] = range.split('/').map((s) => Date.parse(s.trim()));
  if (from !== undefined && Number.isFinite(from) && now < from) return false;
  if (to !== undefined && Number.isFinite(to) && now > to) return false;
  return true;
}

/** Availability to stock: in stock → its quantity or the default; out of stock, preorder, backorder → 0. */
function stockOf(item: Item, defaultStock: number): number | { error: string } {
  const a = (item['availability'] ?? '').toLowerCase().replace(/[\s_]+/g, ' ').trim();
  if (a === '') return { error: 'is empty' };
  if (a === 'out of stock' || a === 'preorder' || a === 'backorder') return 0;
  if (a !== 'in stock') return { error: `"${item['availability']}" is not in stock, out of stock, preorder or backorder` };
  const q = item['quantity'] ?? item['sell_on_google_quantity'];
  if (q === undefined) return defaultStock;
  if (!/^\d{1,9}$/.test(q)) return { error: `quantity "${q}" is not a whole number ≥ 0` };
  return Number(q);
}

/** The words all the titles of a group start with ("Tee – Red – M", "Tee – Blue – L" → "Tee"); else the first title. */
function sharedTitle(titles: readonly string[]): string {
  const first = titles[0] ?? '';
  if (titles.length < 2) return first;
  const words = titles.map((t) => t.split(/\s+/));
  let n = 0;
  while (words.every((w) => w[n] !== undefined && w[n] === words[0]![n])) n++;
  const shared = words[0]!.slice(0, n).join(' ').replace(/[\s,/|–—:(-]+$/, '');
  return shared.length >= 3 ? shared : first;
}

/** "Down Parka Olive" → "Down Parka" when every variant is olive: the colour is a variant's, not the name's. */
function withoutColour(title: string, colour: string | undefined): string {
  if (!colour) return title;
  const cut = title.replace(new RegExp(`[\\s,/|–—:(-]+${colour.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)?$`, 'i'), '');
  return cut.length >= 3 ? cut : title;
}

/** The category from `product_type` ("Apparel > Tops > T-Shirts" → T-Shirts), else `google_product_category`. */
function categoryOf(item: Item): { id: string; name: string } {
  for (const raw of [item['product_type'], item['google_product_category']]) {
    const last = (raw ?? '').split(/>|&gt;/).at(-1)!.trim();
    // A numeric google_product_category (e.g. 212) names no category we can show.
    if (last && !/^\d+$/.test(last)) return categoryFor(last);
  }
  return categoryFor('');
}

function convertItems(items: Array<{ row: number; item: Item }>, opts: ConvertOptions): ConvertedCatalog {
  const out: ConvertedCatalog = { format: 'google', rowsRead: items.length, rows: [], skipped: [], problems: [], pictures: [], unpublishedProducts: 0 };
  const defaultStock = opts.defaultStock ?? DEFAULT_STOCK;
  const now = Date.now();
  // Group by item_group_id; an item without one is a product of its own (id = its own id).
  const groups = new Map<string, Array<{ row: number; item: Item }>>();
  for (const it of items) {
    const id = it.item['id'];
    if (!id) {
      out.problems.push({ row: it.row, field: 'id', reason: 'is empty' });
      continue;
    }
    const key = it.item['item_group_id'] || id;
    const g = groups.get(key);
    if (g) g.push(it);
    else groups.set(key, [it]);
  }
  for (const [productId, group] of groups) {
    const first = group[0]!.item;
    const name = withoutColour(sharedTitle(group.map((g) => g.item['title'] ?? '')), first['color']);
    const category = categoryOf(first);
    const notes: ImportProblem[] = [];
    let description = htmlToText(first['description'] ?? '');
    if (description.length > MAX_DESCRIPTION) {
      description = `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
      notes.push({ row: group[0]!.row, field: 'description', reason: `shortened to ${MAX_DESCRIPTION} characters` });
    }
    const tags = [first['gender'], first['age_group']].filter((t): t is string => !!t && t.length <= MAX_TAG);
    const pictureByColour = new Map<string, string>();
    for (const { row, item } of group) {
      const bad = (f: string, reason: string) => out.problems.push({ row, field: f, reason });
      const sale = item['sale_price'] && saleApplies(item['sale_price_effective_date'], now) ? item['sale_price'] : null;
      const priceField = sale ? 'sale_price' : 'price';
      const money = splitMoney(sale ?? item['price'] ?? '');
      if (!item['price']) {
        bad('price', 'is empty');
        continue;
      }
      if ('error' in money) {
        bad(priceField, money.error);
        continue;
      }
      const currency = money.currency ?? opts.currency;
      if (!currency) {
        bad(priceField, `"${item[priceField]}" has no currency: write "12.00 USD" or give --currency`);
        continue;
      }
      if (opts.currency && currency !== opts.currency) {
        bad(priceField, `is in ${currency}, not the store's ${opts.currency}`);
        continue;
      }
      const stock = stockOf(item, defaultStock);
      if (typeof stock !== 'number') {
        bad('availability', stock.error);
        continue;
      }
      const colour = item['color'] || ONE_COLOUR;
      const size = item['size'] || ONE_SIZE;
      const picture = item['image_link'];
      if (picture && !pictureByColour.has(colour)) pictureByColour.set(colour, picture);
      out.rows.push({
        row,
        cells: {
          product_id: productId,
          name,
          brand: first['brand'] ?? '',
          category: category.id,
          category_name: category.name,
          description,
          colour,
          size,
          sku: item['id']!,
          price: money.amount,
          currency,
          stock,
          tags,
        },
      });
    }
    for (const [colour, url] of pictureByColour) out.pictures.push({ productId, colour, url });
    out.skipped.push(...notes);
  }
  return out;
}
