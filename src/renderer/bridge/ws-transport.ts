import * as v from 'valibot';
import type { ClientTransport } from '../../shared/client';
import { ServerMessageSchema, type ClientMessage } from '../../shared/bridge-protocol';
import { ApiError, type InvokeResult } from '../../shared/contract-kit';
import { decodeWire, encodeWire } from '../../shared/wire';

/** Reconnect back-off: 250 ms doubling to 5 s. The web shell may restart under us (systemd Restart=always). */
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;

/** The web shell's transport, with what it threw away. */
export interface WsTransport extends ClientTransport {
  /** Fire-and-forget messages (camera frames) dropped because the socket had not sent everything before them. */
  readonly droppedSends: number;
}

/**
 * The web shell's side of `ClientTransport`: one WebSocket, reconnecting, with invokes matched by id and
 * subscriptions re-established after a reconnect.
 */
export function createWsTransport(url: string): WsTransport {
  let socket: WebSocket | null = null;
  let droppedSends = 0;
  let nextId = 1;
  let backoffMs = BACKOFF_MIN_MS;
  const pending = new Map<number, { resolve: (r: InvokeResult) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: Array<string | ArrayBuffer> = [];

  const write = (msg: ClientMessage): void => {
    const data = encodeWire(msg);
    if (socket?.readyState === WebSocket.OPEN) socket.send(data);
    else if (msg.t !== 'send') queue.push(data);
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      backoffMs = BACKOFF_MIN_MS;
      for (const channel of listeners.keys()) ws.send(encodeWire({ t: 'sub', channel } satisfies ClientMessage));
      for (const data of queue.splice(0)) ws.send(data);
    };
    ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => {
      let msg;
      try {
        msg = v.parse(ServerMessageSchema, decodeWire(ev.data));
      } catch (e) {
        console.warn('atelier: malformed bridge message', e);
        return;
      }
      if (msg.t === 'result') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        p?.resolve(msg.result as InvokeResult);
      } else if (msg.t === 'event') {
        for (const fn of listeners.get(msg.channel) ?? []) fn(msg.payload);
      } else {
        console.warn(`atelier: bridge error ${msg.code}: ${msg.message}`);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new ApiError('unavailable', 'connection to the mirror service was lost'));
      }
      setTimeout(connect, backoffMs);
      backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
    };
  };
  connect();

  return {
    invoke(channel, request, signal) {
      const id = nextId++;
      return new Promise<unknown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        signal?.addEventListener(
          'abort',
          () => {
            if (!pending.delete(id)) return;
            write({ t: 'cancel', id });
            reject(new ApiError('aborted', `${channel}: aborted`));
          },
          { once: true },
        );
        write({ t: 'invoke', id, channel, request });
      });
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        listeners.set(channel, (set = new Set()));
        write({ t: 'sub', channel });
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(channel);
          write({ t: 'unsub', channel });
        }
      };
    },
    send(channel, payload) {
      // Sends are camera frames (1–1.6 MB each). On a loaded kiosk the browser can take over a second to push one
      // through the socket; a frame queued behind it reaches the engine as late as the queue is long (seconds, while
      // the engine answers in 0.1 s). So a frame goes only into an empty socket: newest wins, nothing waits.
      if (socket && socket.bufferedAmount > 0) {
        droppedSends++;
        return;
      }
      write({ t: 'send', channel, payload });
    },
    get droppedSends() {
      return droppedSends;
    },
  };
}
