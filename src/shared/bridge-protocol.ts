import * as v from 'valibot';
import type { InvokeResult } from './contract-kit';

/**
 * Envelopes of the web shell's WebSocket bridge (`/bridge`). The payloads inside are the contract's; the
 * envelope only says what to do with them. Encoded with `wire.ts`.
 */
const Channel = v.pipe(v.string(), v.maxLength(100));

export const ClientMessageSchema = v.variant('t', [
  v.object({ t: v.literal('invoke'), id: v.pipe(v.number(), v.integer(), v.minValue(0)), channel: Channel, request: v.unknown() }),
  v.object({ t: v.literal('cancel'), id: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ t: v.literal('sub'), channel: Channel }),
  v.object({ t: v.literal('unsub'), channel: Channel }),
  v.object({ t: v.literal('send'), channel: Channel, payload: v.unknown() }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

export type ServerMessage =
  | { t: 'result'; id: number; result: InvokeResult }
  | { t: 'event'; channel: string; payload: unknown }
  /** A message the server could not act on (not an invoke: those get a result). */
  | { t: 'error'; code: string; message: string };

export const ServerMessageSchema = v.variant('t', [
  v.object({ t: v.literal('result'), id: v.number(), result: v.unknown() }),
  v.object({ t: v.literal('event'), channel: v.string(), payload: v.unknown() }),
  v.object({ t: v.literal('error'), code: v.string(), message: v.string() }),
]);

/** Path of the bridge on the web shell. */
export const BRIDGE_PATH = '/bridge';
