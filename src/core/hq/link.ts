import * as v from 'valibot';
import { EnrollResponseSchema, HQ_MAX_BATCH_EVENTS, HeartbeatAnswerSchema, HqIngestResultSchema, type Heartbeat, type RemoteSettings } from '../../shared/hq-protocol';
import type { Catalog } from '../catalog/catalog';
import type { Logger } from '../log';
import { HqOutbox, readLink, writeLink, type HqLinkRow } from './outbox';

export interface HqLinkOptions {
  catalog: Catalog;
  log: Logger;
  /** The mirror's health in heartbeat form (collected when a beat is due). */
  heartbeat: () => Omit<Heartbeat, 'outboxPending'>;
  /** Applies settings HQ pushed to this store (as the admin screen saves them); throws with a reason to refuse. */
  applySettings?: (patch: RemoteSettings) => void;
  /** Called after a sync changed the catalog, so the mirrors on screen reload it. */
  onCatalogChanged?: () => void;
  /** Seconds between catalog syncs. @default 300 */
  syncIntervalS?: number;
  /** Seconds between heartbeats. @default 60 */
  heartbeatIntervalS?: number;
  /** Seconds between outbox sends while HQ answers. @default 30 */
  sendIntervalS?: number;
  /** First retry delay after a failed send, in ms; doubles per failure, with jitter. @default 1000 */
  backoffMs?: number;
  /** @default 300000 (5 minutes) */
  maxBackoffMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Time limit of one request to HQ, in ms. @default 15000 */
const REQUEST_TIMEOUT_MS = 15_000;

/** A request to HQ that failed; the message is one line. */
export class HqRequestError extends Error {
  override name = 'HqRequestError';
}

/**
 * The mirror's side of `atelier hq`, for an enrolled mirror: sends the analytics outbox in batches (retried with
 * exponential backoff and jitter while HQ or the network is down), a heartbeat, and syncs the catalog from HQ's
 * feed for this store. One owner of those three timers; `stop()` ends them.
 */
export class HqLink {
  readonly outbox: HqOutbox;
  private readonly fetch: typeof fetch;
  private timers: NodeJS.Timeout[] = [];
  private sendTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private sending: Promise<void> | null = null;
  /** The last send's outcome, for `hq status`. */
  lastSendError: string | null = null;
  lastSendAt: string | null = null;

