import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { fakePng, makeProducts, startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { fingerprint, tempDir } from './helpers';

/**
 * SIGKILL a real process at random moments while it syncs or imports; afterwards the catalog must be exactly the
 * old one or exactly the new one, and SQLite's integrity check must pass. The child is this repo's code bundled
 * by rolldown (kept next to node_modules so better-sqlite3 resolves).
 */

const RUNS = Number(process.env.ATELIER_CRASH_RUNS ?? 12);
const CHILD_DIR = path.resolve('node_modules/.cache/atelier-catalog-tests');
const CHILD = path.join(CHILD_DIR, 'crash-child.mjs');

beforeAll(async () => {
  fs.mkdirSync(CHILD_DIR, { recursive: true });
  await build({
    input: path.resolve('tests/catalog/crash-child.ts'),
    platform: 'node',
    external: [/^node:/, 'better-sqlite3', 'valibot', 'pino'],
    output: { file: CHILD, format: 'esm' },
    logLevel: 'silent',
  });
}, 60_000);

interface ChildOutcome {
  killed: boolean;
  ms: number;
  stderr: string;
}

function runChild(args: string[], killAfterMs: number | null): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', ms: performance.now() - t0, stderr });
    });
  });
}

/**
 * When to kill run `i` of a child whose whole run takes `fullMs`: odd runs anywhere (startup, fetch, staging),
 * even runs from 70 % to 150 % of it, where the transaction is applied, committed and checkpointed (a run's
 * length varies by ±30 % on a busy machine).
 */
function killTime(i: number, fullMs: number): number {
  return i % 2 ? Math.random() * fullMs * 1.1 : fullMs * (0.7 + Math.random() * 0.8);
}

function snapshot(dir: string): { fp: string; check: string[] } {
  const c = Catalog.open(dir);
  try {
    return { fp: fingerprint(c.db, c.assets), check: c.check() };
  } finally {
    c.close();
  }
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

describe('crash safety: SIGKILL during sync', () => {
  let feed: FeedServer;
  let base: string;
  let fpOld: string;
  let fpNew: string;
  beforeAll(async () => {
    feed = await startFeedServer({ pageSize: 250 });
    const shas = [1, 2, 3].map((i) => feed.addAsset(fakePng(i), 'image/png'));
    for (const p of makeProducts(1500, 0, shas)) feed.upsert(p);
    base = tempDir();
    const c = Catalog.open(path.join(base, 'old'));
    await c.sync(feed.feedUrl);
    fpOld = fingerprint(c.db, c.assets);
    c.close();
    // The new catalog: every price changes, 200 products go, 300 arrive, new assets.
    const more = [4, 5].map((i) => feed.addAsset(fakePng(i), 'image/png'));
    for (const p of makeProducts(1800, 7, [...shas, ...more]).slice(200)) feed.upsert(p);
    for (let i = 0; i < 200; i++) feed.remove(`P${String(i).padStart(5, '0')}`);
    copyDir(path.join(base, 'old'), path.join(base, 'new-ref'));
    const r = Catalog.open(path.join(base, 'new-ref'));
    await r.sync(feed.feedUrl);
    fpNew = fingerprint(r.db, r.assets);
    r.close();
    expect(fpNew).not.toBe(fpOld);
  }, 60_000);
  afterAll(async () => {
    await feed?.close();
  });

  it(`leaves the old or the new catalog, never a mix (${RUNS} kills)`, async () => {
    const work = path.join(base, 'calib');
    copyDir(path.join(base, 'old'), work);
    const full = await runChild(['sync', work, feed.feedUrl], null);
    expect(full.stderr).toBe('');
    expect(snapshot(work).fp).toBe(fpNew);
    const seen = { old: 0, new: 0 };
    for (let i = 0; i < RUNS; i++) {
      const dir = path.join(base, `run-${i}`);
      copyDir(path.join(base, 'old'), dir);
      await runChild(['sync', dir, feed.feedUrl], killTime(i, full.ms));
      const s = snapshot(dir);
      expect(s.check).toEqual(['ok']);
      expect([fpOld, fpNew]).toContain(s.fp);
      seen[s.fp === fpOld ? 'old' : 'new']++;
      // Whatever was left, the next sync completes it.
      if (i % 4 === 0) {
        const c = Catalog.open(dir);
        await c.sync(feed.feedUrl);
        expect(fingerprint(c.db, c.assets)).toBe(fpNew);
        c.close();
      }
    }
    console.log(`sync kills: ${seen.old} left the old catalog, ${seen.new} the new (full run ${Math.round(full.ms)} ms)`);
  }, 120_000);
});

describe('crash safety: SIGKILL during import', () => {
  let base: string;
  let fpOld: string;
  let fpNew: string;
  let fileNew: string;
  beforeAll(() => {
    base = tempDir();
    const row = (p: ReturnType<typeof makeProducts>[number], v: (typeof p.variants)[number]) =>
      [p.id, p.name, p.brand, p.categoryId, v.colour, v.size, v.sku, (v.priceMinor / 100).toFixed(2), v.currency, v.stock, (p.tags ?? []).join('|')].join(',');
    const toCsv = (ps: ReturnType<typeof makeProducts>) =>
      ['product_id,name,brand,category,colour,size,sku,price,currency,stock,tags', ...ps.flatMap((p) => p.variants.map((v) => row(p, v)))].join('\n');
    const fileOld = path.join(base, 'old.csv');
    fileNew = path.join(base, 'new.csv');
    fs.writeFileSync(fileOld, toCsv(makeProducts(2000, 0)));
    fs.writeFileSync(fileNew, toCsv(makeProducts(2500, 3).slice(300)));
    const c = Catalog.open(path.join(base, 'old'));
    c.importFile(fileOld, { replace: true });
    fpOld = fingerprint(c.db, c.assets);
    c.close();
    copyDir(path.join(base, 'old'), path.join(base, 'new-ref'));
    const n = Catalog.open(path.join(base, 'new-ref'));
    n.importFile(fileNew, { replace: true });
    fpNew = fingerprint(n.db, n.assets);
    n.close();
    expect(fpNew).not.toBe(fpOld);
  }, 60_000);

  it(`leaves the old or the new catalog, never a mix (${RUNS} kills)`, async () => {
    const work = path.join(base, 'calib');
    copyDir(path.join(base, 'old'), work);
    const full = await runChild(['import', work, fileNew], null);
    expect(full.stderr).toBe('');
    expect(snapshot(work).fp).toBe(fpNew);
    const seen = { old: 0, new: 0 };
    for (let i = 0; i < RUNS; i++) {
      const dir = path.join(base, `run-${i}`);
      copyDir(path.join(base, 'old'), dir);
      await runChild(['import', dir, fileNew], killTime(i, full.ms));
      const s = snapshot(dir);
      expect(s.check).toEqual(['ok']);
      expect([fpOld, fpNew]).toContain(s.fp);
      seen[s.fp === fpOld ? 'old' : 'new']++;
    }
    console.log(`import kills: ${seen.old} left the old catalog, ${seen.new} the new (full run ${Math.round(full.ms)} ms)`);
  }, 120_000);
});
