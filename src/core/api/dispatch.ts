import * as v from 'valibot';
import {
  ApiError,
  channelsOf,
  describeIssues,
  type ContractShape,
  type HandlersOf,
  type InvokeResult,
  type InvokeSpec,
  type Role,
  type SendSpec,
  type SendersOf,
} from '../../shared/contract-kit';
import type { Logger } from '../log';
import type { SessionBinding } from '../admin/binding';

/** Who is calling, as established by the shell that received the message. */
export interface CallContext {
  /** `shopper` unless an admin session was verified by the shell. */
  role: Role;
  /** Staff user id when role is staff/manager. */
  userId?: string;
  /** Where the message came from, for logs: `ipc:<frame url>` or `ws:<remote address>`. */
  origin: string;
  /** Where this caller's admin session is held (absent: the caller cannot sign in, e.g. `/healthz`). */
  session?: SessionBinding;
  /**
   * The one connection or window this message came from (`ws:17`, `ipc:3`): pose frames go back to it only, and the
   * engine is leased to it. Absent: an in-process caller (`local`).
   */
  peer?: string;
  /** The caller's network address without port (`127.0.0.1`, `192.168.1.20`), for per-address limits; `local` in Electron. */
  address?: string;
  /**
   * The kiosk's own screen: the Electron window, or the web shell's mirror page opened on this machine (loopback
   * address and a loopback Host). First-run setup and the unlock code need it.
   */
  kiosk?: boolean;
  signal?: AbortSignal;
}

/** A printable name for whatever arrived as a channel — a hostile sender may send an object without toString. */
function channelLabel(channel: unknown): string {
  return typeof channel === 'string' ? channel.slice(0, 80) : `<${typeof channel}>`;
}

const ROLE_RANK: Record<Role, number> = { shopper: 0, staff: 1, manager: 2 };

type AnyHandler = (request: unknown, ctx: CallContext) => unknown;
type AnySender = (payload: unknown, ctx: CallContext) => void;

export interface Dispatcher {
  /** Validates, checks the role, runs the handler; never throws — every failure is an `{ ok: false }` result. */
  invoke(channel: unknown, request: unknown, ctx: CallContext): Promise<InvokeResult>;
  /** Validates a fire-and-forget message and hands it on; returns the error instead of throwing. */
  send(channel: unknown, payload: unknown, ctx: CallContext): ApiError | null;
  /** Channel names of the event streams, for shells that forward them. */
  readonly eventChannels: readonly string[];
  /** Event channels a slow receiver may miss messages of (the newest one is what counts). */
  readonly lossyEventChannels: ReadonlySet<string>;
  /** Event channels delivered only to the caller whose frame they answer (see `PoseRouter`), never from the hub. */
  readonly routedEventChannels: ReadonlySet<string>;
}

/**
 * The receiving side of the contract, shared by Electron's ipcMain and the web shell's WebSocket bridge.
 * `handlers` maps `namespace.method` to an implementation; `senders` the same for send channels.
 */
export function createDispatcher<C extends ContractShape>(
  contract: C,
  typedHandlers: HandlersOf<C, CallContext>,
  typedSenders: SendersOf<C, CallContext>,
  log: Logger,
): Dispatcher {
  // Each handler's request (and sender's payload) type is guaranteed by the schema check below, so the tables can
  // be used untyped here.
  const handlers = typedHandlers as unknown as Readonly<Record<string, Readonly<Record<string, AnyHandler>>>>;
  const senders = typedSenders as unknown as Readonly<Record<string, AnySender>>;
  const invokes = new Map<string, { spec: InvokeSpec; fn: AnyHandler | undefined }>();
  const sends = new Map<string, { spec: SendSpec; fn: AnySender | undefined }>();
  const eventChannels: string[] = [];
  const lossyEventChannels = new Set<string>();
  const routedEventChannels = new Set<string>();
  for (const { name, namespace, method, spec } of channelsOf(contract)) {
    if (spec.kind === 'invoke') invokes.set(name, { spec, fn: handlers[namespace]?.[method] });
    else if (spec.kind === 'send') sends.set(name, { spec, fn: senders[name] });
    else {
      eventChannels.push(name);
      if (spec.lossy) lossyEventChannels.add(name);
      if (spec.routed) routedEventChannels.add(name);
    }
  }

  const fail = (e: ApiError): InvokeResult => ({ ok: false, error: e.toJSON() });

  return {
    eventChannels,
    lossyEventChannels,
    routedEventChannels,
    async invoke(channel, request, ctx) {
      const entry = typeof channel === 'string' ? invokes.get(channel) : undefined;
      if (!entry || !entry.fn) {
        log.warn({ channel: channelLabel(channel), origin: ctx.origin }, 'unknown channel');
        return fail(new ApiError('unknown_channel', `unknown channel: ${channelLabel(channel)}`));
      }
      if (ROLE_RANK[ctx.role] < ROLE_RANK[entry.spec.role]) {
        log.warn({ channel, origin: ctx.origin, role: ctx.role }, 'refused: role');
        return fail(
          ctx.role === 'shopper'
            ? new ApiError('unauthorized', `${channel as string}: staff sign-in required`)
            : new ApiError('forbidden', `${channel as string}: needs the ${entry.spec.role} role`),
        );
      }
      const parsed = v.safeParse(entry.spec.request, request);
      if (!parsed.success) {
        const details = describeIssues(parsed.issues);
        log.warn({ channel, origin: ctx.origin, details }, 'bad request');
        return fail(new ApiError('bad_request', `${channel as string}: invalid request`, details));
      }
      try {
        const value = await entry.fn(parsed.output, ctx);
        // Validate our own reply too: a handler bug must not leak a malformed object to the renderer.
        const out = v.safeParse(entry.spec.response, value);
        if (!out.success) {
          const details = describeIssues(out.issues);
          log.error({ channel, details }, 'handler returned a reply that breaks the contract');
          return fail(new ApiError('internal', `${channel as string}: internal error`));
        }
        return { ok: true, value: out.output };
      } catch (e) {
        if (e instanceof ApiError) return fail(e);
        log.error({ channel, err: e }, 'handler failed');
        return fail(new ApiError('internal', `${channel as string}: ${(e as Error)?.message ?? 'internal error'}`));
      }
    },
    send(channel, payload, ctx) {
      const entry = typeof channel === 'string' ? sends.get(channel) : undefined;
      if (!entry || !entry.fn) return new ApiError('unknown_channel', `unknown channel: ${channelLabel(channel)}`);
      const parsed = v.safeParse(entry.spec.payload, payload);
      if (!parsed.success) return new ApiError('bad_request', `${channel as string}: invalid message`, describeIssues(parsed.issues));
      try {
        entry.fn(parsed.output, ctx);
        return null;
      } catch (e) {
        // A refusal the sender can act on (`busy`: another mirror feeds the engine) is its answer, not a fault.
        if (e instanceof ApiError) return e;
        log.error({ channel, err: e }, 'send handler failed');
        return new ApiError('internal', `${channel as string}: internal error`);
      }
    },
  };
}
