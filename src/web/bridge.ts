import * as v from 'valibot';
import type { WebSocket } from 'ws';
import { ClientMessageSchema, type ClientMessage, type ServerMessage } from '../shared/bridge-protocol';
import { ApiError, describeIssues } from '../shared/contract-kit';
import { isEventChannel } from '../shared/contract';
import type { PoseFrame } from '../shared/pose';
import { decodeWire, encodeWire, WireError } from '../shared/wire';
import type { CallContext, Dispatcher } from '../core/api/dispatch';
import type { EventHub } from '../core/events';
import type { Logger } from '../core/log';
import type { PoseRouter } from '../core/pose-router';

/** Above this many queued bytes, lossy events (pose frames) to a slow client are dropped (latest wins, never queue). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * A client whose unsent replies pass this is not reading them: it is closed rather than allowed to grow the
 * server's memory. Above the lossy limit, so a slow mirror loses pose frames long before it loses its connection.
 * @default 8 MiB
 */
export const MAX_UNSENT_BYTES = 8 * 1024 * 1024;
/** Calls one connection may have in flight; past it the socket is not read until some finish. @default 32 */
export const MAX_INFLIGHT = 32;
/**
 * Calls that arrived in the same read as the one that filled the in-flight cap wait here (a page that asks for 50
 * things at start-up must not get errors); past this many, or past WAITING_MAX_BYTES, they are refused as `busy`.
 * @default 256
 */
export const WAITING_MAX_CALLS = 256;
/** @default 16 MiB */
export const WAITING_MAX_BYTES = 16 * 1024 * 1024;
/** Messages per second a connection may send on average (30 fps of frames plus the UI's calls, with room). @default 200 */
export const MESSAGES_PER_S = 200;
/** Burst above the average. @default 400 */
export const MESSAGE_BURST = 400;

export interface BridgeDeps {
  dispatcher: Dispatcher;
  events: EventHub;
  poses: PoseRouter;
  log: Logger;
  /** This connection's id (`ws:17`): pose frames of the frames it submits come back to it only. */
  peer: string;
  /** Establishes the caller's role for a connection (admin sessions are checked here, on the receiving side). */
  context: () => Omit<CallContext, 'signal' | 'peer'>;
}

/**
 * Serves the contract over one WebSocket: the same `window.atelier` API the Electron preload exposes. Every
 * message is decoded and validated here; a malformed one gets an `error` reply and is logged — the socket and
 * the process live on. The connection is bounded: calls in flight (the socket is not read past the cap), a message
 * rate, and the bytes of replies it has not read (closed past the limit). Routed events (pose frames) come from
 * the `PoseRouter` for this peer only.
 */
