import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog, type CatalogOpenOptions } from '../../src/core/catalog/catalog';
import { createDispatcher } from '../../src/core/api/dispatch';
import { createHandlers, createSenders } from '../../src/core/api/handlers';
import { loadConfig } from '../../src/core/config';
import { collectHealth } from '../../src/core/health';
import { createLogger } from '../../src/core/log';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { contract, type Health } from '../../src/shared/contract';
import type { PoseFrame } from '../../src/shared/pose';
import { fakePng, makeProducts, startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { fakeSpawner } from '../fakes/inference';

/**
 * "Fill the disk": catalog writes fail (asset cache ENOSPC, database page cap = SQLITE_FULL). The mirror must keep
 * running — browsing the catalog it has, tracking poses — and say so to staff through health.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-diskfull-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A data directory whose catalog was synced once from `feed` while the disk still had room. */
async function syncedDataDir(feed: FeedServer): Promise<string> {
  const dir = tempDir();
  const a = feed.addAsset(fakePng(1), 'image/png');
  for (const p of makeProducts(6, 0, [a])) feed.upsert(p);
  const c = Catalog.open(dir);
  await c.sync(feed.feedUrl, { backoffMs: 5, maxBackoffMs: 20 });
  c.close();
  return dir;
}

function services(dir: string, catalog: CatalogOpenOptions): { s: CoreServices; poses: PoseFrame[] } {
  const s = createCoreServices({
    shell: 'web',
    loaded: loadConfig({ dataDir: dir, env: {} }),
    log: createLogger('test', 'silent'),
    engine: { spawn: fakeSpawner(), modelsDir: '/models' },
    catalog,
  });
  cleanups.push(() => s.close());
  const poses: PoseFrame[] = [];
  // Frames sent without a peer are the in-process caller's (`local`): its poses come back to it.
  s.poses.listen('local', (p) => poses.push(p));
  return { s, poses };
}

async function engineRunning(s: CoreServices): Promise<void> {
  for (let i = 0; i < 50 && s.engineStatus.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 5));
}

async function mirrorStillWorks(s: CoreServices, poses: PoseFrame[]): Promise<void> {
  const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
  const shopper = { role: 'shopper' as const, origin: 'test' };
  const page = await d.invoke('catalog.browse', {}, shopper);
  expect(page).toMatchObject({ ok: true });
  expect((page as { value: { items: unknown[] } }).value.items.length).toBeGreaterThan(0);
  await engineRunning(s);
  const before = poses.length;
  expect(d.send('engine.submitFrame', { frameId: 1, timestampMs: 1, widthPx: 16, heightPx: 16, data: new Uint8Array(16 * 16 * 4) }, shopper)).toBeNull();
  await new Promise((r) => setTimeout(r, 20));
  expect(poses.length).toBe(before + 1);
}

describe('fault: the disk fills up', () => {
  it('asset cache full (ENOSPC): sync fails with a clear error, health says so, the mirror keeps running', async () => {
    const feed = await startFeedServer({ pageSize: 10 });
    cleanups.push(() => feed.close());
    const dir = await syncedDataDir(feed);
    const b = feed.addAsset(fakePng(2), 'image/png');
    for (const p of makeProducts(9, 1, [b])) feed.upsert(p);
    const { s, poses } = services(dir, {
      assetIo: {
        write: () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      },
    });
    const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);

    const r = await d.invoke('catalog.sync', { url: feed.feedUrl }, { role: 'staff', origin: 'test' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((r as { error: { message: string } }).error.message).toMatch(/disk full writing the asset cache \(ENOSPC\); free some space and retry/);

    const h = (await d.invoke('app.health', {}, { role: 'staff', origin: 'test' })) as { ok: true; value: Health };
    expect(h.value.status).toBe('degraded');
    expect(h.value.catalog.lastError).toMatch(/ENOSPC/);
    expect(h.value.problems.join('\n')).toMatch(/^catalog: .*disk full/m);
    expect(h.value.catalog.products).toBe(6);
    await mirrorStillWorks(s, poses);
  });

  it('database full (SQLITE_FULL): sync fails with a clear error, health says so, the mirror keeps running', async () => {
    const feed = await startFeedServer({ pageSize: 50 });
    cleanups.push(() => feed.close());
    const dir = await syncedDataDir(feed);
    const pages = (() => {
      const c = Catalog.open(dir);
      const n = c.db.pragma('page_count', { simple: true }) as number;
      c.close();
      return n;
    })();
    for (const p of makeProducts(400, 2)) feed.upsert({ ...p, description: 'x'.repeat(400) });
    const { s, poses } = services(dir, { maxPageCount: pages + 1 });
    const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);

    const r = await d.invoke('catalog.sync', { url: feed.feedUrl }, { role: 'staff', origin: 'test' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((r as { error: { message: string } }).error.message).toMatch(/disk full: the catalog database could not grow/);

    const h = collectHealth(s);
    expect(h.status).toBe('degraded');
    expect(h.problems.join('\n')).toMatch(/catalog: .*disk full/);
    await mirrorStillWorks(s, poses);
  });

  it('low free space is reported before anything fails', () => {
    const dir = tempDir();
    const { s } = services(dir, {});
    const healthy = collectHealth(s, () => 10 * 1024 ** 3);
    expect(healthy.storage).toEqual({ freeMB: 10 * 1024, low: false });
    const low = collectHealth(s, () => 100 * 1024 ** 2);
    expect(low.storage).toEqual({ freeMB: 100, low: true });
    expect(low.status).toBe('degraded');
    expect(low.problems).toContain(`disk almost full: 100 MiB free for ${dir}`);
    // Where the platform cannot say, nothing is claimed.
    expect(collectHealth(s, () => null).storage).toEqual({ freeMB: null, low: false });
  });

  it('the log files failing to write (a real ENOSPC, from /dev/full) never takes the process down', async () => {
    const dir = tempDir();
    // The current log file is /dev/full: every write fails with ENOSPC, as on a full disk.
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.symlinkSync('/dev/full', path.join(dir, 'logs', 'atelier.1.log'));
    const notes: string[] = [];
    const origWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      notes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const logger = createLogger('t', { dataDir: dir, level: 'silent' });
      expect(await logger.fileReady).toBe(path.join(dir, 'logs'));
      logger.level = 'info';
      for (let i = 0; i < 5; i++) logger.warn({ i }, 'still logging');
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.stderr.write = origWrite;
    }
    const reports = notes.filter((n) => n.includes('log file write failed'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/ENOSPC/);
  });
});
