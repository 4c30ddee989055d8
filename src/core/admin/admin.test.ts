import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import type { EditProduct } from '../../shared/admin';
import { createDispatcher, type CallContext } from '../api/dispatch';
import { createHandlers, createSenders } from '../api/handlers';
import { loadConfig } from '../config';
import { createCoreServices, type CoreServices } from '../services';
import { callerOf, memoryBinding } from './binding';
import { dummyHash, hashSecret, verifySecret } from './hash';
import { afterFailure, BASE_LOCK_MS, lockedForMs, MAX_LOCK_MS, UNLOCKED, type LockState } from './lockout';
import { SessionStore, SESSION_IDLE_MS } from './sessions';
import { adminOf } from './service';
import { checkGlb } from './glb';
import { KioskCodes, KIOSK_CODE_MAX_WRONG, KIOSK_CODE_TTL_MS } from './kiosk-codes';
import { addressKey, RateWindow } from './login-guard';

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function services(): CoreServices {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-admin-'));
  const s = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir, env: {} }), log: pino({ level: 'silent' }) });
  open.push(s);
  return s;
}

function product(id: string, sku: string, priceMinor: number): EditProduct {
  return { id, name: `Shirt ${id}`, brand: 'Atelier', categoryId: 'tops', description: '', tags: [], variants: [{ sku, colour: 'Blue', size: 'M', priceMinor, currency: 'CNY', stock: 3, asset2d: null, asset3d: null }] };
}

describe('hash', () => {
  it('verifies the right secret only, with a fresh salt each time', async () => {
    const a = await hashSecret('4321');
    const b = await hashSecret('4321');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifySecret('4321', a)).toBe(true);
    expect(await verifySecret('4322', a)).toBe(false);
    expect(await verifySecret('4321', 'scrypt$garbage')).toBe(false);
    expect(await verifySecret('x', await dummyHash())).toBe(false);
  });
});

describe('lockout', () => {
  it('locks after five failures and doubles each further lock-out, up to the cap', () => {
    let s: LockState = UNLOCKED;
    for (let i = 0; i < 4; i++) s = afterFailure(s, 1000);
    expect(lockedForMs(s, 1000)).toBe(0);
    s = afterFailure(s, 1000);
    expect(lockedForMs(s, 1000)).toBe(BASE_LOCK_MS);
    for (let i = 0; i < 5; i++) s = afterFailure(s, 100_000);
    expect(lockedForMs(s, 100_000)).toBe(2 * BASE_LOCK_MS);
    for (let k = 0; k < 20; k++) for (let i = 0; i < 5; i++) s = afterFailure(s, 0);
    expect(lockedForMs(s, 0)).toBe(MAX_LOCK_MS);
  });
});

describe('sessions', () => {
  it('expires on idle and on the absolute limit, and revokes per user', () => {
    let now = 0;
    const store = new SessionStore(() => now, 10 * SESSION_IDLE_MS);
    const { token } = store.create('ann', 'staff');
    now += SESSION_IDLE_MS - 1;
    expect(store.check(token)?.userId).toBe('ann');
    now += SESSION_IDLE_MS - 1;
    expect(store.check(token)?.userId).toBe('ann');
    now += SESSION_IDLE_MS;
    expect(store.check(token)).toBeNull();
    const b = store.create('bob', 'manager').token;
    store.revokeUser('bob');
    expect(store.check(b)).toBeNull();
    expect(store.check('forged')).toBeNull();
  });
});