  constructor(private readonly opts: HqLinkOptions) {
    this.outbox = new HqOutbox(opts.catalog.db);
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  get link(): HqLinkRow | null {
    return readLink(this.opts.catalog.db);
  }

  /** The feed URL of this mirror's store: HQ's `/feed`, with the token in the Authorization header. */
  feedUrl(link: HqLinkRow): string {
    return new URL('feed', link.hqUrl).href;
  }

  start(): void {
    this.stopped = false;
    const every = (s: number, job: () => Promise<unknown>) => {
      void job().catch(() => {});
      this.timers.push(setInterval(() => void job().catch(() => {}), s * 1000).unref());
    };
    every(this.opts.syncIntervalS ?? 300, () => this.syncNow());
    every(this.opts.heartbeatIntervalS ?? 60, () => this.beatNow());
    this.scheduleSend(0);
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    return this.sending ?? Promise.resolve();
  }

  private scheduleSend(delayMs: number): void {
    if (this.stopped) return;
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = setTimeout(() => {
      this.sendTimer = null;
      void this.sendNow().then((ok) => {
        if (ok) {
          this.failures = 0;
          // A full batch means more are waiting: send the next one at once.
          this.scheduleSend(this.outbox.pending() > 0 && this.lastBatchFull ? 0 : (this.opts.sendIntervalS ?? 30) * 1000);
        } else {
          this.failures++;
          const base = Math.min(this.opts.maxBackoffMs ?? 300_000, (this.opts.backoffMs ?? 1000) * 2 ** (this.failures - 1));
          this.scheduleSend(base * (0.5 + Math.random() / 2));
        }
      });
    }, delayMs);
    this.sendTimer.unref();
  }

  private lastBatchFull = false;

  /**
   * Sends the oldest batch of the outbox; the rows leave it only after HQ's answer says what became of each.
   * Resolves true when HQ answered (or nothing was waiting), false when the send must be retried.
   */
  sendNow(): Promise<boolean> {
    if (this.sending) return this.sending.then(() => this.sendNow());
    const run = this.sendBatch();
    this.sending = run.then(() => undefined).finally(() => (this.sending = null));
    return run;
  }

  private async sendBatch(): Promise<boolean> {
    const link = this.link;
    if (!link) return true;
    const batch = this.outbox.peek(HQ_MAX_BATCH_EVENTS);
    this.lastBatchFull = batch.length === HQ_MAX_BATCH_EVENTS;
    if (batch.length === 0) return true;
    const seqs = batch.map((b) => b.seq);
    try {
      const body = await this.post(link, 'api/v1/events', { events: batch.map((b) => b.event) });
      const r = v.parse(HqIngestResultSchema, body);
      for (const x of r.rejected) this.opts.log.warn({ eventId: x.id, reason: x.reason }, 'hq: event refused for good, dropped');
      this.outbox.ack(seqs);
      this.lastSendError = null;
      this.lastSendAt = new Date().toISOString();
      return true;
    } catch (e) {
      this.outbox.failed(seqs);
      this.lastSendError = (e as Error).message;
      if (this.failures === 0) this.opts.log.warn({ err: (e as Error).message, pending: this.outbox.pending() }, 'hq: events not sent, retrying with back-off');
      return false;
    }
  }

  async beatNow(): Promise<void> {
    const link = this.link;
    if (!link) return;
    try {
      const answer = v.parse(HeartbeatAnswerSchema, await this.post(link, 'api/v1/heartbeat', { ...this.opts.heartbeat(), outboxPending: this.outbox.pending() }));
      const pushed = answer.settings;
      const db = this.opts.catalog.db;
      const applied = db.prepare<[], { v: number }>('SELECT settings_version AS v FROM hq_link WHERE id = 1').get()?.v ?? 0;
      if (pushed && pushed.version > applied && this.opts.applySettings) {
        // Recorded as applied even when refused, so a bad push is logged once, not at every beat.
        db.prepare('UPDATE hq_link SET settings_version = ? WHERE id = 1').run(pushed.version);
        try {
          this.opts.applySettings(pushed.patch);
          this.opts.log.info({ version: pushed.version, settings: pushed.patch }, 'hq: applied the settings HQ pushed to this store');
        } catch (e) {
          this.opts.log.warn({ version: pushed.version, err: (e as Error).message }, 'hq: refused the settings HQ pushed');
        }
      }
    } catch (e) {
      this.opts.log.warn({ err: (e as Error).message }, 'hq: heartbeat not delivered');
    }
  }

  /** Syncs the catalog from HQ's feed for this store (the mirror's ordinary sync, with its token). */
  async syncNow(): Promise<void> {
    const link = this.link;
    if (!link) return;
    try {
      const r = await this.opts.catalog.sync(this.feedUrl(link), { headers: { authorization: `Bearer ${link.token}` } });
      if (r.itemsChanged > 0) this.opts.onCatalogChanged?.();
    } catch (e) {
      this.opts.log.warn({ err: (e as Error).message }, 'hq: catalog sync failed (the previous catalog stays)');
    }
  }

  private async post(link: HqLinkRow, pathname: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetch(new URL(pathname, link.hqUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${link.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new HqRequestError(`HQ unreachable (${cause ?? (e as Error).message})`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let reason = text.slice(0, 200);
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? reason;
      } catch {
        // Not JSON (a proxy's error page): the start of it is the reason.
      }
      throw new HqRequestError(`HQ answered ${res.status}: ${reason}`);
    }
    return JSON.parse(text) as unknown;
  }
}

/**
 * Enrolls this mirror with `atelier hq` at `hqUrl` using a one-time code from HQ staff: HQ answers with the
 * mirror's identity and token, kept in the catalog database (`hq_link`). Throws HqRequestError with one line.
 */
export async function enrollWithHq(catalog: Catalog, hqUrl: string, code: string, name: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<HqLinkRow> {
  let base: URL;
  try {
    base = new URL(hqUrl.endsWith('/') ? hqUrl : `${hqUrl}/`);
  } catch {
    throw new HqRequestError(`not a URL: ${hqUrl.slice(0, 200)}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new HqRequestError(`HQ URL must be http(s): ${hqUrl.slice(0, 200)}`);
  let res: Response;
  try {
    res = await fetchImpl(new URL('api/v1/enroll', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    throw new HqRequestError(`HQ unreachable at ${base.href} (${(e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message})`);
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new HqRequestError(`enrollment refused: ${body.error ?? `HTTP ${res.status}`}`);
  const r = v.parse(EnrollResponseSchema, body);
  const link: HqLinkRow = { hqUrl: base.href, mirrorId: r.mirrorId, storeId: r.storeId, token: r.token, enrolledAt: new Date().toISOString() };
  writeLink(catalog.db, link);
  return link;
}
