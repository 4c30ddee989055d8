import crypto from 'node:crypto';
import type { LookSavedEvent } from '../../shared/admin';
import type { HqEvent } from '../../shared/hq-protocol';
import type { CatalogDb } from '../catalog/db';

/** This mirror's enrollment with `atelier hq` (table `hq_link`). */
export interface HqLinkRow {
  hqUrl: string;
  mirrorId: string;
  storeId: string;
  token: string;
  enrolledAt: string;
}

export function readLink(db: CatalogDb): HqLinkRow | null {
  const r = db
    .prepare<[], { hq_url: string; mirror_id: string; store_id: string; token: string; enrolled_at: string }>('SELECT hq_url, mirror_id, store_id, token, enrolled_at FROM hq_link WHERE id = 1')
    .get();
  return r ? { hqUrl: r.hq_url, mirrorId: r.mirror_id, storeId: r.store_id, token: r.token, enrolledAt: r.enrolled_at } : null;
}

/**
 * The headers a sync of `feedUrl` needs: the mirror's HQ token when the URL is its HQ's (a staff "sync now" or
 * `atelier catalog sync` of an enrolled mirror), none for any other feed — a token never goes elsewhere.
 */
export function hqSyncHeaders(db: CatalogDb, feedUrl: string | null | undefined): Record<string, string> | undefined {
  const link = readLink(db);
  if (!link || !feedUrl) return undefined;
  try {
    return new URL(feedUrl).origin === new URL(link.hqUrl).origin ? { authorization: `Bearer ${link.token}` } : undefined;
  } catch {
    return undefined;
  }
}

/** Records (or replaces) the enrollment; from now on every try-on also goes to the outbox. */
export function writeLink(db: CatalogDb, link: HqLinkRow): void {
  db.prepare(
    `INSERT INTO hq_link(id, hq_url, mirror_id, store_id, token, enrolled_at) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET hq_url = excluded.hq_url, mirror_id = excluded.mirror_id, store_id = excluded.store_id,
       token = excluded.token, enrolled_at = excluded.enrolled_at`,
  ).run(link.hqUrl, link.mirrorId, link.storeId, link.token, link.enrolledAt);
}

/**
 * A saved look goes to the outbox as one `look_saved` event per item (HQ's conversions per visit and per product).
 * Nothing is kept while the mirror is not enrolled: the mirror's own analytics count try-ons only.
 */
export function recordLookSaved(db: CatalogDb, e: LookSavedEvent): void {
  if (!readLink(db)) return;
  const insert = db.prepare("INSERT INTO hq_outbox(event_id, kind, session_id, sku, occurred_at, duration_ms) VALUES (?, 'look_saved', ?, ?, ?, NULL)");
  db.transaction(() => {
    for (const sku of e.skus) insert.run(crypto.randomUUID(), e.sessionId, sku, new Date(e.savedAt).toISOString());
  })();
}

/**
 * The analytics outbox (`hq_outbox`, filled by a trigger on `tryon_events`): events wait here, on disk, until HQ
 * has acknowledged them, so a mirror restart, an HQ restart or a week offline loses none; HQ stores each event id
 * once, so sending a batch twice (the answer lost) counts nothing twice.
 */
export class HqOutbox {
  constructor(private readonly db: CatalogDb) {}

  pending(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM hq_outbox').get()!.n;
  }

  /** The oldest `limit` events, in the order they happened on this mirror. Borrowed: the rows stay until `ack`. */
  peek(limit: number): Array<{ seq: number; event: HqEvent }> {
    return this.db
      .prepare<[number], { seq: number; event_id: string; kind: HqEvent['kind']; session_id: string; sku: string | null; occurred_at: string; duration_ms: number | null }>(
        'SELECT seq, event_id, kind, session_id, sku, occurred_at, duration_ms FROM hq_outbox ORDER BY seq LIMIT ?',
      )
      .all(limit)
      .map((r) => ({
        seq: r.seq,
        event: { id: r.event_id, kind: r.kind, sessionId: r.session_id, sku: r.sku, occurredAt: r.occurred_at, durationMs: r.duration_ms },
      }));
  }

  /** Removes events HQ answered for (stored, already stored, or refused for good). */
  ack(seqs: readonly number[]): void {
    const del = this.db.prepare('DELETE FROM hq_outbox WHERE seq = ?');
    this.db.transaction(() => {
      for (const s of seqs) del.run(s);
    })();
  }

  /** Counts a failed send against these events (shown in `hq status`; the rows stay). */
  failed(seqs: readonly number[]): void {
    const up = this.db.prepare('UPDATE hq_outbox SET attempts = attempts + 1 WHERE seq = ?');
    this.db.transaction(() => {
      for (const s of seqs) up.run(s);
    })();
  }
}
