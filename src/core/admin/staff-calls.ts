import crypto from 'node:crypto';
import { ApiError } from '../../shared/contract-kit';
import type { StaffCall } from '../../shared/staff-call';

/** What a call says about the product, looked up in the catalog (never taken from the caller's word). */
export interface CalledFor {
  sku: string;
  productId: string;
  productName: string;
  colour: string;
  size: string;
}

export interface StaffCallsOptions {
  /** Publishes the open calls (the `staff.onCalls` event). */
  publish: (calls: StaffCall[]) => void;
  /** A call nobody answered is dropped after this long, ms: the shopper has long gone. @default 10 min */
  waitingTtlMs?: number;
  /** An answered call is dropped after this long, ms (the staff member has arrived). @default 3 min */
  comingTtlMs?: number;
  /** At most this many open calls (one mirror makes one at a time; more is a fault or abuse). @default 20 */
  maxOpen?: number;
  now?: () => number;
}

/**
 * The open "call staff" requests of this mirror, in memory: a call is made by the mirror's shopper session, shown on
 * every staff screen, acknowledged by one staff member ("coming"), and gone when the shopper cancels it, the
 * session ends or it expires. Every change publishes the whole list (a new screen gets it as the replayed state).
 */
export class StaffCalls {
  private readonly calls = new Map<string, StaffCall & { atMs: number; ackMs: number | null }>();
  private readonly now: () => number;

  constructor(private readonly opts: StaffCallsOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Open calls, oldest first (expired ones dropped). */
  list(): StaffCall[] {
    this.expire();
    return [...this.calls.values()].map(({ atMs: _a, ackMs: _k, ...c }) => c);
  }

  /** A shopper asks for staff. One call per product at a time: asking again returns the call already open. */
  call(what: CalledFor | null): StaffCall {
    this.expire();
    const same = [...this.calls.values()].find((c) => c.sku === (what?.sku ?? null));
    if (same) return this.view(same);
    if (this.calls.size >= (this.opts.maxOpen ?? 20)) throw new ApiError('rate_limited', 'too many open staff calls: answer or wait for the older ones');
    const atMs = this.now();
    const c = {
      id: crypto.randomBytes(9).toString('base64url'),
      at: new Date(atMs).toISOString(),
      state: 'waiting' as const,
      sku: what?.sku ?? null,
      productId: what?.productId ?? null,
      productName: what?.productName ?? null,
      colour: what?.colour ?? null,
      size: what?.size ?? null,
      by: null,
      atMs,
      ackMs: null,
    };
    this.calls.set(c.id, c);
    this.changed();
    return this.view(c);
  }

  /** A staff member answers: the mirror shows that someone is coming. Answering twice keeps the first name. */
  acknowledge(id: string, byName: string): StaffCall {
    this.expire();
    const c = this.calls.get(id);
    if (!c) throw new ApiError('not_found', 'that call is no longer open (the shopper cancelled it or left)');
    if (c.state === 'waiting') {
      c.state = 'coming';
      c.by = byName;
      c.ackMs = this.now();
      this.changed();
    }
    return this.view(c);
  }

  /** The shopper cancelled, or their session ended. Unknown ids are ignored (already expired). */
  cancel(id: string): void {
    if (this.calls.delete(id)) this.changed();
  }

  private view(c: StaffCall & { atMs: number; ackMs: number | null }): StaffCall {
    const { atMs: _a, ackMs: _k, ...rest } = c;
    return { ...rest };
  }

  private expire(): void {
    const now = this.now();
    let dropped = false;
    for (const [id, c] of this.calls) {
      const old = c.ackMs === null ? now - c.atMs > (this.opts.waitingTtlMs ?? 10 * 60_000) : now - c.ackMs > (this.opts.comingTtlMs ?? 3 * 60_000);
      if (old) dropped = this.calls.delete(id) || dropped;
    }
    if (dropped) this.changed();
  }

  private changed(): void {
    this.opts.publish(this.list());
  }
}
