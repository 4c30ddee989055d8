import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { fakePng } from '../fixtures/feed-server';
import { expectExportsReimport, fingerprint, tempDir } from './helpers';

const HEADER = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

describe('catalog import / export', () => {
  let dir: string;
  let cat: Catalog;
  beforeEach(() => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
  });
  afterEach(() => cat.close());

  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('imports good rows and reports each bad row with its field and reason', () => {
    const f = write(
      'c.csv',
      csv(
        'P1,Linen Shirt 亚麻衬衫,Atelier,shirts,White,M,P1-W-M,299.00,CNY,5,linen|summer',
        'P1,Linen Shirt 亚麻衬衫,Atelier,shirts,White,L,P1-W-L,299,CNY,0,linen|summer',
        'P2,Dress,Atelier,dresses,Red,S,P2-R-S,1.299,CNY,1,', // 3 decimals
        'P3,Coat,Atelier,Coats,Red,S,P3-R-S,10,CNY,1,', // category not a slug
        'P4,Coat,Atelier,coats,Red,S,P4-R-S,10,XXX,-1,', // currency + stock
        'P1,Linen Shirt 亚麻衬衫,Atelier,shirts,Blue,M,P1-W-M,299,CNY,1,', // duplicate sku
        'P1,Other name,Atelier,shirts,Blue,S,P1-B-S,299,CNY,1,', // conflicting name
        'P5,"Wool, Coat ""Classic""",Kōbō,coats,Navy,XL,P5-N-XL,1999.5,CNY,2,"wool|冬季"',
      ),
    );
    const r = cat.importFile(f);
    expect(r.problems).toEqual([
      { row: 4, field: 'price', reason: '"1.299" has more than 2 decimal places for CNY' },
      { row: 5, field: 'category', reason: '"Coats" must be a lower-case slug (a-z, 0-9, _ -), 1–64 characters' },
      { row: 6, field: 'currency', reason: '"XXX" is not an ISO 4217 currency' },
      { row: 6, field: 'stock', reason: '"-1" is not a whole number ≥ 0' },
      { row: 7, field: 'sku', reason: 'duplicate of row 2' },
      { row: 8, field: 'name', reason: 'differs from row 2 of product P1' },
    ]);
    expect(r).toMatchObject({ rowsRead: 8, rowsImported: 3, rowsRejected: 5, inserted: 2 });
    const p5 = cat.product('P5')!;
    expect(p5).toMatchObject({ name: 'Wool, Coat "Classic"', brand: 'Kōbō', tags: ['wool', '冬季'] });
    expect(p5.variants[0]).toMatchObject({ priceMinor: 199950, currency: 'CNY', stock: 2 });
    expect(cat.check()).toEqual(['ok']);
  });

  it('rejects a file it cannot read as a whole, with one line, and writes nothing', () => {
    expect(() => cat.importFile(write('x.csv', 'name,price\nA,1\n'))).toThrow(
      'CSV header lacks columns product_id, brand, category, colour, size, sku, currency, stock, tags',
    );
    expect(() => cat.importFile(write('y.csv', csv('P1,"open,1')))).toThrow(/CSV line 2: quoted field is not closed/);
    expect(() => cat.importFile(write('z.json', '{"format":'))).toThrow(/z\.json: not valid JSON/);
    expect(() => cat.importFile(path.join(dir, 'missing.csv'))).toThrow(/cannot read .*missing\.csv: ENOENT/);
    expect(cat.syncStatus().products).toBe(0);
  });

  it('merges by SKU: a later file never loses variants it does not mention', () => {
    cat.importFile(write('a.csv', csv('P1,Shirt,A,tops,Red,M,S1,10,CNY,1,', 'P1,Shirt,A,tops,Red,L,S2,10,CNY,1,')));
    const r = cat.importFile(write('b.csv', csv('P1,Shirt,A,tops,Red,L,S2,12,CNY,3,')));
    expect(r).toMatchObject({ updated: 1, rowsImported: 1 });
    expect(cat.product('P1')!.variants.map((v) => [v.sku, v.priceMinor, v.stock])).toEqual([
      ['S1', 1000, 1],
      ['S2', 1200, 3],
    ]);
    const again = cat.importFile(write('b.csv', csv('P1,Shirt,A,tops,Red,L,S2,12,CNY,3,')));
    expect(again).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('stores assets by sha256 and an export re-imports to the same catalog (CSV and JSON)', () => {
    fs.writeFileSync(path.join(dir, 'shirt.png'), fakePng(3));
    fs.writeFileSync(path.join(dir, 'shirt.glb'), Buffer.concat([Buffer.from('glTF'), Buffer.alloc(20, 1)]));
    const text =
      'product_id,name,brand,category,category_name,colour,size,sku,price,currency,stock,tags,asset_2d,anchors_2d,asset_3d,description\n' +
      `P1,衬衫 Shirt,青木,shirts,衬衫,白,M,S1,299,CNY,2,棉|new,shirt.png,"{""neck"":[0.5,0.08]}",shirt.glb,"line one\nline two"\n` +
      `P1,衬衫 Shirt,青木,shirts,衬衫,白,L,S2,299,CNY,0,棉|new,shirt.png,"{""neck"":[0.5,0.08]}",,\n` +
      `P2,Yen coat,Kōbō,coats,,Navy,L,S3,12000,JPY,1,,,,,\n`;
    const r = cat.importFile(write('in.csv', text));
    expect(r.problems).toEqual([]);
    expect(r.assetsStored).toBe(2);
    const v0 = cat.product('P1')!.variants[0]!;
    expect(v0.asset2d).toMatchObject({ kind: '2d', mime: 'image/png', anchors: { neck: [0.5, 0.08] } });
    expect(v0.asset3d).toMatchObject({ kind: '3d', mime: 'model/gltf-binary' });
    expect(fs.readFileSync(cat.assets.pathOf(v0.asset2d!.sha256))).toEqual(fakePng(3));
    expect(cat.product('P2')!.variants[0]!.priceMinor).toBe(12000);
    expect(cat.categories().find((c) => c.id === 'shirts')!.name).toBe('衬衫');
    expectExportsReimport(cat, dir);
  });

  it('reports a missing or wrong-kind asset on its row', () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const text =
      'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,asset_2d\n' +
      'P1,A,B,tops,Red,M,S1,1,CNY,1,,nope.png\nP2,A,B,tops,Red,M,S2,1,CNY,1,,notes.txt\nP3,A,B,tops,Red,M,S3,1,CNY,1,,\n';
    const r = cat.importFile(write('a.csv', text));
    expect(r.problems).toEqual([
      { row: 2, field: 'asset_2d', reason: 'nope.png: file not found' },
      { row: 3, field: 'asset_2d', reason: 'notes.txt: not a PNG, WebP or JPEG image (by its content)' },
    ]);
    expect(cat.product('P3')).not.toBeNull();
  });

  it('a full disk (database page cap) gives a clear error and leaves the catalog as it was', () => {
    cat.importFile(write('a.csv', csv('P1,Shirt,A,tops,Red,M,S1,10,CNY,1,')));
    const before = fingerprint(cat.db, cat.assets);
    cat.close();
    const pages = (() => {
      const c = Catalog.open(path.join(dir, 'data'));
      const n = c.db.pragma('page_count', { simple: true }) as number;
      c.close();
      return n;
    })();
    cat = Catalog.open(path.join(dir, 'data'), { maxPageCount: pages + 2 });
    const rows = Array.from({ length: 3000 }, (_, i) => `Q${i},Big product ${i} ${'x'.repeat(150)},A,tops,Red,M,Q${i}-1,10,CNY,1,tag${i}`);
    expect(() => cat.importFile(write('big.csv', csv(...rows)))).toThrow(
      'catalog unchanged: disk full: the catalog database could not grow (free some space and retry)',
    );
    expect(fingerprint(cat.db, cat.assets)).toBe(before);
    expect(cat.check()).toEqual(['ok']);
  });

  it('searches Chinese and English, long and short terms, with filters', () => {
    cat.importFile(
      write(
        's.csv',
        csv(
          'P1,亚麻衬衫 Linen Shirt,青木,shirts,White,M,S1,299,CNY,2,summer|棉',
          'P1,亚麻衬衫 Linen Shirt,青木,shirts,Navy,L,S2,299,CNY,0,summer|棉',
          'P2,碎花连衣裙 Floral Dress,Atelier,dresses,Red,S,S3,399,CNY,1,summer',
          'P3,羊毛大衣 Wool Coat,Kōbō,coats,Navy,L,S4,1299,CNY,4,winter',
        ),
      ),
    );
    const ids = (query: string, extra: object = {}) =>
      cat.search({ query, offset: 0, limit: 24, inStock: false, ...extra }).items.map((p) => p.id).sort();
    expect(ids('衬衫')).toEqual(['P1']); // 2 characters: LIKE fallback
    expect(ids('裙')).toEqual(['P2']); // 1 character
    expect(ids('连衣裙')).toEqual(['P2']); // trigram
    expect(ids('LINEN')).toEqual(['P1']);
    expect(ids('kobo')).toEqual(['P3']); // diacritics folded
    expect(ids('summer')).toEqual(['P1', 'P2']);
    expect(ids('summer 棉')).toEqual(['P1']);
    expect(ids('navy')).toEqual([]); // colour is a filter, not text
    expect(ids('summer', { colour: 'navy' })).toEqual(['P1']);
    expect(ids('summer', { colour: 'navy', inStock: true })).toEqual([]);
    expect(ids('summer', { size: 'M', inStock: true })).toEqual(['P1']);
    expect(ids('%')).toEqual([]);
    // Short (LIKE) terms together with a filter: the filter's parameters must not be bound to the LIKE clause.
    expect(ids('衬衫', { categoryId: 'shirts' })).toEqual(['P1']);
    expect(ids('裙', { categoryId: 'shirts' })).toEqual([]);
    expect(ids('summer 棉', { categoryId: 'shirts', colour: 'navy' })).toEqual(['P1']);
    expect(ids('连衣裙 裙', { categoryId: 'dresses' })).toEqual(['P2']);
    const page = cat.browse({ categoryId: 'shirts', offset: 0, limit: 24, inStock: false });
    expect(page).toMatchObject({ total: 1, items: [{ id: 'P1', priceMinMinor: 29900, colours: ['White', 'Navy'], sizes: ['M', 'L'], inStock: true }] });
    expect(cat.browse({ offset: 1, limit: 2, inStock: true })).toMatchObject({ total: 3, items: [{}, {}] });
    expect(cat.browse({ colour: 'NAVY', size: 'L', inStock: true, offset: 0, limit: 24 }).items.map((p) => p.id)).toEqual(['P3']);
  });
});
