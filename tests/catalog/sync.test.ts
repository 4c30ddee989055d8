import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { fakePng, makeProducts, startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { fingerprint, tempDir } from './helpers';

const fast = { backoffMs: 5, maxBackoffMs: 20 };

describe('catalog sync from the reference feed', () => {
  let feed: FeedServer;
  let cat: Catalog;
  let shas: string[];
  beforeEach(async () => {
    feed = await startFeedServer({ pageSize: 7 });
    shas = [feed.addAsset(fakePng(1), 'image/png'), feed.addAsset(fakePng(2), 'image/png')];
    for (const p of makeProducts(30, 0, shas)) feed.upsert(p);
    feed.categories = [{ id: 'tops', name: '上衣 Tops' }];
    cat = Catalog.open(tempDir());
  });
  afterEach(async () => {
    cat.close();
    await feed.close();
  });

  it('fills the catalog over several pages, with assets checked and stored', async () => {
    const r = await cat.sync(feed.feedUrl, fast);
    expect(r).toEqual({ notModified: false, itemsChanged: 30, pages: 5, assetsDownloaded: 2 });
    const s = cat.syncStatus();
    expect(s.products).toBe(30);
    expect(s.variants).toBe(120);
    expect(s.lastError).toBeNull();
    expect(s.lastSuccessAt).not.toBeNull();
    expect(cat.assets.has(shas[0]!)).toBe(true);
    const p = cat.product('P00003')!;
    expect(p.variants[0]!.asset2d).toMatchObject({ sha256: shas[1], kind: '2d', mime: 'image/png', anchors: { neck: [0.5, 0.1] } });
    expect(cat.categories().find((c) => c.id === 'tops')).toMatchObject({ name: '上衣 Tops' });
    expect(cat.check()).toEqual(['ok']);
  });

  it('sends If-None-Match and gets 304 when nothing changed; then fetches only what changed', async () => {
    await cat.sync(feed.feedUrl, fast);
    feed.requests.length = 0;
    expect(await cat.sync(feed.feedUrl, fast)).toMatchObject({ notModified: true, itemsChanged: 0 });
    expect(feed.requests).toHaveLength(1);
    const changed = makeProducts(30, 1)[4]!;
    feed.upsert(changed);
    feed.remove('P00007');
    feed.requests.length = 0;
    const r = await cat.sync(feed.feedUrl, fast);
    expect(r).toMatchObject({ notModified: false, itemsChanged: 2, pages: 1 });
    expect(feed.requests[0]).toMatch(/updated_since=/);
    expect(cat.product('P00007')).toBeNull();
    expect(cat.product('P00004')!.variants[0]!.priceMinor).toBe(changed.variants[0]!.priceMinor);
    expect(cat.product('P00004')!.variants[0]!.asset2d).toBeNull();
    expect(cat.syncStatus().products).toBe(29);
  });

  it('retries 503s with backoff and succeeds', async () => {
    feed.faults.failFirst = 2;
    const r = await cat.sync(feed.feedUrl, fast);
    expect(r.itemsChanged).toBe(30);
    expect(feed.requests.length).toBeGreaterThan(5 + 2);
  });

  for (const [name, fault, pattern] of [
    ['a truncated page', { truncatePage: 3 }, /feed page 3 .*truncated or corrupt JSON.*gave up after 3 attempts/],
    ['a dropped connection', { dropPage: 2 }, /feed page 2 .*(cut off|connection lost|terminated).*gave up/],
    ['a page that is not a catalog page', { invalidPage: 2 }, /feed page 2 .*not a catalog page: products/],
  ] as const) {
    it(`rejects ${name} with a clear error and keeps the previous catalog`, async () => {
      await cat.sync(feed.feedUrl, fast);
      const before = fingerprint(cat.db, cat.assets);
      for (const p of makeProducts(30, 5)) feed.upsert(p);
      feed.faults = { ...fault };
      await expect(cat.sync(feed.feedUrl, { ...fast, retries: 2 })).rejects.toThrow(pattern);
      expect(fingerprint(cat.db, cat.assets)).toBe(before);
      expect(cat.syncStatus().lastError).toMatch(pattern);
      expect(cat.check()).toEqual(['ok']);
      // And the next good sync still gets everything.
      feed.faults = {};
      expect((await cat.sync(feed.feedUrl, fast)).itemsChanged).toBe(30);
      expect(cat.syncStatus().lastError).toBeNull();
    });
  }

  it('rejects an asset whose bytes do not match the sha256 in the feed', async () => {
    feed.faults.corruptAssets = new Set([shas[1]!]);
    await expect(cat.sync(feed.feedUrl, { ...fast, retries: 1 })).rejects.toThrow(/asset .*\/assets\/[0-9a-f]+ .*sha256 mismatch/);
    expect(cat.syncStatus().products).toBe(0);
    expect(cat.assets.has(shas[1]!)).toBe(false);
  });

  it('rejects a product with bad fields, naming page, product and field', async () => {
    const bad = makeProducts(1)[0]!;
    bad.id = 'BAD1';
    bad.variants[0]!.priceMinor = -5;
    feed.upsert(bad);
    await expect(cat.sync(feed.feedUrl, fast)).rejects.toThrow(/product \d+ \(BAD1\): variants\.0\.priceMinor: must not be negative/);
    expect(cat.syncStatus().products).toBe(0);
  });

  it('reports an unreachable feed after retrying', async () => {
    await feed.close();
    await expect(cat.sync(feed.feedUrl, { ...fast, retries: 1 })).rejects.toThrow(/feed page 1 .*ECONNREFUSED.*gave up after 2 attempts/);
    feed = await startFeedServer();
  });
});

describe('catalog sync when the disk is full', () => {
  it('an asset write failing with ENOSPC gives a clear error and leaves the catalog and cache as they were', async () => {
    const feed = await startFeedServer({ pageSize: 10 });
    const dir = tempDir();
    try {
      const a = feed.addAsset(fakePng(11), 'image/png');
      for (const p of makeProducts(5, 0, [a])) feed.upsert(p);
      const first = Catalog.open(dir);
      await first.sync(feed.feedUrl, fast);
      const before = fingerprint(first.db, first.assets);
      first.close();

      const b = feed.addAsset(fakePng(12), 'image/png');
      for (const p of makeProducts(8, 1, [a, b])) feed.upsert(p);
      const full = Catalog.open(dir, {
        assetIo: {
          write: () => {
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          },
        },
      });
      try {
        await expect(full.sync(feed.feedUrl, fast)).rejects.toThrow(/asset .*: disk full writing the asset cache \(ENOSPC\); free some space and retry/);
        expect(fingerprint(full.db, full.assets)).toBe(before);
        expect(full.assets.has(b)).toBe(false);
        expect(full.syncStatus().lastError).toMatch(/ENOSPC/);
        expect(full.check()).toEqual(['ok']);
      } finally {
        full.close();
      }
    } finally {
      await feed.close();
    }
  });
});