describe('accounts', () => {
  it('has no account until setup, allows setup once, and locks after five wrong PINs', async () => {
    const admin = adminOf(services());
    expect(admin.accounts.needsSetup()).toBe(true);
    await expect(admin.accounts.login('manager', '0000', 't')).rejects.toMatchObject({ code: 'unauthorized' });
    const { token } = await admin.accounts.setup('mgr', 'Mia', '246810');
    expect(admin.accounts.principal(token)).toEqual({ userId: 'mgr', role: 'manager' });
    await expect(admin.accounts.setup('mgr2', 'Eve', '13579135')).rejects.toMatchObject({ code: 'conflict' });
    for (let i = 1; i <= 4; i++) {
      const left = 5 - i;
      const message = `Wrong staff id or PIN. ${left} ${left === 1 ? 'try' : 'tries'} left.`;
      await expect(admin.accounts.login('mgr', '1111', 't')).rejects.toMatchObject({ code: 'unauthorized', message, details: [`triesLeft: ${left}`] });
    }
    await expect(admin.accounts.login('mgr', '1111', 't')).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Too many wrong PINs. Try again in 30 seconds.',
      details: ['lockedForS: 30'],
    });
    // Locked: even the right PIN is refused.
    await expect(admin.accounts.login('mgr', '246810', 't')).rejects.toMatchObject({ code: 'forbidden' });
    const actions = admin.audit.query({ offset: 0, limit: 50 }).items.map((e) => e.action);
    expect(actions).toContain('lockout');
    expect(actions).toContain('setup');
    expect(JSON.stringify(admin.audit.query({ offset: 0, limit: 50 }))).not.toContain('246810');
  });
});

describe('login hardening', () => {
  it('evaluates at most five parallel guesses, re-checks the lock after the hash, limits per address', async () => {
    const admin = adminOf(services());
    await admin.accounts.setup('mgr', 'Mia', '246810');
    // Twelve guesses at once from twelve addresses (the per-address limit is not what stops them here).
    const guesses = Array.from({ length: 12 }, (_, i) => admin.accounts.login('mgr', i === 11 ? '246810' : `11111${i}`, 't', `ws:10.0.0.${i}`));
    const results = await Promise.allSettled(guesses);
    expect(results.filter((r) => r.status === 'fulfilled')).toEqual([]);
    const evaluated = admin.audit.query({ offset: 0, limit: 100 }).items.filter((e) => e.action === 'login.failed' || e.action === 'lockout');
    expect(evaluated.length).toBe(5);
    expect(admin.audit.query({ offset: 0, limit: 100 }).items.filter((e) => e.action === 'lockout')).toHaveLength(1);
    // A manager at the kiosk gets back in with the right PIN despite the lock.
    const { token } = await admin.accounts.unlockAtKiosk('mgr', '246810', 'ipc:kiosk', 'local');
    expect(admin.accounts.principal(token)).toEqual({ userId: 'mgr', role: 'manager' });
    expect(admin.accounts.list().find((u) => u.id === 'mgr')?.lockedForS).toBe(0);
  });

  it('refuses attempts past the per-address limit without hashing', async () => {
    const admin = adminOf(services());
    const replies = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => admin.accounts.login(`nobody${i}`, '12345678', 't', 'ws:192.168.1.9')));
    const limited = replies.filter((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'rate_limited');
    expect(limited).toHaveLength(10);
    expect(addressKey('ws:::ffff:192.168.1.9')).toBe('192.168.1.9');
    let now = 0;
    const w = new RateWindow(2, 1000, () => now);
    expect([w.take('a'), w.take('a'), w.take('a')]).toEqual([true, true, false]);
    now = 1000;
    expect(w.take('a')).toBe(true);
  });

  it('new PINs need the configured minimum; existing short PINs still sign in', async () => {
    const s = services();
    const admin = adminOf(s);
    await expect(admin.accounts.setup('mgr', 'Mia', '1234')).rejects.toMatchObject({ code: 'bad_request', message: /at least 6 digits/ });
    await admin.accounts.setup('mgr', 'Mia', '246810');
    // An account from before the rule: a 4-digit PIN stored directly.
    s.catalog.db.prepare(`INSERT INTO staff_users(id, display_name, role, pin_hash, created_at) VALUES ('old', 'Old', 'staff', ?, 'x')`).run(await hashSecret('4321'));
    expect((await admin.accounts.login('old', '4321', 't')).info.userId).toBe('old');
    await expect(admin.accounts.create({ userId: 'mgr', role: 'manager' }, { id: 'new', displayName: 'New', role: 'staff', pin: '12345' })).rejects.toMatchObject({ code: 'bad_request' });
    s.loaded.config = { ...s.loaded.config, security: { ...s.loaded.config.security, minPinDigits: 8 } };
    await expect(admin.accounts.create({ userId: 'mgr', role: 'manager' }, { id: 'new', displayName: 'New', role: 'staff', pin: '1234567' })).rejects.toMatchObject({ message: /at least 8 digits/ });
  });
});

