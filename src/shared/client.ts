import * as v from 'valibot';
import {
  ApiError,
  InvokeResultSchema,
  channelsOf,
  describeIssues,
  type ApiErrorCode,
  type ApiOf,
  type CallOptions,
  type ContractShape,
  type Unsubscribe,
} from './contract-kit';

/** What a shell provides to carry messages; the API object is built on top of it. */
export interface ClientTransport {
  /** Sends an invoke and resolves with the wire result (`{ ok, value | error }`), unvalidated. */
  invoke(channel: string, request: unknown, signal?: AbortSignal): Promise<unknown>;
  /** Subscribes to an event channel; payloads arrive unvalidated. */
  subscribe(channel: string, listener: (payload: unknown) => void): Unsubscribe;
  /** Fire and forget; `transfer` lists buffers handed over (the caller must not use them afterwards). */
  send(channel: string, payload: unknown, transfer?: Transferable[]): void;
}

export interface ClientOptions {
  /** Called with every event payload that fails validation (it is dropped). */
  onInvalidEvent?: (channel: string, problems: string[]) => void;
}

/**
 * Builds the typed, domain-shaped API (`api.catalog.search(q)`) from a contract and a transport. Every response
 * and event is validated on receipt; a malformed one becomes an `ApiError('bad_response')`, never a crash.
 */
export function createApiClient<C extends ContractShape>(contract: C, transport: ClientTransport, options: ClientOptions = {}): ApiOf<C> {
  const api: Record<string, Record<string, unknown>> = {};
  for (const { name, namespace, method, spec } of channelsOf(contract)) {
    const ns = (api[namespace] ??= {});
    switch (spec.kind) {
      case 'invoke':
        ns[method] = async (request: unknown, opts?: CallOptions) => {
          const checkedRequest = v.safeParse(spec.request, request);
          if (!checkedRequest.success) {
            throw new ApiError('bad_request', `${name}: invalid request`, describeIssues(checkedRequest.issues));
          }
          if (opts?.signal?.aborted) throw new ApiError('aborted', `${name}: aborted`);
          const wire = v.safeParse(InvokeResultSchema, await transport.invoke(name, checkedRequest.output, opts?.signal));
          if (!wire.success) throw new ApiError('bad_response', `${name}: malformed reply`, describeIssues(wire.issues));
          if (!wire.output.ok) {
            const e = wire.output.error;
            throw new ApiError(e.code as ApiErrorCode, e.message, e.details);
          }
          const value = v.safeParse(spec.response, wire.output.value);
          if (!value.success) throw new ApiError('bad_response', `${name}: reply does not match the contract`, describeIssues(value.issues));
          return value.output;
        };
        break;
      case 'event':
        ns[method] = (listener: (payload: unknown) => void) =>
          transport.subscribe(name, (payload) => {
            const r = v.safeParse(spec.payload, payload);
            if (r.success) listener(r.output);
            else options.onInvalidEvent?.(name, describeIssues(r.issues));
          });
        break;
      case 'send':
        ns[method] = (payload: unknown, transfer?: Transferable[]) => transport.send(name, payload, transfer);
        break;
    }
  }
  return api as ApiOf<C>;
}
