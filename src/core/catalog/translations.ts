import type { ColourNamesByLang, NamesByLang } from '../../shared/catalog';
import type { CatalogDb } from './db';

/**
 * Catalog translations (migration v5): a product's name, a category's name and a colour's name per language. The
 * catalog's own text is the store's; a translation is shown to a shopper who switched to its language.
 * A colour's translation is the store's word for that colour everywhere ("Navy" → "藏青" on every product).
 */
export interface CatalogTranslations {
  /** product id → language → name. */
  products: ReadonlyMap<string, NamesByLang>;
  /** category id → language → name. */
  categories: ReadonlyMap<string, NamesByLang>;
  /** colour (as the variants spell it) → language → name. */
  colours: ReadonlyMap<string, NamesByLang>;
}

export function emptyTranslations(): { products: Map<string, NamesByLang>; categories: Map<string, NamesByLang>; colours: Map<string, NamesByLang> } {
  return { products: new Map(), categories: new Map(), colours: new Map() };
}

/** Adds `lang → text` under `key` (later ones win; empty text is ignored). */
export function addTranslation(map: Map<string, NamesByLang>, key: string, lang: string, text: string): void {
  const t = text.trim();
  if (!t) return;
  map.set(key, { ...map.get(key), [lang]: t });
}

/**
 * Writes translations inside the caller's transaction. The languages given for a product or category replace
 * those languages' names; languages not given stay as stored (a file in one language does not erase another).
 */
export function putTranslations(db: CatalogDb, t: CatalogTranslations): void {
  const productPk = db.prepare<[string], { pk: number }>('SELECT pk FROM products WHERE id = ?');
  const putProduct = db.prepare('INSERT INTO product_translations (product_pk, lang, name) VALUES (?, ?, ?) ON CONFLICT (product_pk, lang) DO UPDATE SET name = excluded.name');
  const putCategory = db.prepare(
    'INSERT INTO category_translations (category_id, lang, name) SELECT id, ?, ? FROM categories WHERE id = ? ON CONFLICT (category_id, lang) DO UPDATE SET name = excluded.name',
  );
  const putColour = db.prepare('INSERT INTO colour_translations (colour, lang, name) VALUES (?, ?, ?) ON CONFLICT (colour, lang) DO UPDATE SET name = excluded.name');
  for (const [id, names] of t.products) {
    const pk = productPk.get(id)?.pk;
    if (pk === undefined) continue;
    for (const [lang, name] of Object.entries(names)) putProduct.run(pk, lang, name);
  }
  for (const [id, names] of t.categories) for (const [lang, name] of Object.entries(names)) putCategory.run(lang, name, id);
  for (const [colour, names] of t.colours) for (const [lang, name] of Object.entries(names)) putColour.run(colour, lang, name);
}

/** Removes a product's translation in `lang` (staff cleared it). */
export function deleteProductTranslation(db: CatalogDb, productId: string, lang: string): void {
  db.prepare('DELETE FROM product_translations WHERE lang = ? AND product_pk = (SELECT pk FROM products WHERE id = ?)').run(lang, productId);
}

/** Reads translations for the read side (queries.ts); statements prepared once. */
export class TranslationReader {
  private readonly productNames;
  private readonly categoryNames;
  private readonly colourNames;

  constructor(db: CatalogDb) {
    this.productNames = db.prepare<[number], { lang: string; name: string }>('SELECT lang, name FROM product_translations WHERE product_pk = ? ORDER BY lang');
    this.categoryNames = db.prepare<[], { category_id: string; lang: string; name: string }>('SELECT category_id, lang, name FROM category_translations ORDER BY lang');
    this.colourNames = db.prepare<[number], { colour: string; lang: string; name: string }>(
      `SELECT t.colour, t.lang, t.name FROM colour_translations t
       WHERE t.colour IN (SELECT DISTINCT colour FROM variants WHERE product_pk = ?) ORDER BY t.lang, t.colour`,
    );
  }

  /** A product's translated name and colours; undefined members when it has none (kept off the wire). */
  product(pk: number): { names?: NamesByLang; colourNames?: ColourNamesByLang } {
    const names: NamesByLang = {};
    for (const r of this.productNames.all(pk)) names[r.lang] = r.name;
    const colourNames: ColourNamesByLang = {};
    for (const r of this.colourNames.all(pk)) (colourNames[r.lang] ??= {})[r.colour] = r.name;
    return { ...(Object.keys(names).length ? { names } : {}), ...(Object.keys(colourNames).length ? { colourNames } : {}) };
  }

  /** Every category's translated names: category id → language → name. */
  categories(): Map<string, NamesByLang> {
    const out = new Map<string, NamesByLang>();
    for (const r of this.categoryNames.all()) out.set(r.category_id, { ...out.get(r.category_id), [r.lang]: r.name });
    return out;
  }

  /** Every colour translation: colour → language → name (export). */
  allColours(db: CatalogDb): Map<string, NamesByLang> {
    const out = new Map<string, NamesByLang>();
    for (const r of db.prepare<[], { colour: string; lang: string; name: string }>('SELECT colour, lang, name FROM colour_translations ORDER BY colour, lang').all()) {
      out.set(r.colour, { ...out.get(r.colour), [r.lang]: r.name });
    }
    return out;
  }
}
