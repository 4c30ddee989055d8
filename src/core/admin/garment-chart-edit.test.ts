import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import type { EditProduct } from '../../shared/admin';
import { createDispatcher } from '../api/dispatch';
import { createHandlers, createSenders } from '../api/handlers';
import { loadConfig } from '../config';
import { createCoreServices, type CoreServices } from '../services';
import { callerOf, memoryBinding } from './binding';
import { adminOf } from './service';

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function jeans(garmentChart?: EditProduct['garmentChart']): EditProduct {
  const variant = (size: string) => ({ sku: `J-${size}`, colour: 'Blue', size, priceMinor: 44900, currency: 'CNY', stock: 2, asset2d: null, asset3d: null });
  return { id: 'J', name: 'Jeans', brand: 'R', categoryId: 'trousers', description: '', tags: [], variants: [variant('S'), variant('M')], ...(garmentChart ? { garmentChart } : {}) };
}

describe('admin: the garment size chart of a product', () => {
  it('saves a valid chart, refuses a bad cell or an unknown size with one line and stores nothing, keeps it when omitted', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-chart-'));
    const s = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir, env: {} }), log: pino({ level: 'silent' }) });
    open.push(s);
    const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
    // The kiosk's own screen (first-run setup is only done there, with the code it shows).
    const ctx = () => ({ ...callerOf((t) => adminOf(s).accounts.principal(t), binding, 'test'), kiosk: true });
    const binding = memoryBinding();
    const { code } = adminOf(s).kioskCodes.issue('setup');
    expect(await d.invoke('admin.setup', { id: 'mgr', displayName: 'Mia', pin: '246810', code }, ctx())).toMatchObject({ ok: true });
    expect(await d.invoke('admin.login', { id: 'mgr', pin: '246810' }, ctx())).toMatchObject({ ok: true });

    const good = { S: { waist: 76, hip: 96, inseam: 80, legOpening: 38 }, M: { waist: 82, hip: 102, inseam: 81, legOpening: 40 } };
    const saved = await d.invoke('admin.saveProduct', { product: { ...jeans(good), tuck: null }, create: true }, ctx());
    expect(saved).toMatchObject({ ok: true, value: { garmentChart: good, tuck: null } });

    for (const [chart, reason] of [
      [{ ...good, M: { ...good.M, waist: -82 } }, 'size M waist: -82 cm must be positive (at least 1 cm)'],
      [{ ...good, XL: { waist: 90 } }, 'the size chart lists size "XL", which no variant of the product has'],
      [{ ...good, S: { ...good.S, waist: 900 } }, 'size S waist: 900 cm is more than 400 cm'],
    ] as const) {
      const r = await d.invoke('admin.saveProduct', { product: jeans(chart), create: false }, ctx());
      expect(r).toMatchObject({ ok: false, error: { code: 'bad_request', message: reason } });
      expect(s.catalog.product('J')!.garmentChart).toEqual(good);
    }
    const notNumber = await d.invoke('admin.saveProduct', { product: jeans({ S: { waist: 'wide' as unknown as number } }), create: false }, ctx());
    expect(notNumber).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    // A price edit through the variant API and a save without a chart both keep it.
    expect(await d.invoke('admin.setVariant', { sku: 'J-M', priceMinor: 39900 }, ctx())).toMatchObject({ ok: true });
    expect(await d.invoke('admin.saveProduct', { product: { ...jeans(), name: 'Straight Jeans' }, create: false }, ctx())).toMatchObject({ ok: true });
    expect(s.catalog.product('J')).toMatchObject({ name: 'Straight Jeans', garmentChart: good });
  });
});
