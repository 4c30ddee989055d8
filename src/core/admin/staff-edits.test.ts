import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePrerequisites } from '../../../tests/support/prerequisites';
import { contract } from '../../shared/contract';
import type { EditProduct } from '../../shared/admin';
import { createDispatcher, type CallContext } from '../api/dispatch';
import { createHandlers, createSenders } from '../api/handlers';
import { loadConfig } from '../config';
import { createCoreServices, type CoreServices } from '../services';
import { waitWords } from './accounts';
import { callerOf, memoryBinding } from './binding';
import { adminOf } from './service';

/** The demo T-shirt picture and its hand-laid anchors (the demo collection, built at install). */
const TEE_DIR = path.resolve('assets/generated/garments');
const TEE_PNG = path.join(TEE_DIR, 'tee-breton-nvw.png');

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** Fresh services with a manager and a staff member signed in on a "tablet" binding. */
async function signedIn() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-staff-edits-'));
  const s = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir, env: {} }), log: pino({ level: 'silent' }) });
  open.push(s);
  const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
  const kiosk = memoryBinding();
  const tablet = memoryBinding();
  const ctx = (b: typeof kiosk): CallContext => ({ ...callerOf((t) => adminOf(s).accounts.principal(t), b, 'ws-admin:10.0.0.7'), kiosk: b === kiosk });
  const { code } = adminOf(s).kioskCodes.issue('setup');
  expect(await d.invoke('admin.setup', { id: 'mgr', displayName: 'Mia', pin: '246810', code }, ctx(kiosk))).toMatchObject({ ok: true });
  expect(await d.invoke('admin.createUser', { id: 'sam', displayName: 'Sam', role: 'staff', pin: '135791' }, ctx(kiosk))).toMatchObject({ ok: true });
  expect(await d.invoke('admin.login', { id: 'sam', pin: '135791' }, ctx(tablet))).toMatchObject({ ok: true });
  return { s, d, staff: ctx(tablet), admin: adminOf(s) };
}

function shirt(sizes: string[], priceMinor = 29900): EditProduct {
  return {
    id: 'shirt',
    name: 'Shirt',
    brand: 'Atelier',
    categoryId: 'tops',
    description: '',
    tags: [],
    variants: sizes.map((size, i) => ({ sku: `SH-${size}`, colour: 'Blue', size, priceMinor, currency: 'CNY', stock: i + 1, asset2d: null, asset3d: null })),
  };
}

