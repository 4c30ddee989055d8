import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcMain } from 'electron';
import { createFakeElectron, FakeWebContents } from '../../tests/fakes/electron';
import { contract } from '../shared/contract';
import { IPC_INVOKE } from '../shared/ipc-channels';
import { createDispatcher } from '../core/api/dispatch';
import { createHandlers, createSenders } from '../core/api/handlers';
import { loadConfig } from '../core/config';
import { createCoreServices, type CoreServices } from '../core/services';
import { adminOf } from '../core/admin/service';
import { registerIpc } from './ipc';

const open: CoreServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const APP_URL = 'file:///app/index.html';

describe('admin over Electron IPC', () => {
  it('holds a session per webContents and refuses admin calls without one', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ipc-admin-'));
    const s = createCoreServices({ shell: 'electron', loaded: loadConfig({ dataDir, env: {} }), log: pino({ level: 'silent' }) });
    open.push(s);
    const electron = createFakeElectron();
    registerIpc({
      ipcMain: electron.ipcMain as unknown as IpcMain,
      dispatcher: createDispatcher(contract, createHandlers(s), createSenders(s), s.log),
      events: s.events,
      poses: s.poses,
      log: s.log,
      isTrustedSender: (url) => url === APP_URL,
      resolveSession: (t) => adminOf(s).accounts.principal(t),
    });
    const handler = electron.ipcHandlers.get(IPC_INVOKE)!;
    const kiosk = new FakeWebContents();
    const other = new FakeWebContents();
    const call = (wc: FakeWebContents, channel: string, req: unknown) => handler({ sender: wc, senderFrame: { url: APP_URL } }, channel, req) as Promise<{ ok: boolean; error?: { code: string } }>;

    const product = { id: 'P9', name: 'Coat', brand: 'A', categoryId: 'coats', variants: [{ sku: 'P9-M', colour: 'Red', size: 'M', priceMinor: 100, currency: 'CNY', stock: 1 }] };
    expect(await call(kiosk, 'admin.saveProduct', { product, create: true })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.catalog.product('P9')).toBeNull();

    // First run on the kiosk's window, with the one-time code its screen shows.
    expect(await call(kiosk, 'admin.setup', { id: 'mgr', displayName: 'Mia', pin: '246810', code: '000000' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const { value: shown } = (await call(kiosk, 'admin.kioskCode', { purpose: 'setup' })) as unknown as { value: { code: string } };
    expect(await call(kiosk, 'admin.setup', { id: 'mgr', displayName: 'Mia', pin: '246810', code: shown.code })).toMatchObject({ ok: true });
    expect(await call(kiosk, 'admin.saveProduct', { product, create: true })).toMatchObject({ ok: true });
    // The session belongs to the webContents that entered the PIN, not to every renderer.
    expect(await call(other, 'admin.deleteProduct', { id: 'P9' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.catalog.product('P9')).not.toBeNull();
    // An untrusted frame is refused before anything else.
    expect(await handler({ sender: kiosk, senderFrame: { url: 'https://evil.example/' } }, 'admin.deleteProduct', { id: 'P9' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Revoked mid-use (e.g. expiry): the next call is refused.
    adminOf(s).accounts.sessions.revokeUser('mgr');
    expect(await call(kiosk, 'admin.deleteProduct', { id: 'P9' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(s.catalog.product('P9')).not.toBeNull();
  });
});
