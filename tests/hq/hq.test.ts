import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/catalog/assets';
import { Catalog } from '../../src/core/catalog/catalog';
import { demoCatalogDocument } from '../../src/core/demo/seed';
import { TryOnAnalytics } from '../../src/core/admin/analytics';
import { createLogger } from '../../src/core/log';
import { enrollWithHq, HqLink } from '../../src/core/hq/link';
import { recordLookSaved } from '../../src/core/hq/outbox';
import { createEnrollmentCode, putStaff } from '../../src/hq/auth';
import { importCatalogFile } from '../../src/hq/catalog';
import { openHqDatabase, type HqPool } from '../../src/hq/db';
import { startHqServer, type HqServer } from '../../src/hq/server';
import { FEED_FORMAT } from '../../src/shared/catalog';
import { startPgCluster, type PgCluster } from './pg-cluster';

/**
 * `atelier hq` on a real PostgreSQL (a throw-away cluster on port 7562) with real mirror catalogs (SQLite, the
 * mirror's own sync and outbox) talking to it over HTTP on 127.0.0.1.
 */
const PG_PORT = Number(process.env.ATELIER_TEST_PG_PORT ?? 7562);
const log = createLogger('hq-test', 'silent');
let cluster: PgCluster;
let pool: HqPool;
let hq: HqServer;
let dbUrl: string;
const dirs: string[] = [];
const catalogs: Catalog[] = [];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hq-test-'));
  dirs.push(d);
  return d;
}

async function startHq(): Promise<void> {
  pool = await openHqDatabase(dbUrl);
  hq = await startHqServer({ pool, log, host: '127.0.0.1', port: 0 });
}
async function stopHq(): Promise<void> {
  await hq.close();
  await pool.end();
}

async function newMirror(store: string): Promise<Catalog> {
  const cat = Catalog.open(tempDir());
  catalogs.push(cat);
  const { code } = await createEnrollmentCode(pool, store, 'test');
  await enrollWithHq(cat, hq.url, code, `mirror of ${store}`);
  return cat;
}

function linkOf(cat: Catalog, opts: Partial<ConstructorParameters<typeof HqLink>[0]> = {}): HqLink {
  return new HqLink({
    catalog: cat,
    log,
    heartbeat: () => ({ version: 'test', uptimeS: 1, engineState: 'running', engineFps: 30, lastSyncAt: null, lastSyncError: null, diskFreeMB: 1000, problems: [] }),
    ...opts,
  });
}

async function staffToken(id: string): Promise<string> {
  const r = await fetch(new URL('api/login', hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, password: 'correct horse battery' }) });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

