import { EventEmitter } from 'node:events';

/**
 * The one fake of `electron` for unit tests: records what main asks of Electron (window options, handlers,
 * menus) and lets tests fire the events Electron would. Use with `vi.mock('electron', () => createFakeElectron())`
 * or pass it to `runMain` directly.
 */
export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  posted: Array<{ channel: string; ports: unknown[] }> = [];
  postMessage(channel: string, _message: unknown, ports: unknown[] = []): void {
    this.posted.push({ channel, ports });
  }
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, ...unknown[]]> = [];
  destroyed = false;
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reloads = 0;
  reload(): void {
    this.reloads++;
  }
  /** Like Electron: the renderer dies and `render-process-gone` follows. */
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
  devToolsClosed = 0;
  closeDevTools(): void {
    this.devToolsClosed++;
  }
}

/** Fires an event with a `preventDefault` and reports whether it was prevented. */
export function fire(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  emitter.emit(name, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: unknown) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  headersListener: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
  webRequest = {
    onHeadersReceived: (fn: FakeSession['headersListener']) => {
      this.headersListener = fn;
    },
  };
  setPermissionRequestHandler(fn: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = fn;
  }
  setPermissionCheckHandler(fn: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = fn;
  }
}

export function createFakeElectron() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    gotLock: true,
    quitCalled: false,
    paths: {} as Record<string, string>,
    requestSingleInstanceLock() {
      return app.gotLock;
    },
    quit() {
      app.quitCalled = true;
    },
    exit() {
      app.quitCalled = true;
    },
    whenReady: () => Promise.resolve(),
    setPath(name: string, value: string) {
      app.paths[name] = value;
    },
  });
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show(): void {
      this.shown = true;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
    closed = false;
    /** Fires `close`; the window closes unless a listener prevented it. */
    close(): void {
      if (!fire(this, 'close')) this.closed = true;
    }
  }
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = Object.assign(new EventEmitter(), {
    handle(channel: string, fn: (...args: unknown[]) => unknown) {
      handlers.set(channel, fn);
    },
  });
  const defaultSession = new FakeSession();
  class FakeUtilityProcess extends EventEmitter {
    pid = 4242;
    posted: Array<{ message: unknown; ports: unknown[] }> = [];
    killed = false;
    constructor(
      readonly modulePath: string,
      readonly options: unknown,
    ) {
      super();
    }
    postMessage(message: unknown, ports: unknown[] = []): void {
      this.posted.push({ message, ports });
    }
    kill(): boolean {
      this.killed = true;
      this.emit('exit', 9);
      return true;
    }
  }
  const utilityChildren: FakeUtilityProcess[] = [];
  const blockers: string[] = [];
  let menu: unknown = 'default';
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    windows,
    ipcMain,
    ipcHandlers: handlers,
    session: { defaultSession },
    Menu: {
      setApplicationMenu(m: unknown) {
        menu = m;
      },
      get current() {
        return menu;
      },
    },
    utilityChildren,
    protocol: {
      privileged: [] as unknown[],
      handlers: new Map<string, (req: Request) => Response | Promise<Response>>(),
      registerSchemesAsPrivileged(schemes: unknown[]) {
        this.privileged.push(...schemes);
      },
      handle(scheme: string, fn: (req: Request) => Response | Promise<Response>) {
        this.handlers.set(scheme, fn);
      },
    },
    net: { fetch: (url: string) => Promise.resolve(new Response(`fetched ${url}`)) },
    utilityProcess: {
      fork(modulePath: string, _args: string[], options: unknown) {
        const c = new FakeUtilityProcess(modulePath, options);
        utilityChildren.push(c);
        return c;
      },
    },
    powerSaveBlocker: {
      start(type: string) {
        blockers.push(type);
        return blockers.length;
      },
      stop() {},
      blockers,
    },
  };
}
export type FakeElectron = ReturnType<typeof createFakeElectron>;
