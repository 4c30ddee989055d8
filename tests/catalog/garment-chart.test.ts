import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { MIGRATIONS } from '../../src/core/catalog/migrations';
import { FEED_FORMAT } from '../../src/shared/catalog';
import { startFeedServer } from '../fixtures/feed-server';
import { fingerprint, tempDir } from './helpers';

const HEADER = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,chest_cm,waist_cm,length_cm,sleeve_cm,tuck';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

/** A tee sold in two colours × three sizes, its chart on every row (both colours repeat their size's values). */
const TEE = csv(
  'T1,Tee,A,tshirt,White,S,T1-W-S,99,CNY,1,,96,90,68,19,out',
  'T1,Tee,A,tshirt,White,M,T1-W-M,99,CNY,1,,102,96,70,19.5,out',
  'T1,Tee,A,tshirt,White,L,T1-W-L,99,CNY,1,,108,102,72,20,out',
  'T1,Tee,A,tshirt,Navy,S,T1-N-S,99,CNY,1,,96,90,68,19,',
  'T1,Tee,A,tshirt,Navy,M,T1-N-M,99,CNY,1,,,,,,',
  'T1,Tee,A,tshirt,Navy,L,T1-N-L,99,CNY,1,,108,,,,',
);

describe('garment size charts in the catalog', () => {
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

  it('imports the chart columns per size, and CSV and JSON exports re-import to the same catalog', () => {
    const r = cat.importFile(write('tee.csv', TEE));
    expect(r.problems).toEqual([]);
    const p = cat.product('T1')!;
    expect(p.garmentChart).toEqual({
      S: { chest: 96, waist: 90, length: 68, sleeve: 19 },
      M: { chest: 102, waist: 96, length: 70, sleeve: 19.5 },
      L: { chest: 108, waist: 102, length: 72, sleeve: 20 },
    });
    expect(Object.keys(p.garmentChart)).toEqual(['S', 'M', 'L']);
    expect(p.tuck).toBe('out');
    const before = fingerprint(cat.db, cat.assets);
    expect(before).toContain('"garmentChart"');

    const exported = cat.exportCsv();
    // Every variant row carries its size's measurements, so a spreadsheet can be sorted or filtered freely.
    expect(exported.split('\r\n')[4]).toMatch(/T1-N-S.*,96,90,,68,19,,,out$/);
    for (const [format, data] of [
      ['csv', exported],
      ['json', cat.exportJson()],
    ] as const) {
      const other = Catalog.open(path.join(dir, `re-${format}`));
      try {
        expect(other.importFile(write(`out.${format}`, data)).problems).toEqual([]);
        expect(fingerprint(other.db, other.assets)).toBe(before);
        // …and once more: the re-exported file is the same file.
        const again = format === 'csv' ? other.exportCsv() : other.exportJson();
        expect(again).toBe(data);
      } finally {
        other.close();
      }
    }
  });

  it('a bad measurement gets a one-line reason on its row and nothing of that row is stored', () => {
    const r = cat.importFile(
      write(
        'bad.csv',
        csv(
          'T1,Tee,A,tshirt,White,S,T1-W-S,99,CNY,1,,96,,,,',
          'T1,Tee,A,tshirt,White,M,T1-W-M,99,CNY,1,,-102,,,,',
          'T1,Tee,A,tshirt,White,L,T1-W-L,99,CNY,1,,abc,,,,',
          'T1,Tee,A,tshirt,White,XL,T1-W-XL,99,CNY,1,,0,,,,',
          'T1,Tee,A,tshirt,Navy,S,T1-N-S,99,CNY,1,,98,,,,',
          'T2,Top,A,tshirt,Red,M,T2-R-M,99,CNY,1,,,,,,sideways',
        ),
      ),
    );
    expect(r.problems).toEqual([
      { row: 3, field: 'chest_cm', reason: '-102 cm must be positive (at least 1 cm)' },
      { row: 4, field: 'chest_cm', reason: '"abc" is not a number of centimetres' },
      { row: 5, field: 'chest_cm', reason: '0 cm must be positive (at least 1 cm)' },
      { row: 6, field: 'chest_cm', reason: '98 differs from 96 cm on row 2 (size S of product T1)' },
      { row: 7, field: 'tuck', reason: '"sideways" must be "in" or "out"' },
    ]);
    const p = cat.product('T1')!;
    expect(p.variants.map((x) => x.sku)).toEqual(['T1-W-S']);
    expect(p.garmentChart).toEqual({ S: { chest: 96 } });
    expect(cat.product('T2')).toBeNull();
  });

  it('a later import changes only the sizes it gives; an exported chart is never lost by a file without one', () => {
    cat.importFile(write('tee.csv', TEE));
    cat.importFile(write('m.csv', csv('T1,Tee,A,tshirt,White,M,T1-W-M,99,CNY,1,,104,,,,')));
    const chart = cat.product('T1')!.garmentChart;
    expect(chart.M).toEqual({ chest: 104 });
    expect(chart.S).toEqual({ chest: 96, waist: 90, length: 68, sleeve: 19 });
    const plain = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags\nT1,Tee,A,tshirt,White,L,T1-W-L,109,CNY,1,\n';
    cat.importFile(write('plain.csv', plain));
    expect(cat.product('T1')!.garmentChart.L).toEqual({ chest: 108, waist: 102, length: 72, sleeve: 20 });
    expect(cat.product('T1')!.tuck).toBe('out');
  });

  it('a feed document with a chart for a size the product lacks, or a negative value, is rejected whole', () => {
    const product = (id: string, garmentChart: unknown) => ({
      id,
      name: 'Jeans',
      brand: 'R',
      categoryId: 'trousers',
      variants: [{ sku: `${id}-M`, colour: 'Blue', size: 'M', priceMinor: 100, currency: 'CNY', stock: 1 }],
      garmentChart,
      tuck: null,
    });
    const doc = {
      format: FEED_FORMAT,
      products: [
        product('J1', { M: { waist: 80, inseam: 81, legOpening: 40 } }),
        product('J2', { XXL: { waist: 100 } }),
        product('J3', { M: { waist: -80 } }),
      ],
    };
    const r = cat.importFile(write('doc.json', JSON.stringify(doc)));
    expect(r.problems).toEqual([
      { row: 2, field: 'garmentChart', reason: 'the size chart lists size "XXL", which no variant of the product has' },
      { row: 3, field: 'garmentChart', reason: 'size M waist: -80 cm must be positive (at least 1 cm)' },
    ]);
    expect(cat.product('J1')!.garmentChart).toEqual({ M: { waist: 80, inseam: 81, legOpening: 40 } });
    expect(cat.product('J2')).toBeNull();
    expect(cat.product('J3')).toBeNull();
  });

  it('a feed sync carries the chart and tuck; a feed product with a bad chart fails the sync and changes nothing', async () => {
    const feed = await startFeedServer({ pageSize: 5 });
    try {
      const skirt = (size: string) => ({ sku: `K-${size}`, colour: 'Red', size, priceMinor: 100, currency: 'CNY', stock: 1 });
      feed.upsert({ id: 'K', name: 'Skirt', brand: 'M', categoryId: 'skirt', variants: [skirt('S'), skirt('M')], garmentChart: { S: { waist: 68, hip: 92, length: 48 }, M: { waist: 74, hip: 98, length: 49 } } });
      feed.upsert({ id: 'S', name: 'Shirt', brand: 'M', categoryId: 'shirt', variants: [{ ...skirt('M'), sku: 'S-M' }], tuck: 'out' });
      await cat.sync(feed.feedUrl, { backoffMs: 5, maxBackoffMs: 20 });
      expect(cat.product('K')!.garmentChart).toEqual({ S: { waist: 68, hip: 92, length: 48 }, M: { waist: 74, hip: 98, length: 49 } });
      expect(cat.product('S')).toMatchObject({ garmentChart: {}, tuck: 'out' });
      const before = fingerprint(cat.db, cat.assets);

      feed.upsert({ id: 'K', name: 'Skirt', brand: 'M', categoryId: 'skirt', variants: [skirt('S'), skirt('M')], garmentChart: { S: { waist: 0 } } });
      await expect(cat.sync(feed.feedUrl, { backoffMs: 5, maxBackoffMs: 20, retries: 0 })).rejects.toThrow(/garmentChart.*size S waist: 0 cm must be positive/);
      expect(fingerprint(cat.db, cat.assets)).toBe(before);
    } finally {
      await feed.close();
    }
  });

  it('a catalog written before charts existed opens, migrates, and its products read with an empty chart', () => {
    cat.close();
    const file = path.join(dir, 'old', 'catalog.db');
    fs.mkdirSync(path.dirname(file));
    const old = new Database(file);
    old.exec(MIGRATIONS[0] as string);
    old.exec(MIGRATIONS[1] as string);
    old.pragma('user_version = 2');
    old.exec(`INSERT INTO categories(id, name) VALUES ('tops', 'Tops');
      INSERT INTO products(id, name, brand, category_id, updated_at) VALUES ('P1', 'Shirt', 'A', 'tops', '2025-01-01T00:00:00Z');
      INSERT INTO variants(sku, product_pk, position, colour, size, price_minor, currency, stock) VALUES ('S1', 1, 0, 'Red', 'M', 100, 'CNY', 1);`);
    old.close();
    cat = Catalog.open(path.join(dir, 'old'));
    expect(cat.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(cat.product('P1')).toMatchObject({ garmentChart: {}, tuck: null });
    expect(cat.check()).toEqual(['ok']);
  });
});
