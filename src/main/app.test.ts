import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Electron from 'electron';
import { createFakeElectron, fire, type FakeElectron } from '../../tests/fakes/electron';
import { IPC_INVOKE } from '../shared/ipc-channels';
import { parseMainArgs, runMain } from './app';

const dirs: string[] = [];
function tmpDataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-main-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function start(fake: FakeElectron, argv: string[], modelsDir = '/nonexistent'): Promise<void> {
  await runMain(
    fake as unknown as typeof Electron,
    {
      rendererDir: '/opt/atelier/out/renderer',
      preloadPath: '/opt/atelier/out/preload/index.cjs',
      inferenceScript: '/opt/atelier/out/node/inference-process.js',
      modelsDir,
      demoDir: '/nonexistent',
    },
    argv,
  );
}

describe('Electron main', () => {
  it('opens one locked-down kiosk window on the renderer', async () => {
    const fake = createFakeElectron();
    const dataDir = tmpDataDir();
    await start(fake, ['electron', '.', `--data-dir=${dataDir}`]);
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    const o = win.options as { kiosk: boolean; fullscreen: boolean; webPreferences: Record<string, unknown> };
    expect(o.kiosk).toBe(true);
    expect(o.fullscreen).toBe(true);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      preload: '/opt/atelier/out/preload/index.cjs',
    });
    expect(win.loadedUrl).toBe('file:///opt/atelier/out/renderer/index.html');
    expect(fake.Menu.current).toBeNull();
    expect(fake.powerSaveBlocker.blockers).toEqual(['prevent-display-sleep']);
    expect(fake.app.paths.userData).toBe(dataDir);
  });

  it('kiosk mode is configurable', async () => {
    const fake = createFakeElectron();
    await start(fake, ['electron', '.', '--data-dir', tmpDataDir(), '--no-kiosk']);
    expect((fake.windows[0]!.options as { kiosk: boolean }).kiosk).toBe(false);
  });

  it('a second instance quits instead of opening another window', async () => {
    const fake = createFakeElectron();
    fake.app.gotLock = false;
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`]);
    expect(fake.app.quitCalled).toBe(true);
    expect(fake.windows).toHaveLength(0);
  });

  it('IPC answers our renderer, refuses other frames and survives garbage', async () => {
    const fake = createFakeElectron();
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`]);
    const invoke = fake.ipcHandlers.get(IPC_INVOKE)!;
    const ours = { sender: fake.windows[0]!.webContents, senderFrame: { url: 'file:///opt/atelier/out/renderer/index.html' } };
    const info = (await invoke(ours, 'app.info', {})) as { ok: boolean; value: { shell: string } };
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });

    const foreign = { senderFrame: { url: 'https://evil.example/' } };
    expect(await invoke(foreign, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(ours, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await invoke(ours, 'app.info', 'garbage')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await invoke(ours, { toString: null }, undefined)).toMatchObject({ ok: false });
  });

  it('runs inference in a utilityProcess that main alone talks to: no port to the renderer, nothing transferred', async () => {
    const fake = createFakeElectron();
    const models = tmpDataDir();
    fs.writeFileSync(path.join(models, 'manifest.json'), '{}');
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`], models);
    expect(fake.utilityChildren).toHaveLength(1);
    const child = fake.utilityChildren[0]!;
    expect(child.modulePath).toBe('/opt/atelier/out/node/inference-process.js');
    expect(child.posted[0]!.message).toMatchObject({ t: 'init', init: { modelsDir: models, modelSize: 'full' } });
    child.emit('spawn');
    const wc = fake.windows[0]!.webContents;
    wc.emit('did-finish-load');
    expect(wc.posted).toEqual([]);
    expect(child.posted.every((p) => p.ports.length === 0)).toBe(true);
    fake.app.emit('window-all-closed');
  });

  it('without models the engine is absent and nothing is spawned', async () => {
    const fake = createFakeElectron();
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`]);
    expect(fake.utilityChildren).toHaveLength(0);
  });

  it('reloads a crashed renderer with back-off and kills one that hangs', async () => {
    const fake = createFakeElectron();
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`]);
    const win = fake.windows[0]!;
    vi.useFakeTimers();
    try {
      win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      vi.advanceTimersByTime(500);
      expect(win.webContents.reloads).toBe(1);
      win.emit('unresponsive');
      vi.advanceTimersByTime(10_000);
      // The hang is killed (render-process-gone follows) and the page reloaded once, after the doubled back-off.
      vi.advanceTimersByTime(1000);
      expect(win.webContents.reloads).toBe(2);
    } finally {
      vi.useRealTimers();
      fake.app.emit('window-all-closed');
    }
  });

  it('swallows keys that would escape the kiosk and lets typing through', async () => {
    const fake = createFakeElectron();
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`]);
    const wc = fake.windows[0]!.webContents;
    const press = (key: string, mods: Record<string, boolean> = {}): boolean =>
      fire(wc, 'before-input-event', { type: 'keyDown', key, control: false, alt: false, meta: false, shift: false, ...mods });
    expect(press('F4', { alt: true })).toBe(true);
    expect(press('w', { control: true })).toBe(true);
    expect(press('I', { control: true, shift: true })).toBe(true);
    expect(press('F11')).toBe(true);
    expect(press('7')).toBe(false);
    fake.app.emit('window-all-closed');
  });

  it('the window refuses to close; app.quit needs a manager, then closes it', async () => {
    const fake = createFakeElectron();
    await start(fake, ['electron', '.', `--data-dir=${tmpDataDir()}`]);
    const win = fake.windows[0]!;
    win.close();
    expect(win.closed).toBe(false);

    const invoke = fake.ipcHandlers.get(IPC_INVOKE)!;
    const ours = { sender: win.webContents, senderFrame: { url: 'file:///opt/atelier/out/renderer/index.html' } };
    // Without a staff session the caller is a shopper: turned away, and nothing closes.
    expect(await invoke(ours, 'app.quit', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await new Promise((r) => setTimeout(r, 150));
    expect(win.closed).toBe(false);
    // An OS shutdown (app.quit → before-quit) may close it.
    fake.app.emit('before-quit');
    win.close();
    expect(win.closed).toBe(true);
    fake.app.emit('window-all-closed');
  });

  it('parses its own flags out of Electron argv', () => {
    expect(parseMainArgs(['x', '--data-dir=/d', '--no-kiosk'])).toEqual({ dataDir: '/d', kiosk: false });
    expect(parseMainArgs(['x', '--data-dir', '/e'])).toEqual({ dataDir: '/e' });
    expect(parseMainArgs(['x'])).toEqual({});
  });
});
