import { CatalogError } from '../db';
import { IMPORT_FORMATS, type ConvertOptions, type ConvertedCatalog, type ImportFormat } from './converted';
import { convertGoogle, looksLikeGoogleTsv } from './google';
import { convertShopify, looksLikeShopify, roughHeader } from './shopify';

/**
 * Which format a catalog file is in, from its first bytes: XML (an RSS or Atom root) is a Google feed; a JSON
 * document or array is ours; a tab-separated header with `id`, `title`, `price` is a Google feed; a comma header
 * with `Handle` is Shopify's; anything else is read as our own CSV (whose error then names the missing columns).
 */
export function detectFormat(text: string): ImportFormat {
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimStart();
  if (src.startsWith('<')) return 'google';
  if (src.startsWith('{') || src.startsWith('[')) return 'atelier';
  const firstLine = src.slice(0, src.search(/\r|\n|$/));
  if (looksLikeGoogleTsv(firstLine)) return 'google';
  if (looksLikeShopify(roughHeader(src))) return 'shopify';
  return 'atelier';
}

/** `--format`'s value checked: auto or one of IMPORT_FORMATS. */
export function parseFormatFlag(raw: string): ImportFormat | 'auto' {
  if (raw === 'auto' || (IMPORT_FORMATS as readonly string[]).includes(raw)) return raw as ImportFormat | 'auto';
  throw new CatalogError(`--format must be auto, ${IMPORT_FORMATS.join(', ')}; got "${raw}"`);
}

/**
 * Converts a store's file (Shopify, Google) into Atelier rows; null for our own formats, which the importer reads
 * itself. `format` overrides detection.
 */
export function convertStoreFormat(text: string, format: ImportFormat | 'auto', opts: ConvertOptions): ConvertedCatalog | null {
  const f = format === 'auto' ? detectFormat(text) : format;
  if (opts.currency !== undefined && !/^[A-Z]{3}$/.test(opts.currency)) {
    throw new CatalogError(`--currency must be a 3-letter ISO 4217 code such as CNY, got "${opts.currency}"`);
  }
  if (f === 'shopify') return convertShopify(text, opts);
  if (f === 'google') return convertGoogle(text, opts);
  return null;
}
