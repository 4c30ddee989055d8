import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type CallContext } from '../../src/core/api/dispatch';
import { createHandlers, createSenders } from '../../src/core/api/handlers';
import { CATALOG_DB_FILE, openCatalogDb } from '../../src/core/catalog/db';
import { MIGRATIONS } from '../../src/core/catalog/migrations';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/log';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { contract } from '../../src/shared/contract';
import { makeProducts, startFeedServer } from '../fixtures/feed-server';
import { tempDir } from '../catalog/helpers';
import { runAtelier as atelier } from '../support/run-atelier';

/**
 * The audit log (issue 15, point 6): every catalog-changing action, sync included, records who and from where
 * (address; kiosk, tablet or command line), and the rows form a hash chain that `atelier audit verify` checks:
 * an edited, deleted or truncated row fails it with the first bad row.
 */

interface Row {
  id: number;
  user_id: string | null;
  action: string;
  target: string | null;
  actor_address: string | null;
  actor_via: string | null;
}

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function services(dataDir: string): CoreServices {
  const s = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir, env: {} }), log: createLogger('t', 'silent') });
  open.push(s);
  return s;
}

const rows = (dataDir: string): Row[] => {
  const db = new Database(path.join(dataDir, CATALOG_DB_FILE), { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[];
  } finally {
    db.close();
  }
};

describe('audit log', () => {
  it('records staff sync (catalog.sync and admin.runSync), edits and imports with user, address and kiosk/tablet', async () => {
    const feed = await startFeedServer({ pageSize: 10 });
    try {
      for (const p of makeProducts(3)) feed.upsert(p);
      const data = tempDir('atelier-audit-');
      const s = services(data);
      const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
      const tablet: CallContext = { role: 'staff', userId: 'sam', origin: 'ws-admin:192.168.1.20' };
      const kiosk: CallContext = { role: 'manager', userId: 'mia', origin: 'ipc:app://mirror/index.html' };
      expect(await d.invoke('catalog.sync', { url: feed.feedUrl }, tablet)).toMatchObject({ ok: true });
      expect(await d.invoke('admin.runSync', { url: feed.feedUrl }, kiosk)).toMatchObject({ ok: true });
      expect(await d.invoke('admin.setVariant', { sku: 'P00000-00', priceMinor: 100 }, tablet)).toMatchObject({ ok: true });
      const r = rows(data);
      expect(r.map((x) => [x.action, x.user_id, x.actor_address, x.actor_via])).toEqual([
        ['sync.run', 'sam', '192.168.1.20', 'tablet'],
        ['sync.run', 'mia', null, 'kiosk'],
        ['variant.price', 'sam', '192.168.1.20', 'tablet'],
      ]);
      // The manager's audit screen gets the same.
      const page = await d.invoke('admin.audit', { limit: 10 }, kiosk);
      expect(page).toMatchObject({ ok: true, value: { total: 3, items: [{ action: 'variant.price', address: '192.168.1.20', via: 'tablet' }, {}, {}] } });

      // The command line's own catalog changes are in the same log.
      const f = path.join(data, 'c.csv');
      fs.writeFileSync(f, 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags\nQ1,A,B,tops,Red,M,Q1-M,10,CNY,1,\n');
      await s.close();
      expect((await atelier('--data-dir', data, 'catalog', 'import', f)).code).toBe(0);
      expect(rows(data).at(-1)).toMatchObject({ action: 'catalog.import', actor_via: 'cli' });
    } finally {
      await feed.close();
    }
  });

  it('atelier audit verify passes an intact chain and names the first edited, deleted or truncated row', async () => {
    const data = tempDir('atelier-audit-');
    const s = services(data);
    const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
    const ctx: CallContext = { role: 'manager', userId: 'mia', origin: 'ws-admin:10.0.0.9' };
    for (let i = 0; i < 5; i++) {
      const product = { id: `P${i}`, name: `Shirt ${i}`, brand: 'A', categoryId: 'tops', description: '', tags: [], variants: [{ sku: `S${i}`, colour: 'Red', size: 'M', priceMinor: 100, currency: 'CNY', stock: 1, asset2d: null, asset3d: null }] };
      expect(await d.invoke('admin.saveProduct', { product, create: true }, ctx)).toMatchObject({ ok: true });
    }
    await s.close();
    const ok = await atelier('--data-dir', data, 'audit', 'verify');
    expect(ok).toMatchObject({ code: 0, out: 'audit log intact: 5 rows, hash chain verified\n' });

    const db = new Database(path.join(data, CATALOG_DB_FILE));
    const copy = db.prepare('SELECT * FROM audit_log').all();
    db.prepare("UPDATE audit_log SET user_id = 'eve' WHERE id = 3").run();
    db.close();
    const edited = await atelier('--data-dir', data, 'audit', 'verify');
    expect(edited.code).toBe(1);
    expect(edited.err).toMatch(/^atelier: audit row 3 .*edited/);

    const restore = (mutate: (db: Database.Database) => void) => {
      const x = new Database(path.join(data, CATALOG_DB_FILE));
      x.prepare('DELETE FROM audit_log').run();
      const ins = x.prepare(`INSERT INTO audit_log VALUES (${Object.keys(copy[0] as object).map(() => '?').join(',')})`);
      for (const r of copy) ins.run(...Object.values(r as object));
      mutate(x);
      x.close();
    };
    restore((x) => x.prepare('DELETE FROM audit_log WHERE id = 2').run());
    const deleted = await atelier('--data-dir', data, 'audit', 'verify');
    expect(deleted.code).toBe(1);
    expect(deleted.err).toMatch(/^atelier: audit row 3 .*row before it was deleted or changed/);

    restore((x) => x.prepare('DELETE FROM audit_log WHERE id = 5').run());
    const truncated = await atelier('--data-dir', data, 'audit', 'verify');
    expect(truncated.code).toBe(1);
    expect(truncated.err).toMatch(/^atelier: audit log ends at row 4 but row 5 was written/);

    restore(() => {});
    expect((await atelier('--data-dir', data, 'audit', 'verify')).code).toBe(0);
  });

  it('the migration seals the rows an older version wrote', async () => {
    const data = tempDir('atelier-audit-');
    fs.mkdirSync(data, { recursive: true });
    const file = path.join(data, CATALOG_DB_FILE);
    const old = new Database(file);
    old.exec(MIGRATIONS[0] as string);
    old.exec(MIGRATIONS[1] as string);
    old.pragma('user_version = 2');
    const ins = old.prepare('INSERT INTO audit_log(at, user_id, action, target, details_json) VALUES (?, ?, ?, ?, ?)');
    ins.run('2026-01-01T00:00:00.000Z', 'mia', 'product.update', 'P1', '{"a":1}');
    ins.run('2026-01-02T00:00:00.000Z', 'sam', 'variant.price', 'S1', null);
    old.close();
    openCatalogDb(file).close();
    expect(await atelier('--data-dir', data, 'audit', 'verify')).toMatchObject({ code: 0, out: 'audit log intact: 2 rows, hash chain verified\n' });
  });
});
