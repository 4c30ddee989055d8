import type { Config } from '../shared/config-schema';
import type { Contract } from '../shared/contract';
import type { EventPayloads, Unsubscribe } from '../shared/contract-kit';

/** Published inside the Node side only (never forwarded to a renderer): the full config after a change. */
export const CONFIG_CHANGED = 'internal.configChanged';

/** Every channel of the hub with its payload: the contract's event channels, and the Node side's own. */
export type CoreEvents = EventPayloads<Contract> & { [CONFIG_CHANGED]: Config };
export type CoreEventChannel = keyof CoreEvents & string;

/**
 * In-process publish/subscribe for the contract's event channels, typed from the contract: a publisher or a
 * subscriber of `catalog.onChange` sees `CatalogChange`, no casts. Services publish; each shell subscribes once
 * per connected renderer and forwards. Listener errors are isolated so one broken renderer cannot stop others.
 */
export class EventHub<M extends Record<string, unknown> = CoreEvents> {
  private readonly listeners = new Map<keyof M, Set<(payload: never) => void>>();
  private readonly last = new Map<keyof M, unknown>();

  constructor(private readonly onListenerError: (channel: string, err: unknown) => void = () => {}) {}

  publish<K extends keyof M & string>(channel: K, payload: M[K]): void {
    this.last.set(channel, payload);
    for (const fn of (this.listeners.get(channel) ?? []) as Set<(payload: M[K]) => void>) {
      try {
        fn(payload);
      } catch (err) {
        this.onListenerError(channel, err);
      }
    }
  }

  /** Subscribes; with `replay`, the last payload (if any) is delivered at once (status channels). */
  subscribe<K extends keyof M & string>(channel: K, fn: (payload: M[K]) => void, replay = false): Unsubscribe {
    let set = this.listeners.get(channel) as Set<(payload: M[K]) => void> | undefined;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    // The map holds, per channel, only payloads published on that channel with its type.
    if (replay && this.last.has(channel)) fn(this.last.get(channel) as M[K]);
    return () => set.delete(fn);
  }

  listenerCount(channel: keyof M & string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