describe('kiosk codes', () => {
  it('work once, for one purpose, until they expire or are guessed at', () => {
    let now = 0;
    const codes = new KioskCodes(() => now);
    const a = codes.issue('setup').code;
    expect(a).toMatch(/^\d{6}$/);
    expect(codes.consume('unlock', a)).toBe(false);
    expect(codes.consume('setup', a)).toBe(true);
    expect(codes.consume('setup', a)).toBe(false);
    const b = codes.issue('unlock').code;
    for (let i = 0; i < KIOSK_CODE_MAX_WRONG; i++) expect(codes.consume('unlock', b === '000000' ? '000001' : '000000')).toBe(false);
    expect(codes.consume('unlock', b)).toBe(false);
    const c = codes.issue('unlock').code;
    now += KIOSK_CODE_TTL_MS;
    expect(codes.consume('unlock', c)).toBe(false);
  });
});

describe('admin channels through the dispatcher', () => {
  it('refuses callers without a session and lets staff edit but not manage', async () => {
    const s = services();
    const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
    const mirror = memoryBinding();
    const ctx = (b = mirror): CallContext => ({ ...callerOf((t) => adminOf(s).accounts.principal(t), b, 'test'), kiosk: b === mirror });
    expect((await d.invoke('admin.saveProduct', { product: product('P1', 'P1-M', 100), create: true }, ctx())).ok).toBe(false);
    const { code } = adminOf(s).kioskCodes.issue('setup');
    const setup = await d.invoke('admin.setup', { id: 'mgr', displayName: 'Mia', pin: '246810', code }, ctx());
    expect(setup).toMatchObject({ ok: true, value: { role: 'manager' } });
    expect((await d.invoke('admin.createUser', { id: 'sam', displayName: 'Sam', role: 'staff', pin: '135791' }, ctx())).ok).toBe(true);

    const tablet = memoryBinding();
    expect(await d.invoke('admin.login', { id: 'sam', pin: '135791' }, ctx(tablet))).toMatchObject({ ok: true });
    const created = await d.invoke('admin.saveProduct', { product: product('P1', 'P1-M', 19900), create: true }, ctx(tablet));
    expect(created).toMatchObject({ ok: true, value: { id: 'P1' } });
    expect(await d.invoke('admin.users', {}, ctx(tablet))).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const changes: unknown[] = [];
    s.events.subscribe('catalog.onChange', (c) => changes.push(c));
    expect(await d.invoke('admin.setVariant', { sku: 'P1-M', priceMinor: 24900 }, ctx(tablet))).toMatchObject({ ok: true });
    expect(s.catalog.product('P1')?.variants[0]?.priceMinor).toBe(24900);
    expect(changes).toEqual([expect.objectContaining({ productIds: ['P1'] })]);

    // Validation: a clear message, nothing written.
    const bad = await d.invoke('admin.setVariant', { sku: 'P1-M', priceMinor: -5 }, ctx(tablet));
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', details: [expect.stringMatching(/must not be negative/)] } });
    expect(await d.invoke('admin.saveProduct', { product: product('P1', 'P1-M', 1), create: true }, ctx(tablet))).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Signed out: refused again and the price stays.
    await d.invoke('admin.logout', {}, ctx(tablet));
    expect(await d.invoke('admin.setVariant', { sku: 'P1-M', priceMinor: 1 }, ctx(tablet))).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.catalog.product('P1')?.variants[0]?.priceMinor).toBe(24900);

    const audit = adminOf(s).audit.query({ action: 'variant.', offset: 0, limit: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ userId: 'sam', target: 'P1-M' });
  });

  it('aggregates try-ons per product, day, hour and pairs, and exports CSV', async () => {
    const s = services();
    const a = adminOf(s);
    await a.editor.save(product('P1', 'P1-M', 100), true);
    await a.editor.save(product('P2', 'P2-M', 100), true);
    a.analytics.record({ sessionId: 'visit-aaaa', sku: 'P1-M', startedAt: '2025-03-01T10:05:00Z', durationMs: 4000 });
    a.analytics.record({ sessionId: 'visit-aaaa', sku: 'P2-M', startedAt: '2025-03-01T10:06:00Z', durationMs: 2000 });
    a.analytics.record({ sessionId: 'visit-bbbb', sku: 'P1-M', startedAt: '2025-03-02T15:00:00Z', durationMs: 6000 });
    const r = a.analytics.summary({});
    expect(r).toMatchObject({ totalTryOns: 3, sessions: 2, avgDurationMs: 4000 });
    expect(r.perProduct[0]).toMatchObject({ productId: 'P1', count: 2, avgDurationMs: 5000 });
    expect(r.perDay).toEqual([{ day: '2025-03-01', count: 2 }, { day: '2025-03-02', count: 1 }]);
    expect(r.sessionsPerHour).toEqual([{ hour: 10, sessions: 1 }, { hour: 15, sessions: 1 }]);
    expect(r.triedTogether).toEqual([{ a: 'P1', b: 'P2', count: 1 }]);
    expect(a.analytics.csv({})).toContain('tried_together,P1,P2,1');
    expect(a.analytics.summary({ from: '2025-03-02T00:00:00Z' }).totalTryOns).toBe(1);
  });
});

