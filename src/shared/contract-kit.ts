import * as v from 'valibot';

/**
 * The building blocks of the API contract: every channel is declared once, as a schema, in `contract.ts`;
 * the TypeScript types, the preload's exposed API and the web bridge are all derived from that table.
 */

export type AnySchema = v.GenericSchema;

/** Who may call a channel. `shopper` is anyone at the mirror; `staff`/`manager` need an admin session. */
export type Role = 'shopper' | 'staff' | 'manager';

/** Request → response, like `ipcRenderer.invoke`. */
export interface InvokeSpec<Req extends AnySchema = AnySchema, Res extends AnySchema = AnySchema> {
  readonly kind: 'invoke';
  readonly request: Req;
  readonly response: Res;
  readonly role: Role;
}

/** Main/engine → renderer stream; the renderer subscribes. */
export interface EventSpec<P extends AnySchema = AnySchema> {
  readonly kind: 'event';
  readonly payload: P;
  /**
   * A stream where only the newest message matters (pose frames): a slow receiver may miss some. Other events
   * (a catalog change, a new setting) are state and are always delivered.
   */
  readonly lossy: boolean;
  /**
   * Body data that belongs to one mirror (pose frames): delivered only to the caller whose frame it answers, never
   * broadcast to every subscriber and never replayed to a new one.
   */
  readonly routed: boolean;
}

/** Renderer → main/engine, fire and forget (camera frames); the receiver may drop. */
export interface SendSpec<P extends AnySchema = AnySchema> {
  readonly kind: 'send';
  readonly payload: P;
}

export type ChannelSpec = InvokeSpec | EventSpec | SendSpec;
export type ContractShape = Record<string, Record<string, ChannelSpec>>;

export function invoke<Req extends AnySchema, Res extends AnySchema>(
  request: Req,
  response: Res,
  role: Role = 'shopper',
): InvokeSpec<Req, Res> {
  return { kind: 'invoke', request, response, role };
}
export function event<P extends AnySchema>(payload: P, opts: { lossy?: boolean; routed?: boolean } = {}): EventSpec<P> {
  return { kind: 'event', payload, lossy: opts.lossy ?? false, routed: opts.routed ?? false };
}
export function send<P extends AnySchema>(payload: P): SendSpec<P> {
  return { kind: 'send', payload };
}

/** Options every long call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}
export type Unsubscribe = () => void;

/** The renderer-facing API type derived from a contract: `api.catalog.search(q)`, `api.pose.subscribe(cb)`. */
export type ApiOf<C extends ContractShape> = {
  readonly [NS in keyof C]: {
    readonly [M in keyof C[NS]]: C[NS][M] extends InvokeSpec<infer Q, infer R>
      ? (request: v.InferInput<Q>, options?: CallOptions) => Promise<v.InferOutput<R>>
      : C[NS][M] extends EventSpec<infer P>
        ? (listener: (payload: v.InferOutput<P>) => void) => Unsubscribe
        : C[NS][M] extends SendSpec<infer P>
          ? (payload: v.InferInput<P>, transfer?: Transferable[]) => void
          : never;
  };
};

/** Handlers the receiving side implements for every invoke channel. */
export type HandlersOf<C extends ContractShape, Ctx> = {
  readonly [NS in keyof C as InvokeKeys<C[NS]> extends never ? never : NS]: {
    readonly [M in InvokeKeys<C[NS]>]: C[NS][M] extends InvokeSpec<infer Q, infer R>
      ? (request: v.InferOutput<Q>, ctx: Ctx) => Promise<v.InferInput<R>> | v.InferInput<R>
      : never;
  };
};
type InvokeKeys<T> = { [K in keyof T]: T[K] extends InvokeSpec ? K : never }[keyof T];

/** Payload types of event channels, keyed by channel name. */
export type EventPayloads<C extends ContractShape> = {
  [K in ChannelNames<C, EventSpec>]: K extends `${infer NS}.${infer M}`
    ? C[NS][M] extends EventSpec<infer P>
      ? v.InferOutput<P>
      : never
    : never;
};
/** Payload types of send channels, keyed by channel name. */
export type SendPayloads<C extends ContractShape> = {
  [K in ChannelNames<C, SendSpec>]: K extends `${infer NS}.${infer M}`
    ? C[NS][M] extends SendSpec<infer P>
      ? v.InferOutput<P>
      : never
    : never;
};
/** Implementations of every send channel, keyed by channel name, each given its validated payload. */
export type SendersOf<C extends ContractShape, Ctx> = {
  readonly [K in ChannelNames<C, SendSpec>]: (payload: SendPayloads<C>[K], ctx: Ctx) => void;
};
export type ChannelNames<C extends ContractShape, S extends ChannelSpec = ChannelSpec> = {
  [NS in keyof C & string]: { [M in keyof C[NS] & string]: C[NS][M] extends S ? `${NS}.${M}` : never }[keyof C[NS] &
    string];
}[keyof C & string];

export interface ChannelEntry {
  readonly name: string;
  readonly namespace: string;
  readonly method: string;
  readonly spec: ChannelSpec;
}

/** Flattens a contract into `namespace.method` channel entries (the names on the wire). */
export function channelsOf(contract: ContractShape): ChannelEntry[] {
  const out: ChannelEntry[] = [];
  for (const [namespace, methods] of Object.entries(contract)) {
    for (const [method, spec] of Object.entries(methods)) {
      out.push({ name: `${namespace}.${method}`, namespace, method, spec });
    }
  }
  return out;
}

/** Error codes a caller can act on. */
export type ApiErrorCode =
  | 'unknown_channel'
  | 'bad_request'
  | 'bad_response'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'aborted'
  /** Someone else holds what was asked for (another mirror feeds the engine; too many calls in flight). */
  | 'busy'
  /** Too many requests from this connection or address: wait and try again. */
  | 'rate_limited'
  | 'internal';

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  /** Per-field problems for `bad_request`, e.g. `query: Invalid length`. */
  details?: string[];
}

/** The error every API call rejects with. It survives contextBridge and JSON as a plain shape. */
export class ApiError extends Error implements ApiErrorShape {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
  }
  toJSON(): ApiErrorShape {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Wire shape of an invoke's result. */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export const ApiErrorShapeSchema = v.object({
  code: v.string(),
  message: v.string(),
  details: v.optional(v.array(v.string())),
});
export const InvokeResultSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), value: v.unknown() }),
  v.object({ ok: v.literal(false), error: ApiErrorShapeSchema }),
]);

/** `path.to.field: message` for each valibot issue. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
}
