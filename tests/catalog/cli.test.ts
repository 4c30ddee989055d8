import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeProducts, startFeedServer } from '../fixtures/feed-server';
import { tempDir } from './helpers';
import { runAtelier as atelier } from '../support/run-atelier';


describe('atelier catalog', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sync fills the catalog from the feed server; search, browse, status, check, export and import work', async () => {
    const feed = await startFeedServer({ pageSize: 4 });
    const data = tempDir();
    try {
      for (const p of makeProducts(10)) feed.upsert(p);
      const sync = await atelier('--data-dir', data, 'catalog', 'sync', feed.feedUrl);
      expect(sync).toMatchObject({ code: 0, err: '' });
      expect(sync.out).toMatch(/^synced 3 pages: 10 products changed, 0 assets downloaded; 10 products, 40 variants/);
      expect((await atelier('--data-dir', data, 'catalog', 'sync')).out).toMatch(/^not modified/);

      const search = await atelier('--data-dir', data, 'catalog', 'search', '连衣裙', '--json');
      expect(JSON.parse(search.out)).toMatchObject({ total: 2, items: [{ name: expect.stringContaining('连衣裙') }, {}] });
      const browse = await atelier('--data-dir', data, 'catalog', 'browse', '--category', 'tops', '--limit', '2');
      expect(browse.out).toMatch(/^3 products \(showing 1–2\)\n {2}P00000 {2}Shirt 衬衫 0 · 青木 · CNY 199\.00 · M\/L · Red\/Blue/);
      expect((await atelier('--data-dir', data, 'catalog', 'status')).out).toMatch(/last error: {4}-\n/);
      expect(await atelier('--data-dir', data, 'catalog', 'check')).toMatchObject({ code: 0, out: 'ok\n' });

      const file = path.join(data, 'export.csv');
      expect(await atelier('--data-dir', data, 'catalog', 'export', '--format', 'csv', '-o', file)).toMatchObject({ code: 0 });
      const other = tempDir();
      const imp = await atelier('--data-dir', other, 'catalog', 'import', file);
      expect(imp).toMatchObject({ code: 0 });
      expect(imp.out).toMatch(/^40 of 40 rows imported, 0 rejected; products: 10 new/);
      const a = await atelier('--data-dir', data, 'catalog', 'export', '--format', 'json');
      const b = await atelier('--data-dir', other, 'catalog', 'export', '--format', 'json');
      const strip = (s: string) => JSON.stringify(JSON.parse(s).products.map((p: { updatedAt: string }) => ({ ...p, updatedAt: '' })));
      expect(strip(b.out)).toBe(strip(a.out));
    } finally {
      await feed.close();
    }
  });

  it('bad input gets one clear line and a non-zero exit', async () => {
    const data = tempDir();
    expect(await atelier('--data-dir', data, 'catalog', 'sync')).toMatchObject({ code: 1, err: 'atelier: no feed URL: run "atelier catalog sync <url>" once\n' });
    expect(await atelier('--data-dir', data, 'catalog', 'sync', 'ftp://x/feed')).toMatchObject({ code: 1, err: 'atelier: feed URL must be http(s): ftp://x/feed\n' });
    expect(await atelier('--data-dir', data, 'catalog', 'export', '--format', 'xml')).toMatchObject({ code: 2, err: 'atelier: --format must be csv or json, got "xml"\n' });
    expect((await atelier('--data-dir', data, 'catalog', 'bench', '--variants', 'lots')).err).toBe('atelier: --variants must be a whole number, got "lots"\n');
    const bad = path.join(data, 'bad.csv');
    fs.writeFileSync(bad, 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags\nP1,A,B,tops,Red,M,S1,abc,CNY,1,\n');
    const r = await atelier('--data-dir', data, 'catalog', 'import', bad);
    expect(r).toMatchObject({ code: 1 });
    expect(r.out).toBe('0 of 1 rows imported, 1 rejected; products: 0 new, 0 changed, 0 unchanged, 0 removed; 0 assets stored\n  row 2, price: "abc" is not a price: write digits with a dot for decimals, e.g. 299.00\n');
  });
});
