import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TryOnAnalytics } from '../admin/analytics';
import { Catalog } from '../catalog/catalog';
import { createLogger } from '../log';
import { HqLink } from './link';
import { writeLink } from './outbox';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function enrolledCatalog(): Catalog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-link-'));
  dirs.push(dir);
  const cat = Catalog.open(dir);
  writeLink(cat.db, { hqUrl: 'http://127.0.0.1:9/', mirrorId: 'm', storeId: 's', token: 'atm_test', enrolledAt: new Date().toISOString() });
  return cat;
}

describe('HqLink sends the outbox with back-off', () => {
  it('retries a failing HQ with growing, jittered delays and empties the outbox once HQ answers', async () => {
    const cat = enrolledCatalog();
    new TryOnAnalytics(cat.db).record({ sessionId: 'visit-0001', sku: 'SKU-1', startedAt: new Date().toISOString(), durationMs: 1000 });
    const attemptsAtMs: number[] = [];
    const failFirst = 5;
    const fakeFetch = (async (url: URL | string) => {
      if (!String(url).endsWith('api/v1/events')) return new Response('{}', { status: 200 });
      attemptsAtMs.push(performance.now());
      if (attemptsAtMs.length <= failFirst) return new Response('{"error":"HQ is unavailable, try again later"}', { status: 503 });
      return new Response(JSON.stringify({ accepted: 1, duplicates: 0, rejected: [] }), { status: 200 });
    }) as typeof fetch;
    const link = new HqLink({
      catalog: cat,
      log: createLogger('test', 'silent'),
      heartbeat: () => ({ version: 't', uptimeS: 0, engineState: 'absent', engineFps: 0, lastSyncAt: null, lastSyncError: null, diskFreeMB: null, problems: [] }),
      fetch: fakeFetch,
      backoffMs: 40,
      maxBackoffMs: 400,
      sendIntervalS: 3600,
      syncIntervalS: 3600,
      heartbeatIntervalS: 3600,
    });
    link.start();
    for (let i = 0; i < 400 && link.outbox.pending() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await link.stop();
    cat.close();
    expect(attemptsAtMs).toHaveLength(failFirst + 1);
    const gaps = attemptsAtMs.slice(1).map((t, i) => t - attemptsAtMs[i]!);
    // Nominal delays 40, 80, 160, 320, 400 (capped) ms, each drawn from [50 %, 100 %] of nominal.
    const nominal = [40, 80, 160, 320, 400];
    gaps.forEach((g, i) => {
      expect(g).toBeGreaterThanOrEqual(nominal[i]! * 0.5 - 5);
      // Late is possible on a busy machine (timers never fire early): the bound only catches a delay that did not back off.
      expect(g).toBeLessThan(nominal[i]! + 500);
    });
    expect(link.lastSendError).toBeNull();
  });

  it('keeps the events when HQ refuses the token, and says why', async () => {
    const cat = enrolledCatalog();
    new TryOnAnalytics(cat.db).record({ sessionId: 'visit-0002', sku: 'SKU-1', startedAt: new Date().toISOString(), durationMs: 1000 });
    const link = new HqLink({
      catalog: cat,
      log: createLogger('test', 'silent'),
      heartbeat: () => ({ version: 't', uptimeS: 0, engineState: 'absent', engineFps: 0, lastSyncAt: null, lastSyncError: null, diskFreeMB: null, problems: [] }),
      fetch: (async () => new Response('{"error":"this mirror was revoked at HQ: enroll it again with a new code"}', { status: 401 })) as typeof fetch,
    });
    expect(await link.sendNow()).toBe(false);
    expect(link.lastSendError).toBe('HQ answered 401: this mirror was revoked at HQ: enroll it again with a new code');
    expect(link.outbox.pending()).toBe(1);
    cat.close();
  });
});
