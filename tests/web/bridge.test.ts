import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { createLogger } from '../../src/core/log';
import { decodeWire, encodeWire } from '../../src/shared/wire';
import { startWebShell, type WebShell } from '../../src/web/server';

let shell: WebShell;
let services: CoreServices;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-web-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  services = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir: path.join(dir, 'data'), env: {} }), log: createLogger('test', 'silent') });
  shell = await startWebShell({ services, rendererDir, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await shell.close();
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A bridge client that collects every server message. */
async function connect(headers: Record<string, string> = { Origin: shell.url.replace(/\/$/, '') }): Promise<{ ws: WebSocket; messages: unknown[]; next: () => Promise<unknown> }> {
  const ws = new WebSocket(`${shell.url.replace('http', 'ws')}bridge`, { headers });
  const messages: unknown[] = [];
  const waiters: Array<(m: unknown) => void> = [];
  ws.on('message', (data, isBinary) => {
    const m = decodeWire(isBinary ? (data as Buffer) : (data as Buffer).toString('utf8'));
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    next: () => (messages.length ? Promise.resolve(messages.shift()) : new Promise((r) => waiters.push(r))),
  };
}

describe('web shell', () => {
  it('serves the renderer with the CSP and answers /healthz', async () => {
    const page = await fetch(shell.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const health = (await (await fetch(`${shell.url}healthz`)).json()) as { status: string; shell: string };
    expect(health).toMatchObject({ status: 'ok', shell: 'web' });
  });

  it('implements the contract over the WebSocket', async () => {
    const c = await connect();
    c.ws.send(encodeWire({ t: 'invoke', id: 1, channel: 'app.info', request: {} }));
    expect(await c.next()).toMatchObject({ t: 'result', id: 1, result: { ok: true, value: { name: 'Atelier', shell: 'web' } } });
    c.ws.send(encodeWire({ t: 'sub', channel: 'engine.onStatus' }));
    expect(await c.next()).toMatchObject({ t: 'event', channel: 'engine.onStatus', payload: { state: 'absent' } });
    services.events.publish('engine.onStatus', { ...services.engineStatus, state: 'starting' });
    expect(await c.next()).toMatchObject({ t: 'event', payload: { state: 'starting' } });
    c.ws.close();
  });

  it('takes a page\'s problem report into health, and refuses a malformed one without counting it', async () => {
    const c = await connect();
    const problem = { kind: 'csp', page: 'mirror', message: 'refused blob by connect-src', count: 4 };
    c.ws.send(encodeWire({ t: 'invoke', id: 1, channel: 'app.reportProblem', request: problem }));
    expect(await c.next()).toMatchObject({ t: 'result', id: 1, result: { ok: true, value: {} } });
    c.ws.send(encodeWire({ t: 'invoke', id: 2, channel: 'app.reportProblem', request: { ...problem, message: { toString: 'x' } } }));
    expect(await c.next()).toMatchObject({ t: 'result', id: 2, result: { ok: false, error: { code: 'bad_request' } } });
    const health = (await (await fetch(`${shell.url}healthz`)).json()) as { status: string; pages: unknown; problems: string[] };
    expect(health.pages).toEqual({ reports: 1, recent: 1, last: 'mirror csp ×4: refused blob by connect-src' });
    // A monitor (and HQ's fleet view, from the heartbeat's problems) sees it while it is recent.
    expect(health.status).toBe('degraded');
    expect(health.problems).toContain('pages reported 1 problem in the last 10 minutes; the last: mirror csp ×4: refused blob by connect-src');
    c.ws.close();
  });

  it('answers malformed messages with clear errors and keeps serving', async () => {
    const c = await connect();
    c.ws.send('{not json');
    expect(await c.next()).toMatchObject({ t: 'error', code: 'bad_message', message: expect.stringContaining('JSON') });
    c.ws.send(encodeWire({ t: 'invoke', id: 'x', channel: 'app.info' }));
    expect(await c.next()).toMatchObject({ t: 'error', code: 'bad_message' });
    c.ws.send(encodeWire({ t: 'invoke', id: 2, channel: 'app.nope', request: {} }));
    expect(await c.next()).toMatchObject({ t: 'result', id: 2, result: { ok: false, error: { code: 'unknown_channel' } } });
    c.ws.send(encodeWire({ t: 'invoke', id: 3, channel: 'app.info', request: [1, 2] }));
    expect(await c.next()).toMatchObject({ t: 'result', id: 3, result: { ok: false, error: { code: 'bad_request' } } });
    c.ws.send(encodeWire({ t: 'send', channel: 'engine.submitFrame', payload: { frameId: -1 } }));
    expect(await c.next()).toMatchObject({ t: 'error' });
    c.ws.send(encodeWire({ t: 'sub', channel: 'secrets.all' }));
    expect(await c.next()).toMatchObject({ t: 'error', code: 'unknown_channel' });

    // Fuzz: random bytes and random JSON envelopes; the socket stays open and the server keeps answering.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map((j) => j)), async (junk) => {
        c.ws.send(junk);
      }),
      { numRuns: 300 },
    );
    c.ws.send(encodeWire({ t: 'invoke', id: 99, channel: 'app.config', request: {} }));
    let reply: unknown;
    do reply = await c.next();
    while ((reply as { id?: number }).id !== 99);
    expect(reply).toMatchObject({ result: { ok: true } });
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('refuses a bridge connection from another origin', async () => {
    const ws = new WebSocket(`${shell.url.replace('http', 'ws')}bridge`, { headers: { Origin: 'http://evil.example' } });
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(1008);
  });
});