describe('glb', () => {
  function glb(json: object): Uint8Array {
    const text = Buffer.from(JSON.stringify(json));
    const pad = (4 - (text.length % 4)) % 4;
    const body = Buffer.concat([text, Buffer.alloc(pad, 0x20)]);
    const head = Buffer.alloc(20);
    head.writeUInt32LE(0x46546c67, 0);
    head.writeUInt32LE(2, 4);
    head.writeUInt32LE(20 + body.length, 8);
    head.writeUInt32LE(body.length, 12);
    head.writeUInt32LE(0x4e4f534a, 16);
    return new Uint8Array(Buffer.concat([head, body]));
  }
  it('accepts a skinned mesh with the bones and names what is missing', () => {
    const nodes = [{ name: 'hips' }, { name: 'spine' }, { mesh: 0, skin: 0 }];
    const ok = glb({ asset: { version: '2.0' }, nodes, meshes: [{ primitives: [{ attributes: { POSITION: 0, JOINTS_0: 1, WEIGHTS_0: 2 } }] }], skins: [{ joints: [0, 1] }] });
    expect(checkGlb(ok, ['hips', 'spine'])).toEqual({ ok: true, problems: [], bones: ['hips', 'spine'] });
    expect(checkGlb(ok, ['hips', 'chest']).problems).toEqual(['missing bones: chest']);
    const rigid = glb({ asset: { version: '2.0' }, nodes: [{ mesh: 0 }], meshes: [{ primitives: [{ attributes: { POSITION: 0 } }] }] });
    expect(checkGlb(rigid, ['hips']).problems[0]).toMatch(/no skinned mesh/);
    expect(checkGlb(new Uint8Array(40), ['hips']).problems[0]).toMatch(/not a GLB/);
  });
});
