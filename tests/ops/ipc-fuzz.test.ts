import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Electron from 'electron';
import type { WebSocket } from 'ws';
import { createFakeElectron, type FakeElectron } from '../fakes/electron';
import { IPC_INVOKE, IPC_SEND, IPC_SUBSCRIBE } from '../../src/shared/ipc-channels';
import { contract } from '../../src/shared/contract';
import { channelsOf } from '../../src/shared/contract-kit';
import { encodeWire, decodeWire } from '../../src/shared/wire';
import { runMain } from '../../src/main/app';
import { attachBridge } from '../../src/web/bridge';
import { createDispatcher } from '../../src/core/api/dispatch';
import { createHandlers, createSenders } from '../../src/core/api/handlers';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/log';

/**
 * Malformed and hostile messages at both shells' boundary — Electron IPC (through the one fake of electron) and
 * the web shell's WebSocket bridge — must never throw, never crash, and always answer with a typed error.
 */

const CHANNELS = channelsOf(contract).map((c) => c.name);
const ERROR_CODES = ['unknown_channel', 'bad_request', 'bad_response', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'unavailable', 'aborted', 'busy', 'rate_limited', 'internal'];
const RENDERER_URL = 'file:///opt/atelier/out/renderer/index.html';

/** Values a hostile renderer could send: anything JSON-ish, typed arrays, objects that break toString/valueOf. */
const hostile = fc.oneof(
  fc.anything({ withTypedArray: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, maxDepth: 4 }),
  fc.constant({ toString: null, valueOf: null }),
  fc.constant(Object.create(null) as unknown),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.string({ maxLength: 20_000 }),
  fc.record({ frameId: fc.integer(), timestampMs: fc.double(), widthPx: fc.integer(), heightPx: fc.integer(), data: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ query: fc.string(), limit: fc.oneof(fc.integer(), fc.double(), fc.string()), cursor: fc.anything() }, { requiredKeys: [] }),
);
const channel = fc.oneof(fc.constantFrom(...CHANNELS), fc.string({ maxLength: 120 }), fc.anything({ maxDepth: 1 }));