describe('bulk price and stock edits', () => {
  it('sets one price for all variants of a product in one transaction with one audit row, and tells the mirrors', async () => {
    const { s, d, staff, admin } = await signedIn();
    const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
    expect(await d.invoke('admin.saveProduct', { product: shirt(sizes), create: true }, staff)).toMatchObject({ ok: true });
    const changes: unknown[] = [];
    s.events.subscribe('catalog.onChange', (c) => changes.push(c));
    const r = await d.invoke('admin.setVariants', { productId: 'shirt', skus: sizes.map((z) => `SH-${z}`), priceMinor: 34900 }, staff);
    expect(r).toMatchObject({ ok: true });
    expect(s.catalog.product('shirt')!.variants.map((x) => x.priceMinor)).toEqual(sizes.map(() => 34900));
    // Stock is untouched by a price edit.
    expect(s.catalog.product('shirt')!.variants.map((x) => x.stock)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(changes).toEqual([expect.objectContaining({ productIds: ['shirt'] })]);
    const audit = admin.audit.query({ action: 'variants.bulk', offset: 0, limit: 10 }).items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: 'sam', target: 'shirt', via: 'tablet', details: { skus: sizes.map((z) => `SH-${z}`), after: { priceMinor: 34900 } } });
    expect((audit[0]!.details as { before: unknown[] }).before[0]).toEqual({ sku: 'SH-XS', priceMinor: 29900, stock: 1 });
    expect(admin.audit.verify().ok).toBe(true);
  });

  it('sets the stock of a selection only', async () => {
    const { s, d, staff } = await signedIn();
    expect(await d.invoke('admin.saveProduct', { product: shirt(['S', 'M', 'L']), create: true }, staff)).toMatchObject({ ok: true });
    expect(await d.invoke('admin.setVariants', { productId: 'shirt', skus: ['SH-S', 'SH-L'], stock: 0 }, staff)).toMatchObject({ ok: true });
    expect(s.catalog.product('shirt')!.variants.map((x) => [x.sku, x.stock, x.priceMinor])).toEqual([
      ['SH-S', 0, 29900],
      ['SH-M', 2, 29900],
      ['SH-L', 0, 29900],
    ]);
  });

  it('refuses an SKU of another product, a negative price or nothing to set with a clear message, and changes nothing', async () => {
    const { s, d, staff, admin } = await signedIn();
    expect(await d.invoke('admin.saveProduct', { product: shirt(['S', 'M']), create: true }, staff)).toMatchObject({ ok: true });
    const before = s.catalog.product('shirt');
    const foreign = await d.invoke('admin.setVariants', { productId: 'shirt', skus: ['SH-S', 'OTHER-M'], priceMinor: 100 }, staff);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found', message: 'product shirt has no variant OTHER-M: nothing was changed' } });
    const negative = await d.invoke('admin.setVariants', { productId: 'shirt', skus: ['SH-S'], priceMinor: -1 }, staff);
    expect(negative).toMatchObject({ ok: false, error: { code: 'bad_request', details: [expect.stringMatching(/must not be negative/)] } });
    const nothing = await d.invoke('admin.setVariants', { productId: 'shirt', skus: ['SH-S'] }, staff);
    expect(nothing).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'nothing to change: give a price or a stock' } });
    expect(s.catalog.product('shirt')).toEqual(before);
    expect(admin.audit.query({ action: 'variants.', offset: 0, limit: 10 }).total).toBe(0);
  });

  it('keeps the catalog as it was when the audit row cannot be written (one transaction)', async () => {
    const { s, admin } = await signedIn();
    await admin.editor.save(shirt(['S', 'M']), true);
    expect(() =>
      admin.editor.setVariants('shirt', ['SH-S', 'SH-M'], { priceMinor: 1 }, () => {
        throw new Error('disk full writing the audit log');
      }),
    ).toThrow(/disk full/);
    expect(s.catalog.product('shirt')!.variants.map((x) => x.priceMinor)).toEqual([29900, 29900]);
  });

  it('refuses a bulk edit from a caller without a session', async () => {
    const { d } = await signedIn();
    const r = await d.invoke('admin.setVariants', { productId: 'shirt', skus: ['SH-S'], priceMinor: 1 }, { origin: 'ws:10.0.0.9', role: 'shopper' });
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('garment anchors saved from the admin', () => {
  it('refuses anchors out of a body’s order with a message naming them, and keeps the stored garment', async () => {
    requirePrerequisites([{ path: TEE_PNG, how: 'the demo collection: `npm ci` builds it, or `node bin/atelier.mjs demo build`' }]);
    const { s, d, staff } = await signedIn();
    const meta = JSON.parse(fs.readFileSync(path.join(TEE_DIR, 'tee-breton-nvw.json'), 'utf8')) as { image: { widthPx: number; heightPx: number }; anchorsPx: Record<string, [number, number]> };
    const good = Object.fromEntries(
      Object.entries(meta.anchorsPx).map(([n, [x, y]]) => [n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), [x / meta.image.widthPx, y / meta.image.heightPx] as [number, number]]),
    );
    const up = await d.invoke('admin.uploadAsset', { kind: '2d', data: new Uint8Array(fs.readFileSync(TEE_PNG)) }, staff);
    expect(up).toMatchObject({ ok: true });
    const sha256 = (up as { value: { asset: { sha256: string } } }).value.asset.sha256;
    const tee = (anchors: Record<string, [number, number]>): EditProduct => ({
      ...shirt(['M']),
      id: 'tee',
      categoryId: 'tshirt',
      variants: [{ sku: 'TEE-M', colour: 'Navy', size: 'M', priceMinor: 9900, currency: 'CNY', stock: 2, asset2d: { sha256, anchors }, asset3d: null }],
    });
    expect(await d.invoke('admin.saveProduct', { product: tee(good), create: true }, staff)).toMatchObject({ ok: true });
    const stored = s.catalog.product('tee');

    // The issue's case: the neck dragged below the hem still "fitted with 3 parts" and was saved.
    const upsideDown = await d.invoke('admin.saveProduct', { product: tee({ ...good, neck: [0.5, 0.98] }), create: false }, staff);
    expect(upsideDown).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: "TEE-M: the anchors are not in a body's order: the neck must be above the left shoulder; the neck must be above the right shoulder" },
    });
    const swapped = await d.invoke('admin.saveProduct', { product: tee({ ...good, left_cuff: good.right_cuff!, right_cuff: good.left_cuff! }), create: false }, staff);
    expect(swapped).toMatchObject({ ok: false, error: { message: expect.stringContaining('left and right cuffs are swapped') } });
    const sleeveIn = await d.invoke('admin.saveProduct', { product: tee({ ...good, right_cuff: [0.45, 0.5] }), create: false }, staff);
    expect(sleeveIn).toMatchObject({ ok: false, error: { message: expect.stringContaining('the right cuff must be outside the body of the garment') } });
    expect(s.catalog.product('tee')).toEqual(stored);
  });
});

