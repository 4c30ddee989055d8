import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/catalog/assets';
import { Catalog } from '../../src/core/catalog/catalog';
import { FEED_FORMAT } from '../../src/shared/catalog';
import { fakePng } from '../fixtures/feed-server';
import { fingerprint, tempDir } from './helpers';

/**
 * Feeds that try to hurt the mirror (issue 15, points 5 and 10): pages and assets that never end and send no
 * Content-Length, HTML passed off as a garment picture, a redirect to a local file, a server that trickles bytes.
 * Each must fail fast with one line, download nothing twice that cannot succeed, and leave the catalog as it was.
 */
const MiB = 1024 * 1024;
const HTML = Buffer.from('<!doctype html><script>fetch("/admin")</script>');
const PNG = fakePng(7);

interface Hostile {
  url: string;
  hits: Map<string, number>;
  sentBytes: Map<string, number>;
  close(): Promise<void>;
}

function page(assets: Array<{ url: string; bytes: Buffer; mime: string }>): string {
  return JSON.stringify({
    format: FEED_FORMAT,
    full: true,
    categories: [{ id: 'tops', name: 'Tops' }],
    products: assets.map((a, i) => ({
      id: `P${i}`,
      name: `Shirt ${i}`,
      brand: 'Atelier',
      categoryId: 'tops',
      variants: [{ sku: `S${i}`, colour: 'Red', size: 'M', priceMinor: 100, currency: 'CNY', stock: 1, asset2d: { url: a.url, sha256: sha256Hex(a.bytes), mime: a.mime } }],
    })),
    deleted: [],
    next: null,
    cursor: null,
  });
}

/** Writes chunks without Content-Length until the client goes away; counts what it sent. */
function endless(res: http.ServerResponse, chunk: Buffer, sent: (n: number) => void, head = ''): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  if (head) res.write(head);
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) sent(chunk.length);
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

async function startHostile(): Promise<Hostile> {
  const hits = new Map<string, number>();
  const sentBytes = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    bump(hits, p, 1);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    switch (p) {
      case '/huge-page':
        return endless(res, chunk, (n) => bump(sentBytes, p, n), '{"format":"atelier-catalog/1","products":[');
      case '/huge-asset-feed':
        return void res.end(page([{ url: '/huge-asset', bytes: PNG, mime: 'image/png' }]));
      case '/huge-asset':
        return endless(res, chunk, (n) => bump(sentBytes, p, n), PNG.toString('latin1'));
      case '/html-feed':
        return void res.end(page([{ url: '/page.png', bytes: HTML, mime: 'image/png' }]));
      case '/page.png':
        return void res.writeHead(200, { 'content-type': 'image/png' }).end(HTML);
      case '/lying-mime-feed':
        return void res.end(page([{ url: '/real.png', bytes: PNG, mime: 'text/html' }]));
      case '/real.png':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(PNG);
      case '/file-redirect':
        return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      case '/slow': {
        // Headers at once, then one byte every 50 ms, forever: only a per-attempt deadline ends it.
        res.writeHead(200, { 'content-type': 'application/json' });
        const t = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(t));
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    sentBytes,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('hostile feeds', () => {
  let feed: Hostile;
  let cat: Catalog;
  let before: string;
  beforeEach(async () => {
    feed = await startHostile();
    cat = Catalog.open(path.join(tempDir(), 'data'));
    before = fingerprint(cat.db, cat.assets);
  });
  afterEach(async () => {
    cat.close();
    await feed.close();
  });
  const fast = { backoffMs: 5, maxBackoffMs: 10 };

  it('a page that never ends and sends no Content-Length is cut at the limit, once', async () => {
    await expect(cat.sync(`${feed.url}/huge-page`, { ...fast, maxPageBytes: 2 * MiB })).rejects.toThrow(/more than the 2097152-byte limit/);
    expect(feed.hits.get('/huge-page')).toBe(1);
    // What the server managed to push before the client hung up: the limit plus socket buffers, not the stream.
    expect(feed.sentBytes.get('/huge-page') ?? 0).toBeLessThan(16 * MiB);
    expect(fingerprint(cat.db, cat.assets)).toBe(before);
  });

  it('an asset that never ends is cut at the limit and downloaded once, not four times', async () => {
    await expect(cat.sync(`${feed.url}/huge-asset-feed`, { ...fast, maxAssetBytes: 1 * MiB })).rejects.toThrow(/more than the 1048576-byte limit/);
    expect(feed.hits.get('/huge-asset')).toBe(1);
    expect(feed.sentBytes.get('/huge-asset') ?? 0).toBeLessThan(16 * MiB);
    expect(fingerprint(cat.db, cat.assets)).toBe(before);
  });

  it('HTML declared as image/png is refused by its content; a PNG declared text/html is stored as image/png', async () => {
    await expect(cat.sync(`${feed.url}/html-feed`, fast)).rejects.toThrow(/page\.png.*not a PNG, WebP or JPEG image \(by its content\)/);
    expect(cat.assets.has(sha256Hex(HTML))).toBe(false);
    expect(fingerprint(cat.db, cat.assets)).toBe(before);
    await cat.sync(`${feed.url}/lying-mime-feed`, fast);
    expect(cat.asset(sha256Hex(PNG))).toMatchObject({ mime: 'image/png' });
  });

  it('a redirect to a file: URL is refused at once, not retried as a network error', async () => {
    await expect(cat.sync(`${feed.url}/file-redirect`, fast)).rejects.toThrow(/redirect.*file:\/\/\/etc\/passwd.*not http/);
    expect(feed.hits.get('/file-redirect')).toBe(1);
  });

  it('a feed that trickles gives up after retries × the per-attempt timeout', async () => {
    const t0 = performance.now();
    await expect(cat.sync(`${feed.url}/slow`, { ...fast, timeoutMs: 400, retries: 3 })).rejects.toThrow(/timed out after 400 ms; gave up after 4 attempts/);
    const ms = performance.now() - t0;
    expect(feed.hits.get('/slow')).toBe(4);
    expect(ms).toBeGreaterThanOrEqual(4 * 400);
    expect(ms).toBeLessThan(4 * 400 + 1500);
  });
});
