import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { expect, test } from './support/test';
import { decodeWire, encodeWire } from '../src/shared/wire';
import { startPgCluster, type PgCluster } from '../tests/hq/pg-cluster';
import { E2E_PORT, SCREENSHOTS } from './support/env';

/** The demo collection as `atelier demo build` wrote it: HQ imports it whole. */
const DEMO_PRODUCTS = (JSON.parse(fs.readFileSync(path.resolve('assets/generated/demo-catalog.json'), 'utf8')) as { products: unknown[] }).products.length;

/**
 * Issue 17: a chain of three mirrors (web shells with their own data directories, two in one store, one in
 * another) run from one `atelier hq` on a real PostgreSQL. A price changed at HQ reaches all three; try-ons on the
 * mirrors appear in HQ's figures; HQ is SIGKILLed and restarted while the mirrors send, and one mirror is offline
 * meanwhile: every try-on is counted exactly once.
 */
const PG_PORT = E2E_PORT + 3;
const HQ_PORT = E2E_PORT + 4;
const MIRROR_PORTS = [E2E_PORT + 5, E2E_PORT + 6, E2E_PORT + 7];
const HQ_URL = `http://127.0.0.1:${HQ_PORT}/`;
const STAFF_PASSWORD = 'chain e2e password';
const exec = promisify(execFile);

let cluster: PgCluster;
let dbUrl: string;
let hq: ChildProcess | null = null;
const mirrors: Array<{ port: number; dir: string; store: string; proc: ChildProcess | null }> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function atelier(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await exec(process.execPath, ['bin/atelier.mjs', ...args], { env: { ...process.env, ATELIER_HQ_DATABASE_URL: dbUrl, ...env } });
  return stdout;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const r = await probe();
      if (r) return r;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await sleep(250);
  }
}

function startHq(): ChildProcess {
  const p = spawn(process.execPath, ['bin/atelier.mjs', 'hq', '--database-url', dbUrl, '--listen-port', String(HQ_PORT), '--silent-after', '5'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  p.stderr!.on('data', () => {});
  return p;
}

function startMirror(m: (typeof mirrors)[number]): void {
  m.proc = spawn(process.execPath, ['bin/atelier.mjs', '--data-dir', m.dir, '--port', String(m.port), 'serve'], { stdio: ['ignore', 'ignore', 'pipe'] });
  m.proc.stderr!.on('data', () => {});
}

async function kill(p: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill(signal);
  await gone;
}

/** The mirror's own bridge, as its kiosk screen uses it (loopback, the mirror's Origin). */
async function bridge(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, { headers: { Origin: `http://127.0.0.1:${port}` } });
  const pending = new Map<number, (r: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
  let nextId = 1;
  ws.on('message', (data, isBinary) => {
    const m = decodeWire(isBinary ? (data as Buffer) : (data as Buffer).toString('utf8')) as { t: string; id: number; result: never };
    if (m.t === 'result') pending.get(m.id)?.(m.result);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    async invoke<T>(channel: string, request: unknown): Promise<T> {
      const id = nextId++;
      const r = await new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve) => {
        pending.set(id, resolve);
        ws.send(encodeWire({ t: 'invoke', id, channel, request }));
      });
      if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
      return r.value as T;
    },
    close: () => ws.close(),
  };
}

async function hqApi<T>(token: string, method: string, pathname: string, body?: unknown): Promise<T> {
  const r = await fetch(new URL(pathname, HQ_URL), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${pathname}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

async function login(): Promise<string> {
  const r = await fetch(new URL('api/login', HQ_URL), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'olivia', password: STAFF_PASSWORD }) });
  return ((await r.json()) as { token: string }).token;
}

