import type { Unsubscribe } from '../shared/contract-kit';

/**
 * In-process publish/subscribe for the contract's event channels. Services publish; each shell subscribes once
 * per connected renderer and forwards. Listener errors are isolated so one broken renderer cannot stop others.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly last = new Map<string, unknown>();

  constructor(private readonly onListenerError: (channel: string, err: unknown) => void = () => {}) {}

  publish(channel: string, payload: unknown): void {
    this.last.set(channel, payload);
    for (const fn of this.listeners.get(channel) ?? []) {
      try {
        fn(payload);
      } catch (err) {
        this.onListenerError(channel, err);
      }
    }
  }

  /** Subscribes; with `replay`, the last payload (if any) is delivered at once (status channels). */
  subscribe(channel: string, fn: (payload: unknown) => void, replay = false): Unsubscribe {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    if (replay && this.last.has(channel)) fn(this.last.get(channel));
    return () => set.delete(fn);
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
