import crypto from 'node:crypto';

/** Small text helpers the store formats share: HTML bodies to plain text, slugs, prices with separators. */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘',
  rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·', trade: '™', reg: '®',
  copy: '©', deg: '°', times: '×', frac12: '½', eacute: 'é', egrave: 'è', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß',
};

/** Decodes `&amp;`, `&#8217;`, `&#x2019;` and the common named entities; an unknown one is left as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,10});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * A product body written in HTML (Shopify's `Body (HTML)`) as plain text for the mirror: scripts and styles
 * dropped, block ends and `<br>` become line breaks, other tags removed, entities decoded, blank runs squeezed.
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6]|tr|ul|ol|table)\s*>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '• ')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A category id from a store's type ("Men's T-Shirts" → `mens-t-shirts`); null when nothing Latin is left. */
export function slugify(s: string): string | null {
  const slug = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || null;
}

/**
 * A price as stores write it, in major units with a dot: `1299`, `1,299.00`, `12.5`. Commas are accepted only as
 * thousands separators in groups of three (`1,299.00`); a decimal comma (`12,50`) is refused rather than guessed.
 * Returns the text `parsePrice` reads, or an error message.
 */
export function normalisePrice(raw: string): { ok: string } | { error: string } {
  const s = raw.trim();
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return { ok: s.replace(/,/g, '') };
  if (/^\d+(\.\d+)?$/.test(s)) return { ok: s };
  if (/^\d+,\d{1,2}$/.test(s)) return { error: `"${s}" uses a decimal comma: write ${s.replace(',', '.')}` };
  return { error: `"${s}" is not a price` };
}

/**
 * A Google Merchant price, `"12.00 USD"` (the spec's form), also `"USD 12.00"` and `"1,299.00 USD"`.
 * Returns the amount as `parsePrice` text and the currency (null when the value has none).
 */
export function splitMoney(raw: string): { amount: string; currency: string | null } | { error: string } {
  const s = raw.trim().replace(/\s+/g, ' ');
  const m = /^([0-9][0-9.,]*) ?([A-Za-z]{3})?$/.exec(s) ?? /^([A-Za-z]{3}) ?([0-9][0-9.,]*)$/.exec(s);
  if (!m) return { error: `"${s}" is not a price like "12.00 USD"` };
  const [amountRaw, cur] = /^[0-9]/.test(m[1]!) ? [m[1]!, m[2]] : [m[2]!, m[1]];
  const n = normalisePrice(amountRaw);
  if ('error' in n) return n;
  return { amount: n.ok, currency: cur ? cur.toUpperCase() : null };
}

/**
 * The category of a store's product type: its slug and the type as the display name; a type with nothing Latin in
 * it ("衬衫") gets a stable id from its hash, so two Chinese types stay two categories. Empty: `other`.
 */
export function categoryFor(typeName: string): { id: string; name: string } {
  const name = typeName.trim();
  if (!name) return { id: 'other', name: 'Other' };
  return { id: slugify(name) ?? `c-${crypto.createHash('sha256').update(name).digest('hex').slice(0, 10)}`, name: name.slice(0, 100) };
}