/** Records `n` try-ons on a mirror, as its session does when a garment comes off; returns how many it took. */
async function tryOns(port: number, n: number, gapMs = 0): Promise<number> {
  const b = await bridge(port);
  let ok = 0;
  const visit = `visit-${port}-${Date.now()}`;
  try {
    for (let i = 0; i < n; i++) {
      // Two garments per visit, as a shopper tries a couple of things.
      await b.invoke('admin.recordTryOn', { sessionId: `${visit}-${Math.floor(i / 2)}`, sku: 'AT-TEE01-WHT-M', startedAt: new Date().toISOString(), durationMs: 3000 + i });
      ok++;
      if (gapMs) await sleep(gapMs);
    }
  } finally {
    b.close();
  }
  return ok;
}

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startPgCluster(PG_PORT);
  dbUrl = await cluster.createDatabase('hq_e2e');
  await atelier(['hq', 'migrate']);
  await atelier(['hq', 'add-store', 'sh-nanjing-rd', 'Shanghai Nanjing Road']);
  await atelier(['hq', 'add-store', 'bj-sanlitun', 'Beijing Sanlitun']);
  await atelier(['hq', 'add-staff', 'olivia', '--role', 'admin'], { ATELIER_HQ_PASSWORD: STAFF_PASSWORD });
  expect(await atelier(['hq', 'import-demo'])).toMatch(new RegExp(`^HQ catalog: ${DEMO_PRODUCTS} demo products changed`));
  hq = startHq();
  await waitFor('HQ', async () => (await fetch(new URL('healthz', HQ_URL))).ok);
  const stores = ['sh-nanjing-rd', 'sh-nanjing-rd', 'bj-sanlitun'];
  for (const [i, port] of MIRROR_PORTS.entries()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `atelier-chain-m${i + 1}-`));
    // No pose engine (nobody stands in front of these mirrors); short intervals so the test sees each step.
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ engine: 'browser', engineStandby: false, hq: { syncIntervalS: 2, heartbeatIntervalS: 1, sendIntervalS: 0.5 } }));
    const code = (await atelier(['hq', 'enroll-code', stores[i]!])).split(' ')[0]!;
    expect(await atelier(['--data-dir', dir, 'enroll', HQ_URL, code, '--name', `Mirror ${i + 1}`])).toMatch(/^enrolled: mirror [0-9a-f-]{36} of store /);
    const m = { port, dir, store: stores[i]!, proc: null };
    mirrors.push(m);
    startMirror(m);
  }
  for (const m of mirrors) {
    await waitFor(`mirror ${m.port} synced from HQ`, async () => {
      const h = (await (await fetch(`http://127.0.0.1:${m.port}/healthz`)).json()) as { catalog: { lastSyncAt: string | null; products: number } };
      return h.catalog.lastSyncAt !== null && h.catalog.products === DEMO_PRODUCTS;
    }, 90_000);
  }
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  for (const m of mirrors) await kill(m.proc, 'SIGTERM');
  await kill(hq, 'SIGTERM');
  cluster?.stop();
  for (const m of mirrors) fs.rmSync(m.dir, { recursive: true, force: true });
});

test('a price changed at HQ shows on all three mirrors; a store price only in its store', async () => {
  const token = await login();
  const sku = 'AT-TEE01-WHT-M';
  const price = async (port: number) => {
    const b = await bridge(port);
    try {
      const p = await b.invoke<{ variants: Array<{ sku: string; priceMinor: number }> }>('catalog.product', { id: 'tee-everyday' });
      return p.variants.find((x) => x.sku === sku)!.priceMinor;
    } finally {
      b.close();
    }
  };
  const before = await price(mirrors[0]!.port);
  await hqApi(token, 'PATCH', `api/variants/${sku}`, { priceMinor: before + 2000 });
  for (const m of mirrors) await waitFor(`new price on mirror ${m.port}`, async () => (await price(m.port)) === before + 2000);
  await hqApi(token, 'PUT', `api/stores/bj-sanlitun/overrides/${sku}`, { priceMinor: 9900 });
  await waitFor('store price on the Beijing mirror', async () => (await price(mirrors[2]!.port)) === 9900);
  expect(await price(mirrors[0]!.port)).toBe(before + 2000);
  expect(await price(mirrors[1]!.port)).toBe(before + 2000);
});

