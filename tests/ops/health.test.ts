import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config';
import { collectHealth, isLoopback } from '../../src/core/health';
import { createLogger } from '../../src/core/log';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { HealthSchema } from '../../src/shared/contract';
import { startWebShell, type WebShell } from '../../src/web/server';
import * as v from 'valibot';
import { fakeSpawner } from '../fakes/inference';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** This machine's first non-loopback IPv4 address: a request from it is "remote" to a shell bound on 0.0.0.0. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

async function shell(config: Record<string, unknown>): Promise<{ web: WebShell; s: CoreServices; spawner: ReturnType<typeof fakeSpawner> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-health-'));
  fs.mkdirSync(path.join(dir, 'renderer'));
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const spawner = fakeSpawner();
  const s = createCoreServices({
    shell: 'web',
    loaded: loadConfig({ dataDir: dir, env: {} }),
    log: createLogger('test', 'silent'),
    engine: { spawn: spawner, modelsDir: '/models' },
  });
  const web = await startWebShell({ services: s, rendererDir: path.join(dir, 'renderer'), host: '0.0.0.0', port: 0 });
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => s.close());
  cleanups.push(() => web.close());
  return { web, s, spawner };
}

const portOf = (web: WebShell): number => Number(new URL(web.url.replace('0.0.0.0', '127.0.0.1')).port);

describe('health', () => {
  it('recognises loopback callers, v4, v6 and v4-mapped', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['192.168.1.5', '10.0.0.1', '::ffff:192.168.1.5', 'fe80::1', '', undefined]) expect(isLoopback(a)).toBe(false);
  });

  it('/healthz answers uptime, memory, engine (state, fps, provider, pid), last sync, disk, errors', async () => {
    const { web, s } = await shell({});
    for (let i = 0; i < 50 && s.engineStatus.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 5));
    const r = await fetch(`http://127.0.0.1:${portOf(web)}/healthz`);
    expect(r.status).toBe(200);
    const h = v.parse(HealthSchema, await r.json());
    expect(h).toMatchObject({
      status: 'ok',
      shell: 'web',
      pid: process.pid,
      engine: { state: 'running', provider: 'cpu', restarts: 0, lastError: null },
      catalog: { products: 0, lastSyncAt: null, lastError: null },
      errors: 0,
      problems: [],
    });
    expect(h.engine.pid).toBe(s.engine!.pid);
    expect(h.rssMB).toBeGreaterThan(10);
    expect(h.storage.freeMB).toBeGreaterThan(0);
  });

  it.runIf(lanAddress)('refuses other machines unless health.remote is set', async () => {
    const closed = await shell({});
    expect((await fetch(`http://127.0.0.1:${portOf(closed.web)}/healthz`)).status).toBe(200);
    const refused = await fetch(`http://${lanAddress}:${portOf(closed.web)}/healthz`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'health is only answered on loopback (set health.remote to allow)' });

    const open = await shell({ health: { remote: true } });
    expect((await fetch(`http://${lanAddress}:${portOf(open.web)}/healthz`)).status).toBe(200);
  });

  it('a dead engine makes health degraded with the reason', async () => {
    const { s, spawner } = await shell({});
    for (let i = 0; i < 50 && s.engineStatus.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 5));
    spawner.children[0]!.crash('killed by SIGKILL');
    const h = collectHealth(s);
    expect(h.status).toBe('degraded');
    expect(h.problems).toContain('pose engine restarting: killed by SIGKILL');
  });
});
