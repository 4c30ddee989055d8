import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { createLogger } from '../../src/core/log';
import { adminOf } from '../../src/core/admin/service';
import { decodeWire, encodeWire } from '../../src/shared/wire';
import { WEB_ASSET_PATH } from '../../src/shared/asset-url';
import { startWebShell, type WebShell } from '../../src/web/server';
import { fakeSpawner } from '../fakes/inference';

/**
 * Issue 15, probed as a hostile client on the store's network would: two mirrors on one engine, parallel PIN
 * guesses, a LAN client claiming first-run setup, DNS rebinding, odd Origins, a client that never reads, a login
 * flood next to an asset request. The shell binds 0.0.0.0 so a client can come from this machine's LAN address.
 */

/** This machine's first non-loopback IPv4 address: a request from it is a LAN client to a shell on 0.0.0.0. */
const LAN = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

const MANAGER_PIN = '246810';
let shell: WebShell;
let services: CoreServices;
let dir: string;
let port: number;
const spawner = fakeSpawner();

beforeAll(async () => {
  if (!LAN) throw new Error('these tests need a non-loopback IPv4 address on this machine (a LAN client is simulated from it)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hard-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  services = createCoreServices({
    shell: 'web',
    loaded: loadConfig({ dataDir: path.join(dir, 'data'), env: {} }),
    log: createLogger('test', 'silent'),
    engine: { spawn: spawner, modelsDir: '/models' },
    demoDir: path.resolve('assets/generated'),
  });
  shell = await startWebShell({ services, rendererDir, host: '0.0.0.0', port: 0 });
  port = Number(new URL(shell.url).port);
  for (let i = 0; i < 100 && services.engineStatus.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 10));
});
afterAll(async () => {
  await shell?.close();
  await services?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  invoke(channel: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

let nextId = 1;
/**
 * A bridge client on `host` (loopback or the LAN address) with a matching Origin. `localAddress` (another loopback
 * address, 127.0.0.x) makes it a different client address for the per-address limits.
 */
async function connect(host = '127.0.0.1', localAddress?: string): Promise<Client> {
  const ws = new WebSocket(`ws://${host}:${port}/bridge`, { headers: { Origin: `http://${host}:${port}` }, ...(localAddress ? { localAddress } : {}) });
  const messages: Array<Record<string, unknown>> = [];
  const pending = new Map<number, (r: never) => void>();
  ws.on('message', (data, isBinary) => {
    const m = decodeWire(isBinary ? (data as Buffer) : (data as Buffer).toString('utf8')) as Record<string, unknown>;
    if (m.t === 'result' && pending.has(m.id as number)) {
      pending.get(m.id as number)!(m.result as never);
      pending.delete(m.id as number);
    } else messages.push(m);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
  return {
    ws,
    messages,
    invoke: (channel, request) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve as (r: never) => void);
        ws.send(encodeWire({ t: 'invoke', id, channel, request }));
      }),
  };
}

/** How a connection attempt ended: `open`, `close <code>` or `http <status>`. */
async function attempt(url: string, headers: Record<string, string>): Promise<string> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    ws.on('open', () => ws.once('close', (code) => resolve(`close ${code}`)));
    ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
    ws.on('error', () => {});
    ws.on('close', (code) => resolve(`close ${code}`));
    setTimeout(() => resolve(ws.readyState === WebSocket.OPEN ? 'open' : 'pending'), 3000);
  });
}