test('try-ons reach HQ exactly once across an HQ SIGKILL mid-ingest and a mirror offline', async () => {
  const token = await login();
  const figures = () => hqApi<{ tryOns: number; perStore: Array<{ storeId: string; tryOns: number }> }>(token, 'GET', 'api/figures');
  const base = (await figures()).tryOns;
  let recorded = 0;
  for (const m of mirrors) recorded += await tryOns(m.port, 6);
  await waitFor('the first try-ons in HQ', async () => (await figures()).tryOns === base + recorded);

  // HQ killed while all three mirrors are recording and sending.
  const sending = mirrors.map((m) => tryOns(m.port, 8, 150));
  await sleep(500);
  await kill(hq, 'SIGKILL');
  recorded += (await Promise.all(sending)).reduce((a, b) => a + b, 0);
  // Mirror 3 goes offline (power cut) with what it recorded while HQ was down still in its outbox.
  const m3 = mirrors[2]!;
  await kill(m3.proc, 'SIGKILL');
  hq = startHq();
  await waitFor('HQ back', async () => (await fetch(new URL('healthz', HQ_URL))).ok);
  const fleet = () => hqApi<Array<{ name: string; silent: boolean }>>(token, 'GET', 'api/fleet');
  // Right after HQ's restart every mirror's last beat is old; the two running ones beat again within a second.
  await waitFor('mirror 3, and only mirror 3, listed as silent', async () => (await fleet()).filter((x) => x.silent).map((x) => x.name).join() === 'Mirror 3', 20_000);
  recorded += await tryOns(mirrors[0]!.port, 3);
  recorded += await tryOns(mirrors[1]!.port, 3);
  await sleep(2000);
  startMirror(m3);
  await waitFor('every try-on in HQ', async () => (await figures()).tryOns >= base + recorded, 60_000);
  await waitFor('mirror 3 back online', async () => (await fleet()).every((x) => !x.silent), 20_000);
  // Given time for any late duplicate, the count stays exact.
  await sleep(3000);
  const f = await figures();
  expect(f.tryOns).toBe(base + recorded);
  const sh = f.perStore.find((s) => s.storeId === 'sh-nanjing-rd')!.tryOns;
  const bj = f.perStore.find((s) => s.storeId === 'bj-sanlitun')!.tryOns;
  expect(sh + bj).toBe(base + recorded);
  console.info(`[figures] chain e2e: ${recorded} try-ons recorded on 3 mirrors across an HQ SIGKILL and a mirror power cut; HQ counts ${f.tryOns - base} (${sh} Shanghai, ${bj} Beijing)`);
});

test('a look saved on a mirror converts its visit in HQ\'s figures', async () => {
  const token = await login();
  const b = await bridge(mirrors[1]!.port);
  try {
    await b.invoke('admin.recordLookSaved', { sessionId: `visit-look-${Date.now()}`, skus: ['AT-TEE01-WHT-M', 'AT-TEE01-NVY-M'], savedAt: new Date().toISOString() });
  } finally {
    b.close();
  }
  const f = await waitFor('the saved look in HQ', async () => {
    const x = await hqApi<{ conversionRate: number; perStore: Array<{ storeId: string; looksSaved: number }> }>(token, 'GET', 'api/figures');
    return x.perStore.find((s) => s.storeId === 'sh-nanjing-rd')?.looksSaved === 2 ? x : null;
  });
  expect(f.conversionRate).toBeGreaterThan(0);
});

test('settings pushed to a store are applied by its mirror (config.json), not by the other store\'s', async () => {
  const token = await login();
  await hqApi(token, 'PUT', 'api/stores/bj-sanlitun/settings', { idleTimeoutS: 4, language: 'zh-CN' });
  const config = (m: (typeof mirrors)[number]) => JSON.parse(fs.readFileSync(path.join(m.dir, 'config.json'), 'utf8')) as { idleTimeoutS?: number; language?: string };
  await waitFor('the Beijing mirror applying the push', async () => config(mirrors[2]!).idleTimeoutS === 4);
  expect(config(mirrors[2]!)).toMatchObject({ language: 'zh-CN', engine: 'browser' });
  expect(config(mirrors[0]!).idleTimeoutS).toBeUndefined();
});

test('the HQ page shows the catalog, the fleet and the figures', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(HQ_URL);
  await page.fill('input[name=id]', 'olivia');
  await page.fill('input[name=password]', STAFF_PASSWORD);
  await page.click('button.primary');
  await expect(page.locator('#catalog tbody tr')).toHaveCount(DEMO_PRODUCTS);
  await expect(page.locator('#catalog')).toContainText('tee-everyday');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'hq-catalog.png') });
  await page.click('#nav button[data-tab=fleet]');
  await expect(page.locator('#fleet tbody tr')).toHaveCount(3);
  await expect(page.locator('#fleet')).toContainText('online');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'hq-fleet.png') });
  await page.click('#nav button[data-tab=figures]');
  await expect(page.locator('#per-store tbody tr')).toHaveCount(2);
  await expect(page.locator('#per-product')).toContainText('tee-everyday');
  await expect(page.locator('#figure-cards')).toContainText('Saved a look');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'hq-figures.png') });
});