async function api(token: string, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const r = await fetch(new URL(pathname, hq.url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json().catch(() => null) };
}

function price(cat: Catalog, productId: string, sku: string): number | undefined {
  return cat.product(productId)?.variants.find((x) => x.sku === sku)?.priceMinor;
}

/** How many products the demo collection holds (HQ imports it whole). */
let demoProducts = 0;

beforeAll(async () => {
  cluster = await startPgCluster(PG_PORT);
  dbUrl = await cluster.createDatabase('hq_test');
  await startHq();
  await pool.query("INSERT INTO stores(id, name) VALUES ('sh-1', 'Shanghai 1'), ('bj-1', 'Beijing 1')");
  for (const [id, role] of [['ada', 'admin'], ['eve', 'editor'], ['ann', 'analyst']] as const) await putStaff(pool, id, role, 'correct horse battery');
  // The demo collection, garment files and all, imported with the mirror's own importer.
  const demo = path.resolve('assets/generated');
  const file = path.join(tempDir(), 'demo.json');
  const doc = demoCatalogDocument(demo) as { products: unknown[] };
  demoProducts = doc.products.length;
  fs.writeFileSync(file, JSON.stringify(doc));
  const r = await importCatalogFile(pool, file, { baseDir: demo });
  expect(r.report.problems).toEqual([]);
  expect(r.change?.changed).toBe(demoProducts);
}, 120_000);

afterAll(async () => {
  for (const c of catalogs) c.close();
  await hq?.close();
  await pool?.end();
  cluster?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the catalog feed per store', () => {
  it('mirrors sync the HQ catalog with their ordinary sync; a price change, a store override and a removal reach exactly the stores they concern', async () => {
    const a = await newMirror('sh-1');
    const b = await newMirror('bj-1');
    const la = linkOf(a);
    const lb = linkOf(b);
    const sync = (cat: Catalog, l: HqLink) => cat.sync(l.feedUrl(l.link!), { headers: { authorization: `Bearer ${l.link!.token}` } });

    const first = await sync(a, la);
    expect(first).toMatchObject({ notModified: false, itemsChanged: demoProducts });
    expect(first.assetsDownloaded).toBeGreaterThan(20);
    expect(a.syncStatus()).toMatchObject({ products: demoProducts, lastError: null });
    await sync(b, lb);
    // Polling with the ETag: 304, nothing downloaded.
    expect(await sync(a, la)).toMatchObject({ notModified: true });

    const sku = 'AT-TEE01-WHT-M';
    const before = price(a, 'tee-everyday', sku)!;
    const eve = await staffToken('eve');
    expect((await api(eve, 'PATCH', `api/variants/${sku}`, { priceMinor: before + 1000 })).status).toBe(200);
    expect(await sync(a, la)).toMatchObject({ notModified: false, itemsChanged: 1, pages: 1 });
    expect(await sync(b, lb)).toMatchObject({ itemsChanged: 1 });
    expect(price(a, 'tee-everyday', sku)).toBe(before + 1000);
    expect(price(b, 'tee-everyday', sku)).toBe(before + 1000);

    // A store's own price: only that store's feed changes (the other's ETag still answers 304).
    expect((await api(eve, 'PUT', `api/stores/sh-1/overrides/${sku}`, { priceMinor: 4900, stock: 2 })).status).toBe(200);
    expect(await sync(b, lb)).toMatchObject({ notModified: true });
    expect(await sync(a, la)).toMatchObject({ itemsChanged: 1 });
    expect(a.product('tee-everyday')!.variants.find((x) => x.sku === sku)).toMatchObject({ priceMinor: 4900, stock: 2 });
    expect(price(b, 'tee-everyday', sku)).toBe(before + 1000);
    // Cleared: back to the chain's price.
    await api(eve, 'PUT', `api/stores/sh-1/overrides/${sku}`, { priceMinor: null, stock: null });
    await sync(a, la);
    expect(price(a, 'tee-everyday', sku)).toBe(before + 1000);

    expect((await api(eve, 'DELETE', 'api/products/chino-slim')).status).toBe(200);
    await sync(a, la);
    expect(a.product('chino-slim')).toBeNull();
    expect(a.syncStatus().products).toBe(demoProducts - 1);
  }, 60_000);

  it('bad edits get one line and change nothing; the feed needs a live mirror token', async () => {
    const eve = await staffToken('eve');
    expect(await api(eve, 'PATCH', 'api/variants/AT-TEE01-WHT-M', { priceMinor: -5 })).toMatchObject({ status: 400, body: { error: 'priceMinor: must not be negative' } });
    expect(await api(eve, 'PATCH', 'api/variants/NOPE', { stock: 1 })).toMatchObject({ status: 404, body: { error: 'no SKU NOPE in the HQ catalog' } });
    const noToken = await fetch(new URL('feed', hq.url));
    expect(noToken.status).toBe(401);
    const forged = await fetch(new URL('feed', hq.url), { headers: { authorization: 'Bearer atm_0000000000000000000000000000' } });
    expect(((await forged.json()) as { error: string }).error).toBe('unknown mirror token');
  });
});

describe("a garment's back picture through HQ", () => {
  /** A garment picture of 60×90 px with transparency, its colour from `seed`. */
  const picture = (seed: number): Promise<Buffer> =>
    sharp({ create: { width: 60, height: 90, channels: 4, background: { r: (seed * 70) & 255, g: (seed * 40) & 255, b: 90, alpha: 0.8 } } })
      .png()
      .toBuffer();

  it('HQ imports the collection\'s backs and every store gets them; a corrupt replacement writes nothing; a replaced back reaches the store, its old file deleted only when nothing wears it', async () => {
    const m = await newMirror('bj-1');
    const l = linkOf(m);
    const sync = () => m.sync(l.feedUrl(l.link!), { headers: { authorization: `Bearer ${l.link!.token}` }, unreferencedGraceMs: 0 });
    await sync();
    // Every back the demo collection draws, on the store's mirror with its file.
    const demo = demoCatalogDocument(path.resolve('assets/generated')) as { products: Array<{ id: string; variants: Array<{ sku: string; asset2d: { back?: { sha256: string } } | null }> }> };
    const backs = demo.products.flatMap((p) => p.variants.filter((x) => x.asset2d?.back).map((x) => ({ id: p.id, sku: x.sku, back: x.asset2d!.back!.sha256 })));
    const onMirror = backs.filter((b) => m.product(b.id) !== null);
    expect(onMirror.length).toBeGreaterThan(20);
    for (const b of onMirror) {
      expect(m.product(b.id)!.variants.find((x) => x.sku === b.sku)!.asset2d!.back).toBe(b.back);
      expect(m.assets.has(b.back)).toBe(true);
    }

    const dir = tempDir();
    const files = { f1: await picture(1), f2: await picture(2), x: await picture(3), y: await picture(4), cut: (await picture(5)).subarray(0, 70) };
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.png`), data);
    const sha = (name: keyof typeof files) => sha256Hex(files[name]);
    const product = (id: string, front: keyof typeof files, back: keyof typeof files) => ({
      id,
      name: 'Back test tee',
      brand: 'Atelier',
      categoryId: 'tshirt',
      variants: [
        {
          sku: `${id}-M`,
          colour: 'Navy',
          size: 'M',
          priceMinor: 9900,
          currency: 'CNY',
          stock: 1,
          asset2d: { url: `${front}.png`, sha256: sha(front), back: { url: `${back}.png`, sha256: sha(back) } },
        },
      ],
    });
    const hqImport = async (...products: object[]) => {
      const file = path.join(dir, 'feed.json');
      fs.writeFileSync(file, JSON.stringify({ format: FEED_FORMAT, products }));
      const r = await importCatalogFile(pool, file, { baseDir: dir });
      // An import outside the server reaches its cached feed heads within their second (docs/hq.md).
      await new Promise((resolve) => setTimeout(resolve, 1100));
      return r;
    };
    const backOf = (id: string) => m.product(id)?.variants[0]?.asset2d?.back;

    expect((await hqImport(product('back-a', 'f1', 'x'), product('back-b', 'f2', 'x'))).change?.changed).toBe(2);
    expect(await sync()).toMatchObject({ itemsChanged: 2 });
    expect([backOf('back-a'), backOf('back-b')]).toEqual([sha('x'), sha('x')]);

    const refused = await hqImport(product('back-a', 'f1', 'cut'));
    expect(refused.change).toBeNull();
    expect(refused.report.problems).toEqual([{ row: 1, field: 'asset_2d_back', reason: "cut.png: the garment's back image cannot be decoded" }]);
    expect(await sync()).toMatchObject({ notModified: true });
    expect(backOf('back-a')).toBe(sha('x'));
    // Staff editing through the API: a back HQ does not hold, or not the front's size, is refused; nothing changes.
    const eve = await staffToken('eve');
    const edited = (back: string) => {
      const p = product('back-a', 'f1', 'x');
      return { ...p, variants: [{ ...p.variants[0]!, asset2d: { url: `assets/${sha('f1')}`, sha256: sha('f1'), back: { url: `assets/${back}`, sha256: back } } }] };
    };
    expect(await api(eve, 'PUT', 'api/products/back-a', edited(sha('cut')))).toMatchObject({
      status: 400,
      body: { error: `product back-a, back-a-M: the garment's pictures must be HQ's own (assets/<sha256> of an imported file): ${sha('cut').slice(0, 12)}… is not` },
    });
    const wrong = await api(eve, 'PUT', 'api/products/back-a', edited(onMirror[0]!.back));
    expect(wrong.status).toBe(400);
    expect((wrong.body as { error: string }).error).toMatch(/^product back-a, back-a-M: the garment's back image is \d+×\d+ px, its front 60×90 px: they must be the same size$/);
    expect(await sync()).toMatchObject({ notModified: true });

    // back-a's back replaced: back-b still wears x, so the store keeps its file.
    expect((await hqImport(product('back-a', 'f1', 'y'))).change?.changed).toBe(1);
    expect(await sync()).toMatchObject({ itemsChanged: 1 });
    expect([backOf('back-a'), backOf('back-b')]).toEqual([sha('y'), sha('x')]);
    expect(m.assets.has(sha('x'))).toBe(true);
    await hqImport(product('back-b', 'f2', 'y'));
    await sync();
    expect(backOf('back-b')).toBe(sha('y'));
    expect(m.assets.has(sha('x'))).toBe(false);
    expect(m.assets.has(sha('y'))).toBe(true);
    expect(m.assets.has(onMirror[0]!.back)).toBe(true);
  }, 60_000);
});

describe('enrollment, tokens and staff roles', () => {
  it('a code enrolls one mirror once; a revoked mirror can no longer sync or send', async () => {
    const { code } = await createEnrollmentCode(pool, 'sh-1', 'test');
    const m = Catalog.open(tempDir());
    catalogs.push(m);
    const link = await enrollWithHq(m, hq.url, code.toLowerCase(), 'fitting room');
    expect(link.storeId).toBe('sh-1');
    await expect(enrollWithHq(Catalog.open(tempDir()), hq.url, code, 'again')).rejects.toThrow('enrollment refused: this enrollment code was already used: ask HQ for a new one');
    const l = linkOf(m);
    await l.syncNow();
    expect(m.syncStatus().lastError).toBeNull();
    const ada = await staffToken('ada');
    expect((await api(ada, 'POST', `api/mirrors/${link.mirrorId}/revoke`, {})).status).toBe(200);
    await expect(m.sync(l.feedUrl(link), { headers: { authorization: `Bearer ${link.token}` }, full: true })).rejects.toThrow(/HTTP 401/);
  });

  it('each role does what it may and no more', async () => {
    const ann = await staffToken('ann');
    const eve = await staffToken('eve');
    expect((await api(ann, 'GET', 'api/figures')).status).toBe(200);
    expect((await api(ann, 'GET', 'api/fleet')).status).toBe(200);
    expect(await api(ann, 'PATCH', 'api/variants/AT-TEE01-WHT-M', { stock: 3 })).toMatchObject({ status: 403, body: { error: 'a analyst may not do this (needs catalog)' } });
    expect((await api(eve, 'POST', 'api/stores/sh-1/enrollment-codes', {})).status).toBe(403);
    expect((await api('ats_nope', 'GET', 'api/figures')).status).toBe(401);
    const wrong = await fetch(new URL('api/login', hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'ada', password: 'guess guess guess' }) });
    expect(wrong.status).toBe(401);
  });
});

describe('analytics: the mirror outbox and HQ ingest', () => {
  it('try-ons leave the outbox only once HQ has them; HQ down, a mirror restart and a batch sent twice lose or double nothing', async () => {
    const dir = tempDir();
    let cat = Catalog.open(dir);
    const { code } = await createEnrollmentCode(pool, 'bj-1', 'test');
    const link = await enrollWithHq(cat, hq.url, code, 'bj mirror');
    const record = (c: Catalog, n: number, startMs: number) => {
      const a = new TryOnAnalytics(c.db);
      for (let i = 0; i < n; i++) a.record({ sessionId: `visit-${startMs}-${i % 3}`, sku: 'AT-TEE01-WHT-M', startedAt: new Date(startMs + i * 1000).toISOString(), durationMs: 4000 });
    };
    const yesterday = Date.now() - 86_400_000;
    record(cat, 7, yesterday);
    record(cat, 5, Date.now() - 60_000);
    let l = linkOf(cat);
    expect(l.outbox.pending()).toBe(12);

    // HQ down: nothing leaves the outbox.
    await stopHq();
    expect(await l.sendNow()).toBe(false);
    expect(l.lastSendError).toMatch(/HQ unreachable/);
    expect(l.outbox.pending()).toBe(12);
    // The mirror restarts while HQ is down: the events are still on disk.
    cat.close();
    cat = Catalog.open(dir);
    catalogs.push(cat);
    l = linkOf(cat);
    expect(l.outbox.pending()).toBe(12);
    // HQ back on a new port: the link follows the enrollment's URL, so point it there.
    await startHq();
    (await import('../../src/core/hq/outbox')).writeLink(cat.db, { ...link, hqUrl: hq.url });
    // A batch whose answer was lost: HQ already has it when the mirror sends it again.
    const lost = l.outbox.peek(500).map((x) => x.event);
    const again = await fetch(new URL('api/v1/events', hq.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${link.token}` },
      body: JSON.stringify({ events: lost }),
    });
    expect(await again.json()).toEqual({ accepted: 12, duplicates: 0, rejected: [] });
    expect(await l.sendNow()).toBe(true);
    expect(l.outbox.pending()).toBe(0);

    const ann = await staffToken('ann');
    const f = (await api(ann, 'GET', 'api/figures?store=bj-1')).body as { tryOns: number; sessions: number; perStore: unknown[]; perProduct: Array<{ productId: string; tryOns: number }> };
    expect(f.tryOns).toBe(12);
    expect(f.sessions).toBe(6);
    expect(f.perProduct[0]).toMatchObject({ productId: 'tee-everyday', tryOns: 12 });
    // One partition per day.
    const parts = await pool.query<{ name: string }>("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1");
    const day = (ms: number) => `events_${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect(parts.rows.map((r) => r.name)).toEqual(expect.arrayContaining([day(yesterday), day(Date.now() - 60_000)]));
  }, 60_000);

  it('events dated impossibly are refused for good (and dropped by the mirror), the rest stored', async () => {
    const m = await newMirror('sh-1');
    const a = new TryOnAnalytics(m.db);
    a.record({ sessionId: 'visit-old-1', sku: 'AT-TEE01-WHT-M', startedAt: '2020-01-01T10:00:00.000Z', durationMs: 1000 });
    a.record({ sessionId: 'visit-now-1', sku: 'AT-TEE01-WHT-M', startedAt: new Date().toISOString(), durationMs: 1000 });
    const l = linkOf(m);
    expect(await l.sendNow()).toBe(true);
    expect(l.outbox.pending()).toBe(0);
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE session_id IN ('visit-old-1', 'visit-now-1')");
    expect(rows[0]!.n).toBe('1');
  });

  it('a saved look becomes one look_saved event per item: the visit converts, per store and overall', async () => {
    const m = await newMirror('sh-1');
    const visit = `look-visit-${Date.now()}`;
    new TryOnAnalytics(m.db).record({ sessionId: visit, sku: 'AT-TEE01-WHT-M', startedAt: new Date().toISOString(), durationMs: 5000 });
    recordLookSaved(m.db, { sessionId: visit, skus: ['AT-TEE01-WHT-M', 'AT-TEE01-WHT-L'], savedAt: new Date().toISOString() });
    const l = linkOf(m);
    expect(l.outbox.pending()).toBe(3);
    expect(await l.sendNow()).toBe(true);
    const ann = await staffToken('ann');
    const f = (await api(ann, 'GET', 'api/figures?store=sh-1')).body as { perStore: Array<{ storeId: string; looksSaved: number }>; conversionRate: number };
    expect(f.perStore[0]).toMatchObject({ storeId: 'sh-1', looksSaved: 2 });
    expect(f.conversionRate).toBeGreaterThan(0);
    // A mirror that is not enrolled keeps nothing for HQ.
    const lone = Catalog.open(tempDir());
    catalogs.push(lone);
    recordLookSaved(lone.db, { sessionId: visit, skus: ['AT-TEE01-WHT-M'], savedAt: new Date().toISOString() });
    expect(lone.db.prepare('SELECT count(*) AS n FROM hq_outbox').get()).toEqual({ n: 0 });
  });
});

describe('the fleet', () => {
  it('heartbeats show each mirror; one that never beat is silent', async () => {
    const m = await newMirror('bj-1');
    await linkOf(m).beatNow();
    const silent = await newMirror('bj-1');
    const ann = await staffToken('ann');
    const list = (await api(ann, 'GET', 'api/fleet?store=bj-1')).body as Array<{ id: string; silent: boolean; heartbeat: { engineFps: number } | null }>;
    const me = list.find((x) => x.id === linkOf(m).link!.mirrorId)!;
    expect(me).toMatchObject({ silent: false, heartbeat: { engineFps: 30 } });
    expect(list.find((x) => x.id === linkOf(silent).link!.mirrorId)).toMatchObject({ silent: true, heartbeat: null });
    // Silent ones are listed first.
    expect(list[0]!.silent).toBe(true);
  });

  it('settings pushed to a store reach each of its mirrors once, at their next heartbeat; other stores none', async () => {
    const ada = await staffToken('ada');
    expect(await api(ada, 'PUT', 'api/stores/bj-1/settings', { language: 'fr' })).toMatchObject({ status: 400 });
    expect(await api(ada, 'PUT', 'api/stores/bj-1/settings', { cameraDeviceId: 'x' })).toMatchObject({ status: 400 });
    expect((await api(ada, 'PUT', 'api/stores/bj-1/settings', { language: 'zh-CN', idleTimeoutS: 4 })).status).toBe(200);
    const applied: unknown[] = [];
    const bj = await newMirror('bj-1');
    const sh = await newMirror('sh-1');
    const lbj = linkOf(bj, { applySettings: (p) => applied.push(['bj', p]) });
    const lsh = linkOf(sh, { applySettings: (p) => applied.push(['sh', p]) });
    await lbj.beatNow();
    await lbj.beatNow();
    await lsh.beatNow();
    expect(applied).toEqual([['bj', { language: 'zh-CN', idleTimeoutS: 4 }]]);
    const eve = await staffToken('eve');
    expect((await api(eve, 'PUT', 'api/stores/bj-1/settings', { language: 'en' })).status).toBe(403);
  });
});
