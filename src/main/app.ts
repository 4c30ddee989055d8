import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { contract } from '../shared/contract';
import { createDispatcher } from '../core/api/dispatch';
import { createHandlers, createSenders } from '../core/api/handlers';
import { loadConfig } from '../core/config';
import { setCrashLogger } from '../core/log';
import { createCoreServices } from '../core/services';
import { registerIpc } from './ipc';
import { adminOf } from '../core/admin/service';
import { handleAssetScheme, registerAssetScheme } from './asset-protocol';
import { utilityEngineSpawner } from './engine-spawner';
import { isAppUrl, lockDownContents, lockDownSession } from './security';
import { isEscapeKey } from './kiosk-keys';
import { RendererWatchdog } from './recovery';
import { mirrorWindowOptions } from './window-options';

export interface MainPaths {
  /** Folder with index.html of the built renderer. */
  rendererDir: string;
  /** The built preload (CJS). */
  preloadPath: string;
  /** The built inference process entry. */
  inferenceScript: string;
  /** Folder with the ONNX models and manifest.json (extra resources when packaged). */
  modelsDir: string;
  /** The generated demo collection, seeded into an empty catalog. */
  demoDir: string;
}

/** `--data-dir=<dir>` / `--data-dir <dir>` and `--no-kiosk` from Electron's argv. */
export function parseMainArgs(argv: readonly string[]): { dataDir?: string; kiosk?: boolean } {
  const out: { dataDir?: string; kiosk?: boolean } = {};
  argv.forEach((arg, i) => {
    if (arg.startsWith('--data-dir=')) out.dataDir = arg.slice('--data-dir='.length);
    else if (arg === '--data-dir' && argv[i + 1]) out.dataDir = argv[i + 1];
    else if (arg === '--no-kiosk') out.kiosk = false;
  });
  return out;
}

/**
 * The Electron main process: one kiosk window over the core services. Everything Electron-specific is here;
 * `electron` is passed in so tests can hand a fake.
 */
export async function runMain(electron: typeof Electron, paths: MainPaths, argv: readonly string[]): Promise<void> {
  const { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, session, protocol, net } = electron;
  let win: Electron.BrowserWindow | null = null;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const args = parseMainArgs(argv);
  const loaded = loadConfig({ dataDir: args.dataDir, flags: args.kiosk === undefined ? {} : { kiosk: args.kiosk } });
  app.setPath('userData', loaded.dataDir);
  // A kiosk has no menu: no accelerator may open devtools, reload, or quit.
  Menu.setApplicationMenu(null);

  registerAssetScheme(protocol);
  await app.whenReady();
  const spawner = utilityEngineSpawner(electron, paths.inferenceScript);
  const nativeEngine = loaded.config.engine !== 'browser' && fs.existsSync(path.join(paths.modelsDir, 'manifest.json'));
  const services = createCoreServices({
    shell: 'electron',
    loaded,
    engine: nativeEngine ? { spawn: spawner, modelsDir: paths.modelsDir } : undefined,
    demoDir: paths.demoDir,
  });
  setCrashLogger(services.log);
  // Set once a manager asked to quit (the only exit): until then the window refuses to close.
  let quitting = false;
  const base = createHandlers(services);
  const handlers = {
    ...base,
    app: {
      ...base.app,
      quit: () => {
        quitting = true;
        services.log.warn('quit requested by a manager');
        // Answer first, then close the window; window-all-closed stops the services and quits.
        setTimeout(() => win?.close(), 100);
        return { quitting: true };
      },
    },
  };
  const dispatcher = createDispatcher(contract, handlers, createSenders(services), services.log);
  const indexUrl = pathToFileURL(path.join(paths.rendererDir, 'index.html')).href;

  lockDownSession(session.defaultSession);
  handleAssetScheme(protocol, net, (sha) => {
    // A garment, or one of the store's attract-loop pictures and clips.
    const mime = services.catalog.asset(sha)?.mime ?? adminOf(services).media.mime(sha);
    return mime ? { file: services.catalog.assets.pathOf(sha), mime } : null;
  });
  registerIpc({
    ipcMain,
    dispatcher,
    events: services.events,
    poses: services.poses,
    log: services.log,
    isTrustedSender: (url) => isAppUrl(url, indexUrl),
    resolveSession: (token) => adminOf(services).accounts.principal(token),
  });
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents, indexUrl));

  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  const window = new BrowserWindow(
    mirrorWindowOptions({ preloadPath: paths.preloadPath, kiosk: loaded.config.kiosk, devTools: !app.isPackaged }),
  );
  win = window;
  window.once('ready-to-show', () => window.show());
  const wc = window.webContents;
  const production = app.isPackaged;
  const watchdog = new RendererWatchdog(wc, { log: services.log.child({ mod: 'renderer-watchdog' }) });
  wc.on('did-finish-load', () => watchdog.loaded());
  wc.on('render-process-gone', (_e, details) => watchdog.gone(`${details.reason} (exit code ${details.exitCode})`));
  wc.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (isMainFrame) watchdog.gone(`load failed: ${description} (${code}) ${url}`);
  });
  window.on('unresponsive', () => watchdog.unresponsive());
  window.on('responsive', () => watchdog.responsive());
  // Keys that would close, reload, or open devtools never reach the page (the OS-level ones are cage's job).
  wc.on('before-input-event', (event, input) => {
    if (isEscapeKey(input)) event.preventDefault();
  });
  if (production) wc.on('devtools-opened', () => wc.closeDevTools());
  // An OS shutdown (systemd stop → SIGTERM) goes through app.quit(); let it close the window.
  app.on('before-quit', () => (quitting = true));
  window.on('close', (event) => {
    if (!quitting) event.preventDefault();
  });
  app.on('child-process-gone', (_e, details) => {
    services.log.error({ type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name }, 'child process gone');
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    watchdog.dispose();
    powerSaveBlocker.stop(blocker);
    void services.close().then(() => app.quit());
  });
  await window.loadURL(indexUrl);
}
