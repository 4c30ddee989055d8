import { ApiError } from '../../shared/contract-kit';

/**
 * The limits around sign-in that a lock-out alone cannot give: attempts per client address, one sign-in at a time
 * per account, and one PIN hash at a time for the whole process (scrypt runs on libuv's thread pool, which also
 * reads asset files: a flood of hashes must not starve the mirror's pictures).
 */

/** Sign-in attempts one address may make per window. @default 20 */
export const LOGIN_ATTEMPTS_PER_ADDRESS = 20;
/** @default 300000 (5 minutes) */
export const LOGIN_WINDOW_MS = 5 * 60_000;
/** Sign-ins waiting for the hash before new ones are refused as `busy`. @default 16 */
export const MAX_HASHES_WAITING = 16;

/** At most `max` events per key in a sliding `windowMs`; the key table is bounded so a spray of keys cannot grow it. */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one event for `key`; false (and not counted) when the key is over its limit. */
  take(key: string): boolean {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => t - at < this.windowMs);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(t);
    this.hits.delete(key);
    this.hits.set(key, recent);
    // Oldest keys first in a Map: drop them when the table is full.
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
    return true;
  }

  /** Seconds until `key` may try again (0 when it may now). */
  waitS(key: string): number {
    const recent = this.hits.get(key) ?? [];
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
  }
}

/** Runs jobs one at a time per key (an account's sign-ins), in arrival order. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.then(job, job);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}

/** One job at a time, at most `maxWaiting` queued; more are refused at once with `busy`. */
export class HashGate {
  private running = false;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly maxWaiting = MAX_HASHES_WAITING) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running) {
      if (this.queue.length >= this.maxWaiting) throw new ApiError('busy', 'too many sign-ins at once: try again in a moment');
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    this.running = true;
    try {
      return await job();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running = false;
    }
  }
}

/** The address part of a caller (`ws:127.0.0.1` → `127.0.0.1`; IPv4-mapped IPv6 folded to IPv4). */
export function addressKey(address: string | undefined): string {
  const a = (address ?? 'unknown').replace(/^(ws|ws-admin|http|ipc):/, '');
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}