const frame = (frameId: number) => ({ frameId, timestampMs: frameId, widthPx: 16, heightPx: 16, data: new Uint8Array(16 * 16 * 4) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const poses = (c: Client) => c.messages.filter((m) => m.t === 'event' && m.channel === 'pose.subscribe');

describe('1. each mirror gets only its own body data', () => {
  it('B receives none of A\'s pose frames, B cannot feed frames into A\'s tracking, a new page gets no stale pose', async () => {
    const a = await connect();
    a.ws.send(encodeWire({ t: 'sub', channel: 'pose.subscribe' }));
    for (let i = 1; i <= 5; i++) {
      a.ws.send(encodeWire({ t: 'send', channel: 'engine.submitFrame', payload: frame(i) }));
      await sleep(15);
    }
    await sleep(30);
    expect(poses(a).length).toBeGreaterThanOrEqual(3);

    // B: a spy that subscribes after A has poses (no replay), and then tries to submit its own frames.
    const b = await connect();
    b.ws.send(encodeWire({ t: 'sub', channel: 'pose.subscribe' }));
    for (let i = 100; i < 110; i++) {
      a.ws.send(encodeWire({ t: 'send', channel: 'engine.submitFrame', payload: frame(i - 90) }));
      b.ws.send(encodeWire({ t: 'send', channel: 'engine.submitFrame', payload: frame(i) }));
      await sleep(15);
    }
    await sleep(50);
    expect(poses(b)).toEqual([]);
    expect(b.messages).toContainEqual(expect.objectContaining({ t: 'error', code: 'busy' }));
    const aFrameIds = poses(a).map((m) => (m.payload as { frameId: number }).frameId);
    expect(aFrameIds.every((id) => id < 100)).toBe(true);
    a.ws.close();
    b.ws.close();
    await sleep(50);
  });
});

describe('7. shopper connections get no operations data', () => {
  it('app.health needs staff; app.info has no data directory', async () => {
    const c = await connect();
    expect(await c.invoke('app.health', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const info = await c.invoke('app.info', {});
    expect(info.ok).toBe(true);
    expect(JSON.stringify(info.value)).not.toContain(dir);
    c.ws.close();
  });
});

describe('3 and 8. first run, Host and Origin', () => {
  it('a LAN client cannot run first-run setup; the store stays unclaimed', async () => {
    const c = await connect(LAN!);
    const r = await c.invoke('admin.setup', { id: 'evil', displayName: 'Eve', pin: '13579135', code: '000000' });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(adminOf(services).accounts.needsSetup()).toBe(true);
    c.ws.close();
  });

  it('the kiosk itself needs the one-time code shown on its screen', async () => {
    const c = await connect();
    expect(await c.invoke('admin.setup', { id: 'mgr', displayName: 'Mia', pin: MANAGER_PIN, code: '000000' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const lan = await connect(LAN!);
    expect(await lan.invoke('admin.kioskCode', { purpose: 'setup' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    lan.ws.close();
    const code = (await c.invoke('admin.kioskCode', { purpose: 'setup' })).value as { code: string };
    expect(code.code).toMatch(/^\d{6}$/);
    // A new manager PIN needs the configured minimum (6 digits by default).
    expect(await c.invoke('admin.setup', { id: 'mgr', displayName: 'Mia', pin: '1234', code: code.code })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const fresh = (await c.invoke('admin.kioskCode', { purpose: 'setup' })).value as { code: string };
    expect(await c.invoke('admin.setup', { id: 'mgr', displayName: 'Mia', pin: MANAGER_PIN, code: fresh.code })).toMatchObject({ ok: true, value: { role: 'manager' } });
    // One time: the same code does nothing a second time.
    expect(await c.invoke('admin.setup', { id: 'mgr2', displayName: 'Eve', pin: MANAGER_PIN, code: fresh.code })).toMatchObject({ ok: false });
    c.ws.close();
  });

  it('refuses a foreign Host (DNS rebinding) on HTTP and on the bridge', async () => {
    // fetch() will not send a Host of our choosing: node:http does.
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/', headers: { Host: `attacker.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(403);
    expect(await attempt(`ws://127.0.0.1:${port}/bridge`, { Host: `attacker.example:${port}`, Origin: `http://attacker.example:${port}` })).toMatch(/^(http 403|close 1008)$/);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    expect((await fetch(`http://localhost:${port}/`)).status).toBe(200);
  });

  it('refuses a missing, null or unparsable Origin cleanly (1008, never 1006), and no Host with a foreign Origin', async () => {
    const url = `ws://127.0.0.1:${port}/bridge`;
    expect(await attempt(url, { Origin: 'null' })).toBe('close 1008');
    expect(await attempt(url, { Origin: 'http://[bad' })).toBe('close 1008');
    expect(await attempt(url, {})).toBe('close 1008');
    expect(await attempt(url, { Origin: 'http://evil.example' })).toBe('close 1008');

    // HTTP/1.0 allows a request without Host: the raw handshake must not be upgraded.
    const status = await new Promise<string>((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => {
        sock.write(
          'GET /bridge HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://evil.example\r\n\r\n',
        );
      });
      let buf = '';
      sock.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.includes('\r\n')) {
          resolve(buf.split('\r\n')[0]!);
          sock.destroy();
        }
      });
      sock.on('error', () => resolve('error'));
      sock.on('close', () => resolve(buf.split('\r\n')[0] || 'closed'));
    });
    expect(status).not.toMatch(/ 101 /);
  });
});

describe('2. lock-out holds under parallel guesses', () => {
  it('300 parallel admin.login on one socket: at most 5 guesses evaluated, the right PIN refused while locked', async () => {
    await adminOf(services).accounts.create({ userId: 'mgr', role: 'manager' }, { id: 'lee', displayName: 'Lee', role: 'manager', pin: '97531357' });
    const c = await connect();
    const calls = Array.from({ length: 300 }, (_, i) => c.invoke('admin.login', { id: 'lee', pin: i === 299 ? '97531357' : String(10_000_000 + i) }));
    const results = await Promise.all(calls);
    const audited = adminOf(services)
      .audit.query({ offset: 0, limit: 500 })
      .items.filter((e) => e.target === 'lee' && ['login.failed', 'lockout', 'login'].includes(e.action)).length;
    console.info(`[figures] 300 parallel bridge logins: ${audited} guesses evaluated before lock-out; replies ok=${results.filter((r) => r.ok).length}`);
    expect(audited).toBeGreaterThan(0);
    expect(audited).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.ok)).toEqual([]);
    expect(results[299]!.ok).toBe(false);
    expect(await c.invoke('admin.login', { id: 'lee', pin: '97531357' })).toMatchObject({ ok: false });
    c.ws.close();
  });

  it('41 parallel POST /admin/api/login: at most 5 guesses evaluated, the right PIN refused while locked', async () => {
    await adminOf(services).accounts.create({ userId: 'mgr', role: 'manager' }, { id: 'kim', displayName: 'Kim', role: 'staff', pin: '86420864' });
    adminOf(services).saveSettings({ webAdmin: { enabled: true, host: '127.0.0.1', port: 0 } });
    let adminUrl: string | null = null;
    for (let i = 0; i < 100 && !adminUrl; i++) {
      adminUrl = shell.adminUrl();
      await sleep(20);
    }
    expect(adminUrl).toBeTruthy();
    const origin = new URL(adminUrl!).origin;
    const csrfRes = await fetch(`${origin}/admin/api/csrf`);
    const cookie = (csrfRes.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    const { token } = (await csrfRes.json()) as { token: string };
    // From a client address of its own (127.0.0.4), so the guesses meet the lock-out, not an exhausted address limit.
    const post = (pin: string) =>
      new Promise<{ status: number }>((resolve, reject) => {
        const body = JSON.stringify({ id: 'kim', pin });
        const req = http.request(
          `${origin}/admin/api/login`,
          { method: 'POST', localAddress: '127.0.0.4', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin, cookie, 'x-csrf-token': token } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const results = await Promise.all(Array.from({ length: 41 }, (_, i) => post(i === 40 ? '86420864' : String(20_000_000 + i))));
    const audited = adminOf(services)
      .audit.query({ offset: 0, limit: 500 })
      .items.filter((e) => e.target === 'kim' && ['login.failed', 'lockout', 'login'].includes(e.action)).length;
    console.info(`[figures] 41 parallel HTTP logins: ${audited} guesses evaluated before lock-out; statuses ${[...new Set(results.map((r) => r.status))].join(',')}`);
    expect(results.filter((r) => r.status === 200)).toEqual([]);
    expect(audited).toBeLessThanOrEqual(5);
    expect((await post('86420864')).status).not.toBe(200);
  });
});

describe('4. a bounded bridge', () => {
  it('a client that sends 30,000 catalog.product calls and never reads: server memory stays under +100 MB', async () => {
    const c = await connect();
    const product = await c.invoke('catalog.product', { id: 'shirt-oxford' });
    expect(product.ok).toBe(true);
    // Stop reading: the client's socket is paused, so every reply stays queued on the server side.
    (c.ws as unknown as { _socket: net.Socket })._socket.pause();
    global.gc?.();
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    let peak = before;
    const msg = encodeWire({ t: 'invoke', id: 1, channel: 'catalog.product', request: { id: 'shirt-oxford' } });
    for (let i = 0; i < 30_000; i++) {
      if (c.ws.readyState !== WebSocket.OPEN) break;
      c.ws.send(msg);
      if (i % 1000 === 0) {
        await sleep(5);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
    for (let i = 0; i < 40; i++) {
      await sleep(50);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.info(`[figures] never-reading client: RSS ${(before / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB (+${((peak - before) / 2 ** 20).toFixed(0)} MB) over ${seconds.toFixed(1)} s; socket ${c.ws.readyState === WebSocket.OPEN ? 'open' : 'closed by the server'}`);
    expect(peak - before).toBeLessThan(100 * 2 ** 20);
    // Read again: the server either closed this client or answered what it had read, never all 30,000 at once.
    let answered = 0;
    c.ws.on('message', () => answered++);
    (c.ws as unknown as { _socket: net.Socket })._socket.resume();
    await sleep(1500);
    console.info(`[figures] never-reading client: ${answered + c.messages.length} replies had been queued for it; ${c.ws.readyState === WebSocket.OPEN ? 'still open' : 'closed'}`);
    c.ws.terminate();
  });

  it('a page asking for 150 things at once gets every answer (calls past the in-flight cap wait, bounded)', async () => {
    const c = await connect('127.0.0.1', '127.0.0.7');
    const results = await Promise.all(Array.from({ length: 150 }, () => c.invoke('catalog.product', { id: 'shirt-oxford' })));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    c.ws.close();
  });

  it('messages per second held by one reading client (32 calls in flight)', async () => {
    const c = await connect('127.0.0.1', '127.0.0.6');
    // Longer than the burst lasts, so the figure is the sustained rate, not the burst.
    const total = 1500;
    let sent = 0;
    let answered = 0;
    let limited = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (sent < total) {
          sent++;
          const r = await c.invoke('catalog.product', { id: 'shirt-oxford' });
          if (r.ok) answered++;
          else if (r.error?.code === 'rate_limited') {
            limited++;
            await sleep(20);
          } else throw new Error(r.error?.message);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const perS = answered / seconds;
    console.info(`[figures] bridge: ${perS.toFixed(0)} catalog.product calls/s answered on one connection over ${seconds.toFixed(1)} s (${limited} refused as rate_limited; limit 200/s average, burst 400)`);
    expect(perS).toBeGreaterThan(100);
    c.ws.close();
  });

  it('200 anonymous logins with unknown ids do not keep the server hashing or stall an asset request', async () => {
    const sha = services.catalog.product('shirt-oxford')?.variants.find((v) => v.asset2d)?.asset2d?.sha256 ?? '';
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const c = await connect('127.0.0.1', '127.0.0.5');
    const logins = Promise.all(Array.from({ length: 200 }, (_, i) => c.invoke('admin.login', { id: `nobody${i}`, pin: '12345678' })));
    await sleep(20);
    const t0 = performance.now();
    const asset = await fetch(`http://127.0.0.1:${port}/${WEB_ASSET_PATH}${sha}`);
    await asset.arrayBuffer();
    const assetMs = performance.now() - t0;
    const results = await logins;
    const limited = results.filter((r) => r.error?.code === 'rate_limited').length;
    const busy = results.filter((r) => r.error?.code === 'busy').length;
    console.info(`[figures] asset during 200 anonymous logins: ${assetMs.toFixed(0)} ms; refused without hashing: ${limited} by the per-address limit, ${busy} busy (hash queue full); hashed: ${200 - limited - busy}`);
    expect(asset.status).toBe(200);
    expect(limited).toBeGreaterThan(0);
    expect(limited + busy).toBeGreaterThanOrEqual(180);
    expect(assetMs).toBeLessThan(2000);
    c.ws.close();
  });

  it('try-on events only from the mirror\'s own session (the connection feeding the engine)', async () => {
    const event = { sessionId: 'abcdefgh12345678', sku: 'AT-SHT01-BLU-M', startedAt: new Date().toISOString(), durationMs: 4000 };
    const lan = await connect(LAN!);
    expect(await lan.invoke('admin.recordTryOn', event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const mirror = await connect();
    mirror.ws.send(encodeWire({ t: 'send', channel: 'engine.submitFrame', payload: frame(1) }));
    await sleep(30);
    // While a mirror tracks, no other connection (not even one on this machine) records try-ons.
    const spy = await connect();
    expect(await spy.invoke('admin.recordTryOn', event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await mirror.invoke('admin.recordTryOn', event)).toMatchObject({ ok: true });
    const flood = await Promise.all(Array.from({ length: 40 }, () => mirror.invoke('admin.recordTryOn', event)));
    expect(flood.filter((r) => r.error?.code === 'rate_limited').length).toBeGreaterThan(0);
    lan.ws.close();
    spy.ws.close();
    mirror.ws.close();
  });

});