describe('fuzz: Electron IPC boundary', () => {
  let fake: FakeElectron;
  let dir: string;
  beforeAll(async () => {
    // Every rejected message logs a warning: thousands of them would bury the test output.
    vi.stubEnv('ATELIER_LOG_LEVEL', 'error');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-fuzz-'));
    fake = createFakeElectron();
    await runMain(
      fake as unknown as typeof Electron,
      { rendererDir: '/opt/atelier/out/renderer', preloadPath: '/p.cjs', inferenceScript: '/i.js', modelsDir: '/nonexistent', demoDir: '/nonexistent' },
      ['electron', '.', `--data-dir=${dir}`],
    );
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    fake.app.emit('window-all-closed');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sender = () => fake.windows[0]!.webContents;
  const frames = fc.oneof(
    fc.constant({ url: RENDERER_URL }),
    fc.constant({ url: 'https://evil.example/' }),
    fc.constant({ url: 'file:///etc/passwd' }),
    fc.constant(null),
    fc.record({ url: fc.anything({ maxDepth: 1 }) }),
  );

  it('invoke: every reply is { ok } with a known error code, and foreign frames are always refused', async () => {
    const invoke = fake.ipcHandlers.get(IPC_INVOKE)!;
    await fc.assert(
      fc.asyncProperty(frames, channel, hostile, async (senderFrame, ch, req) => {
        const r = (await invoke({ sender: sender(), senderFrame }, ch, req)) as { ok: boolean; error?: { code: string; message: string } };
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(ERROR_CODES).toContain(r.error!.code);
          expect(typeof r.error!.message).toBe('string');
        }
        if (senderFrame?.url !== RENDERER_URL) expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        // Nothing a shopper sends may reach a staff or manager channel.
        if (ch === 'app.quit' || ch === 'catalog.sync' || ch === 'catalog.syncStatus') expect(r.ok).toBe(false);
      }),
      { numRuns: 400 },
    );
    expect(fake.windows[0]!.closed).toBe(false);
    expect(await invoke({ sender: sender(), senderFrame: { url: RENDERER_URL } }, 'app.info', {})).toMatchObject({ ok: true });
  });

  it('send and subscribe: garbage never throws', async () => {
    const emitSafely = (name: string, ...args: unknown[]): void => {
      expect(() => fake.ipcMain.emit(name, ...args)).not.toThrow();
    };
    fc.assert(
      fc.property(frames, channel, hostile, (senderFrame, ch, payload) => {
        emitSafely(IPC_SEND, { sender: sender(), senderFrame }, ch, payload);
        emitSafely(IPC_SUBSCRIBE, { sender: sender(), senderFrame }, ch, payload);
      }),
      { numRuns: 400 },
    );
    const invoke = fake.ipcHandlers.get(IPC_INVOKE)!;
    expect(await invoke({ sender: sender(), senderFrame: { url: RENDERER_URL } }, 'app.config', {})).toMatchObject({ ok: true });
  });
});

/** A stand-in for one `ws` socket: records what the bridge sends. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: unknown[] = [];
  send(data: string | ArrayBuffer): void {
    this.sent.push(decodeWire(data));
  }
  pause(): void {}
  resume(): void {}
  close(): void {
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
}

describe('fuzz: WebSocket bridge envelopes', () => {
  let services: CoreServices;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-fuzz-ws-'));
    services = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir: dir, env: {} }), log: createLogger('test', 'silent') });
  });
  afterAll(async () => {
    await services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('well-formed envelopes around hostile payloads get typed errors; the socket lives on', async () => {
    const dispatcher = createDispatcher(contract, createHandlers(services), createSenders(services), services.log);
    const socket = new FakeSocket();
    attachBridge(socket as unknown as WebSocket, {
      dispatcher,
      events: services.events,
      poses: services.poses,
      log: services.log,
      peer: 'ws:test',
      context: () => ({ role: 'shopper', origin: 'ws:test' }),
    });
    const envelope = fc.oneof(
      fc.record({ t: fc.constant('invoke'), id: fc.oneof(fc.nat(), fc.integer(), fc.double()), channel, request: hostile }),
      fc.record({ t: fc.constant('send'), channel, payload: hostile }),
      fc.record({ t: fc.constantFrom('sub', 'unsub'), channel }),
      fc.record({ t: fc.constant('cancel'), id: fc.anything({ maxDepth: 1 }) }),
      fc.record({ t: fc.anything({ maxDepth: 1 }) }),
    );
    await fc.assert(
      fc.asyncProperty(envelope, async (msg) => {
        let data: string | ArrayBuffer;
        try {
          data = encodeWire(msg);
        } catch {
          return; // not encodable (BigInt, cycles): a client could not send it either
        }
        const before = socket.sent.length;
        expect(() => socket.emit('message', typeof data === 'string' ? Buffer.from(data) : Buffer.from(data), typeof data !== 'string')).not.toThrow();
        await new Promise((r) => setImmediate(r));
        for (const m of socket.sent.slice(before) as Array<{ t: string; code?: string; result?: { ok: boolean; error?: { code: string } } }>) {
          if (m.t === 'error') expect(typeof m.code).toBe('string');
          if (m.t === 'result' && !m.result!.ok) expect(ERROR_CODES).toContain(m.result!.error!.code);
        }
      }),
      { numRuns: 400 },
    );
    socket.emit('message', Buffer.from(encodeWire({ t: 'invoke', id: 7, channel: 'app.config', request: {} }) as string), false);
    await new Promise((r) => setTimeout(r, 20));
    expect(socket.sent.at(-1)).toMatchObject({ t: 'result', id: 7, result: { ok: true } });
    socket.emit('close');
  });
});