describe('a garment back picture saved from the admin', () => {
  it('stores a back of the front’s size; refuses a corrupt or mis-sized one with a clear message, the stored garment kept', async () => {
    requirePrerequisites([{ path: TEE_PNG, how: 'the demo collection: `npm ci` builds it, or `node bin/atelier.mjs demo build`' }]);
    const { s, d, staff } = await signedIn();
    const meta = JSON.parse(fs.readFileSync(path.join(TEE_DIR, 'tee-breton-nvw.json'), 'utf8')) as { image: { widthPx: number; heightPx: number }; anchorsPx: Record<string, [number, number]> };
    const anchors = Object.fromEntries(
      Object.entries(meta.anchorsPx).map(([n, [x, y]]) => [n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), [x / meta.image.widthPx, y / meta.image.heightPx] as [number, number]]),
    );
    const upload = async (data: Uint8Array): Promise<string> => {
      const up = await d.invoke('admin.uploadAsset', { kind: '2d', data }, staff);
      expect(up).toMatchObject({ ok: true });
      return (up as { value: { asset: { sha256: string } } }).value.asset.sha256;
    };
    const png = new Uint8Array(fs.readFileSync(TEE_PNG));
    const front = await upload(png);
    const tee = (back?: string): EditProduct => ({
      ...shirt(['M']),
      id: 'tee',
      categoryId: 'tshirt',
      variants: [{ sku: 'TEE-M', colour: 'Navy', size: 'M', priceMinor: 9900, currency: 'CNY', stock: 2, asset2d: { sha256: front, anchors, ...(back ? { back } : {}) }, asset3d: null }],
    });
    expect(await d.invoke('admin.saveProduct', { product: tee(), create: true }, staff)).toMatchObject({ ok: true });
    expect(s.catalog.product('tee')!.variants[0]!.asset2d!.back).toBeUndefined();
    // A picture of the front's size as its back: saved, and the shopper's mirror is given it.
    const flipped = new Uint8Array(await sharp(png).flop().png().toBuffer());
    const back = await upload(flipped);
    expect(await d.invoke('admin.saveProduct', { product: tee(back), create: false }, staff)).toMatchObject({ ok: true });
    const stored = s.catalog.product('tee');
    expect(stored!.variants[0]!.asset2d!.back).toBe(back);

    // A PNG cut off half-way (its header intact): not decodable.
    const corrupt = await upload(png.subarray(0, Math.floor(png.length / 2)));
    expect(await d.invoke('admin.saveProduct', { product: tee(corrupt), create: false }, staff)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: "TEE-M: the garment's back image cannot be decoded" },
    });
    // Another garment's picture: its anchors would not fit.
    const other = await upload(new Uint8Array(await sharp(png).resize(100, 100).png().toBuffer()));
    expect(await d.invoke('admin.saveProduct', { product: tee(other), create: false }, staff)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: `TEE-M: the garment's back image is 100×100 px, its front ${meta.image.widthPx}×${meta.image.heightPx} px: they must be the same size` },
    });
    expect(s.catalog.product('tee')).toEqual(stored);
  });
});

describe('sign-in messages', () => {
  it('words waits in whole seconds or minutes, rounded up', () => {
    expect(waitWords(1)).toBe('1 second');
    expect(waitWords(30)).toBe('30 seconds');
    expect(waitWords(60)).toBe('1 minute');
    expect(waitWords(61)).toBe('2 minutes');
  });
});
