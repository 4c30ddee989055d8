import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { FEED_FORMAT } from '../../src/shared/catalog';
import { fingerprint, tempDir } from './helpers';

const HEADER = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,category_name,name@zh-cn,category_name@zh-CN,colour@ZH-cn';

/** A tee in two colours, translated into Chinese (the header's language tags in any case). */
const TEE = [
  HEADER,
  'T1,Everyday Tee,A,tshirt,Navy,M,T1-N-M,99,CNY,1,,T-shirts,日常T恤,T恤,藏青',
  'T1,Everyday Tee,A,tshirt,White,M,T1-W-M,99,CNY,1,,T-shirts,日常T恤,T恤,白色',
  'S1,Oxford Shirt,A,shirt,White,M,S1-W-M,199,CNY,1,,Shirts,,,',
].join('\n');

describe('catalog translations', () => {
  let dir: string;
  let cat: Catalog;
  beforeEach(() => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
  });
  afterEach(() => cat.close());
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('reads name, category and colour per language from CSV columns; colours are translated for every product', () => {
    const r = cat.importFile(write('tee.csv', TEE));
    expect(r.problems).toEqual([]);
    const tee = cat.product('T1')!;
    expect(tee.names).toEqual({ 'zh-CN': '日常T恤' });
    expect(tee.colourNames).toEqual({ 'zh-CN': { Navy: '藏青', White: '白色' } });
    // The shirt's rows give no translation, but its colour has one from the tee's rows: "White" is 白色 everywhere.
    const shirt = cat.product('S1')!;
    expect(shirt.names).toBeUndefined();
    expect(shirt.colourNames).toEqual({ 'zh-CN': { White: '白色' } });
    expect(cat.categories().find((c) => c.id === 'tshirt')!.names).toEqual({ 'zh-CN': 'T恤' });
    // Tiles carry them too (the rail shows names in the shopper's language).
    const tile = cat.browse({ offset: 0, limit: 10, inStock: false, categoryId: 'tshirt' }).items[0]!;
    expect(tile.names).toEqual({ 'zh-CN': '日常T恤' });
  });

  it('a CSV or JSON export re-imports to the same catalog, translations included; a file without them keeps them', () => {
    cat.importFile(write('tee.csv', TEE));
    const before = fingerprint(cat.db, cat.assets);
    expect(before).toContain('日常T恤');
    const csv = cat.exportCsv();
    expect(csv.split('\r\n')[0]).toContain('name@zh-CN,category_name@zh-CN,colour@zh-CN');
    for (const [format, text] of [
      ['csv', csv],
      ['json', cat.exportJson()],
    ] as const) {
      const other = Catalog.open(path.join(dir, `again-${format}`));
      try {
        expect(other.importFile(write(`export.${format}`, text), { replace: true }).problems).toEqual([]);
        expect(fingerprint(other.db, other.assets)).toBe(before);
        // A merge import in the catalog's own language only (a price list) leaves the translations as they are.
        other.importFile(write('prices.csv', 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags\nT1,Everyday Tee,A,tshirt,Navy,M,T1-N-M,89,CNY,1,\n'));
        expect(other.product('T1')!.names).toEqual({ 'zh-CN': '日常T恤' });
      } finally {
        other.close();
      }
    }
  });

  it('reads translations from a feed document, and refuses a bad language tag or an overlong name with the row', () => {
    const doc = {
      format: FEED_FORMAT,
      categories: [{ id: 'dress', name: 'Dresses', translations: { 'zh-cn': { name: '连衣裙' } } }],
      products: [
        {
          id: 'D1',
          name: 'Tea Dress',
          brand: 'A',
          categoryId: 'dress',
          variants: [{ sku: 'D1-R-M', colour: 'Rose', size: 'M', priceMinor: 45900, currency: 'CNY', stock: 2 }],
          translations: { 'zh-CN': { name: '茶歇裙', colours: { Rose: '玫瑰粉' } } },
        },
        {
          id: 'D2',
          name: 'Slip Dress',
          brand: 'A',
          categoryId: 'dress',
          variants: [{ sku: 'D2-B-M', colour: 'Black', size: 'M', priceMinor: 45900, currency: 'CNY', stock: 2 }],
          translations: { 'not a language': { name: 'x' } },
        },
      ],
    };
    const r = cat.importFile(write('feed.json', JSON.stringify(doc)));
    expect(r.rowsImported).toBe(1);
    expect(r.problems).toEqual([{ row: 2, field: 'translations.not a language', reason: 'a language must be a tag such as zh-CN, en or fr' }]);
    expect(cat.product('D1')).toMatchObject({ names: { 'zh-CN': '茶歇裙' }, colourNames: { 'zh-CN': { Rose: '玫瑰粉' } } });
    expect(cat.categories().find((c) => c.id === 'dress')!.names).toEqual({ 'zh-CN': '连衣裙' });

    const long = cat.importFile(write('long.csv', `${HEADER}\nT9,Tee,A,tshirt,Navy,M,T9-N-M,99,CNY,1,,,${'长'.repeat(201)},,\n`));
    expect(long.problems).toEqual([{ row: 2, field: 'name@zh-cn', reason: 'is longer than 200 characters' }]);
    expect(cat.product('T9')).toBeNull();
  });

  it('refuses an unknown column that only looks like a translation', () => {
    expect(() => cat.importFile(write('bad.csv', 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,brand@zh-CN\n'))).toThrow(/unknown column brand@zh-cn/);
  });
});
