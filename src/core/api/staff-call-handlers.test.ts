import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import type { StaffCall } from '../../shared/staff-call';
import { callerOf, memoryBinding } from '../admin/binding';
import { adminOf } from '../admin/service';
import { loadConfig } from '../config';
import { createCoreServices, type CoreServices } from '../services';
import { createDispatcher, type CallContext } from './dispatch';
import { createHandlers, createSenders } from './handlers';

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe('staff.* over the dispatcher', () => {
  it('the mirror calls with a SKU from the catalog, another connection cannot, staff answer, setup stores the product link', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-calls-'));
    const s = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir, env: {} }), log: pino({ level: 'silent' }) });
    open.push(s);
    s.catalog.importRows([{ product_id: 'T1', name: 'Tee', brand: 'A', category: 'tshirt', colour: 'Navy', size: 'M', sku: 'T1-N-M', price: 99, currency: 'CNY', stock: 1, tags: '' }]);
    const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
    const kiosk = memoryBinding();
    const lan = memoryBinding();
    const ctx = (b = kiosk): CallContext => ({ ...callerOf((t) => adminOf(s).accounts.principal(t), b, 'test'), kiosk: b === kiosk });
    const published: StaffCall[][] = [];
    s.events.subscribe('staff.onCalls', (c) => published.push(c as StaffCall[]));

    // Not the mirror: refused.
    expect(await d.invoke('staff.call', { sku: 'T1-N-M' }, { ...ctx(lan), peer: 'ws:9' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The mirror: the product, colour and size come from the catalog; an unknown SKU is refused.
    expect(await d.invoke('staff.call', { sku: 'NOPE' }, ctx())).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const made = await d.invoke('staff.call', { sku: 'T1-N-M' }, ctx());
    expect(made).toMatchObject({ ok: true, value: { state: 'waiting', productName: 'Tee', colour: 'Navy', size: 'M' } });
    const id = (made as { value: StaffCall }).value.id;
    expect(published.at(-1)).toHaveLength(1);

    // A shopper may not list or answer calls.
    expect(await d.invoke('staff.acknowledge', { id }, ctx())).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const { code } = adminOf(s).kioskCodes.issue('setup');
    const setup = await d.invoke('admin.setup', { id: 'mgr', displayName: 'Mia Manager', pin: '246810', code, productUrlPattern: 'https://shop.example/p/{productId}' }, ctx());
    expect(setup.ok).toBe(true);
    expect(s.loaded.config.productUrlPattern).toBe('https://shop.example/p/{productId}');
    expect(await d.invoke('staff.acknowledge', { id }, ctx())).toMatchObject({ ok: true, value: { state: 'coming', by: 'Mia Manager' } });
    expect(published.at(-1)![0]).toMatchObject({ state: 'coming', by: 'Mia Manager' });
    expect(adminOf(s).audit.query({ action: 'staff.call', offset: 0, limit: 10 }).items).toHaveLength(1);
    // The shopper leaves: the mirror cancels, the staff screens' list empties.
    expect((await d.invoke('staff.cancel', { id }, ctx())).ok).toBe(true);
    expect(published.at(-1)).toEqual([]);
  });
});
