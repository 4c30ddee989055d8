import * as v from 'valibot';
import type { WebSocket } from 'ws';
import { ClientMessageSchema, type ServerMessage } from '../shared/bridge-protocol';
import { describeIssues } from '../shared/contract-kit';
import { decodeWire, encodeWire, WireError } from '../shared/wire';
import type { CallContext, Dispatcher } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';

/** Above this many queued bytes, lossy events (pose frames) to a slow client are dropped (latest wins, never queue). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface BridgeDeps {
  dispatcher: Dispatcher;
  events: EventHub;
  log: Logger;
  /** Establishes the caller's role for a connection (admin sessions are checked here, on the receiving side). */
  context: () => Omit<CallContext, 'signal'>;
}

/**
 * Serves the contract over one WebSocket: the same `window.atelier` API the Electron preload exposes. Every
 * message is decoded and validated here; a malformed one gets an `error` reply and is logged — the socket and
 * the process live on.
 */
export function attachBridge(socket: WebSocket, deps: BridgeDeps): void {
  const subs = new Map<string, () => void>();
  const inflight = new Map<number, AbortController>();
  const known = new Set(deps.dispatcher.eventChannels);
  let dropped = 0;

  const post = (msg: ServerMessage, droppable = false): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (droppable && socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      dropped++;
      return;
    }
    socket.send(encodeWire(msg));
  };
  const protocolError = (code: string, message: string): void => {
    deps.log.warn({ code, message }, 'bridge: rejected message');
    post({ t: 'error', code, message });
  };

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    let raw: unknown;
    try {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      raw = decodeWire(isBinary ? buf : buf.toString('utf8'));
    } catch (e) {
      protocolError('bad_message', e instanceof WireError ? e.message : 'undecodable message');
      return;
    }
    const parsed = v.safeParse(ClientMessageSchema, raw);
    if (!parsed.success) {
      protocolError('bad_message', `malformed envelope: ${describeIssues(parsed.issues).join('; ')}`);
      return;
    }
    const msg = parsed.output;
    const base = deps.context();
    switch (msg.t) {
      case 'invoke': {
        const ac = new AbortController();
        inflight.set(msg.id, ac);
        void deps.dispatcher.invoke(msg.channel, msg.request, { ...base, signal: ac.signal }).then((result) => {
          inflight.delete(msg.id);
          post({ t: 'result', id: msg.id, result });
        });
        break;
      }
      case 'cancel':
        inflight.get(msg.id)?.abort();
        break;
      case 'sub':
        if (!known.has(msg.channel)) {
          protocolError('unknown_channel', `no event channel ${msg.channel}`);
        } else if (!subs.has(msg.channel)) {
          const channel = msg.channel;
          const lossy = deps.dispatcher.lossyEventChannels.has(channel);
          subs.set(channel, deps.events.subscribe(channel, (payload) => post({ t: 'event', channel, payload }, lossy), true));
        }
        break;
      case 'unsub':
        subs.get(msg.channel)?.();
        subs.delete(msg.channel);
        break;
      case 'send': {
        const err = deps.dispatcher.send(msg.channel, msg.payload, base);
        if (err) protocolError(err.code, err.message);
        break;
      }
    }
  });

  socket.on('close', () => {
    for (const off of subs.values()) off();
    subs.clear();
    for (const ac of inflight.values()) ac.abort();
    if (dropped > 0) deps.log.info({ dropped }, 'bridge: events dropped for a slow client');
  });
}
