import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract';
import { decodeWire, encodeWire } from '../../src/shared/wire';
import { createDispatcher } from '../../src/core/api/dispatch';
import { createHandlers, createSenders } from '../../src/core/api/handlers';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/log';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { attachBridge, MAX_INFLIGHT, MAX_UNSENT_BYTES, MESSAGE_BURST } from '../../src/web/bridge';

/** A stand-in for one `ws` socket whose unsent bytes and paused state the test sets and reads. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  paused = false;
  closedWith: number | null = null;
  sent: Array<Record<string, unknown>> = [];
  send(data: string | ArrayBuffer): void {
    this.sent.push(decodeWire(data) as Record<string, unknown>);
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.readyState = 3;
  }
  receive(msg: unknown): void {
    this.emit('message', Buffer.from(encodeWire(msg) as string), false);
  }
}

let services: CoreServices;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-limits-'));
  services = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir: dir, env: {} }), log: createLogger('test', 'silent') });
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function bridge(): FakeSocket {
  const socket = new FakeSocket();
  attachBridge(socket as unknown as WebSocket, {
    dispatcher: createDispatcher(contract, createHandlers(services), createSenders(services), services.log),
    events: services.events,
    poses: services.poses,
    log: services.log,
    peer: 'ws:limits',
    context: () => ({ role: 'shopper', origin: 'ws:test' }),
  });
  return socket;
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('bridge limits', () => {
  it('closes a connection whose unread replies pass the limit', async () => {
    const s = bridge();
    s.receive({ t: 'invoke', id: 1, channel: 'app.config', request: {} });
    await tick();
    expect(s.sent).toHaveLength(1);
    s.bufferedAmount = MAX_UNSENT_BYTES + 1;
    s.receive({ t: 'invoke', id: 2, channel: 'app.config', request: {} });
    await tick();
    expect(s.closedWith).toBe(1008);
    expect(s.sent).toHaveLength(1);
  });

  it('stops reading at the in-flight cap and reads again when calls finish', async () => {
    const s = bridge();
    // The handlers answer on a later tick: until then all MAX_INFLIGHT calls are in flight.
    for (let i = 0; i < MAX_INFLIGHT; i++) s.receive({ t: 'invoke', id: i, channel: 'app.config', request: {} });
    expect(s.paused).toBe(true);
    await tick();
    expect(s.paused).toBe(false);
    expect(s.sent.filter((m) => m.t === 'result')).toHaveLength(MAX_INFLIGHT);
  });

  it('refuses messages past the rate with rate_limited, then closes a flood', async () => {
    const s = bridge();
    for (let i = 0; i < MESSAGE_BURST + 400; i++) s.receive({ t: 'invoke', id: i, channel: 'app.config', request: {} });
    await tick();
    const limited = s.sent.filter((m) => (m.result as { error?: { code: string } } | undefined)?.error?.code === 'rate_limited');
    // The bucket refills at MESSAGES_PER_S while the loop runs: well over half the overshoot is refused.
    expect(limited.length).toBeGreaterThanOrEqual(200);
    for (let i = 0; i < 2100 && s.closedWith === null; i++) s.receive({ t: 'unsub', channel: 'x' });
    expect(s.closedWith).toBe(1008);
  });
});