export function attachBridge(socket: WebSocket, deps: BridgeDeps): void {
  const subs = new Map<string, () => void>();
  const inflight = new Map<number, AbortController>();
  const waiting: Array<{ msg: Extract<ClientMessage, { t: 'invoke' }>; bytes: number }> = [];
  let waitingBytes = 0;
  const known = new Set(deps.dispatcher.eventChannels);
  let dropped = 0;
  let paused = false;
  let closing = false;
  let tokens = MESSAGE_BURST;
  let tokensAtMs = Date.now();
  let limited = 0;

  const close = (code: number, reason: string): void => {
    if (closing) return;
    closing = true;
    deps.log.warn({ peer: deps.peer, reason }, 'bridge: closing connection');
    socket.close(code, reason);
    // A client that does not read will not answer the close handshake either.
    setTimeout(() => socket.terminate(), 1000).unref();
  };
  const post = (msg: ServerMessage, droppable = false): void => {
    if (socket.readyState !== socket.OPEN || closing) return;
    if (droppable && socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      dropped++;
      return;
    }
    if (socket.bufferedAmount > MAX_UNSENT_BYTES) {
      close(1008, 'too many unread replies');
      return;
    }
    socket.send(encodeWire(msg));
  };
  const protocolError = (code: string, message: string): void => {
    // A second mirror's frames are refused 30 times a second: that is an answer, not news for the log.
    if (code === 'busy') deps.log.debug({ code, message }, 'bridge: refused message');
    else deps.log.warn({ code, message }, 'bridge: rejected message');
    post({ t: 'error', code, message });
  };
  /** Token bucket: refills at MESSAGES_PER_S up to MESSAGE_BURST. */
  const withinRate = (): boolean => {
    const now = Date.now();
    tokens = Math.min(MESSAGE_BURST, tokens + ((now - tokensAtMs) / 1000) * MESSAGES_PER_S);
    tokensAtMs = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const pauseIfFull = (): void => {
    if (!paused && inflight.size >= MAX_INFLIGHT) {
      paused = true;
      socket.pause();
    }
  };
  const resumeIfRoom = (): void => {
    if (paused && inflight.size < MAX_INFLIGHT / 2 && waiting.length === 0 && !closing) {
      paused = false;
      socket.resume();
    }
  };
  const start = (msg: Extract<ClientMessage, { t: 'invoke' }>): void => {
    const ac = new AbortController();
    inflight.set(msg.id, ac);
    pauseIfFull();
    void deps.dispatcher.invoke(msg.channel, msg.request, { ...deps.context(), peer: deps.peer, signal: ac.signal }).then((result) => {
      inflight.delete(msg.id);
      post({ t: 'result', id: msg.id, result });
      const next = waiting.shift();
      if (next) {
        waitingBytes -= next.bytes;
        if (!closing) start(next.msg);
      }
      resumeIfRoom();
    });
  };

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (closing) return;
    let raw: unknown;
    let bytes: number;
    try {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      bytes = buf.byteLength;
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
    if (msg.t !== 'cancel' && !withinRate()) {
      // Far over the rate (ten seconds' worth refused): not a mirror, a flood.
      if (++limited > MESSAGES_PER_S * 10) close(1008, 'message rate exceeded');
      else if (msg.t === 'invoke') post({ t: 'result', id: msg.id, result: { ok: false, error: new ApiError('rate_limited', 'too many messages: slow down').toJSON() } });
      return;
    }
    switch (msg.t) {
      case 'invoke': {
        if (inflight.has(msg.id)) {
          post({ t: 'result', id: msg.id, result: { ok: false, error: new ApiError('bad_request', `call id ${msg.id} is already in flight`).toJSON() } });
          return;
        }
        if (inflight.size < MAX_INFLIGHT) {
          start(msg);
          return;
        }
        // Messages already read when the socket paused still arrive: a bounded few wait, the rest are refused.
        if (waiting.length < WAITING_MAX_CALLS && waitingBytes + bytes <= WAITING_MAX_BYTES) {
          waiting.push({ msg, bytes });
          waitingBytes += bytes;
        } else {
          post({ t: 'result', id: msg.id, result: { ok: false, error: new ApiError('busy', `more than ${MAX_INFLIGHT} calls in flight: wait for answers`).toJSON() } });
        }
        break;
      }
      case 'cancel':
        inflight.get(msg.id)?.abort();
        break;
      case 'sub':
        if (!isEventChannel(msg.channel) || !known.has(msg.channel)) {
          protocolError('unknown_channel', `no event channel ${msg.channel}`);
        } else if (!subs.has(msg.channel)) {
          const channel = msg.channel;
          const lossy = deps.dispatcher.lossyEventChannels.has(channel);
          const forward = (payload: unknown) => post({ t: 'event', channel, payload }, lossy);
          // Routed (pose frames): this peer's own only, no replay. Others: the hub, with the last state replayed.
          const off = deps.dispatcher.routedEventChannels.has(channel)
            ? deps.poses.listen(deps.peer, forward as (p: PoseFrame) => void)
            : deps.events.subscribe(channel, forward, true);
          subs.set(channel, off);
        }
        break;
      case 'unsub':
        subs.get(msg.channel)?.();
        subs.delete(msg.channel);
        break;
      case 'send': {
        const err = deps.dispatcher.send(msg.channel, msg.payload, { ...deps.context(), peer: deps.peer });
        if (err) protocolError(err.code, err.message);
        break;
      }
    }
  });

  socket.on('close', () => {
    closing = true;
    for (const off of subs.values()) off();
    subs.clear();
    for (const ac of inflight.values()) ac.abort();
    waiting.length = 0;
    deps.poses.release(deps.peer);
    if (dropped > 0) deps.log.info({ dropped }, 'bridge: events dropped for a slow client');
  });
}
