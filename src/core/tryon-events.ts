import type { CatalogDb } from './catalog/db';
import type { TryOnRecord } from '../shared/recommend';

/** Try-ons older than this do not count for recommendations (their decayed weight is negligible). @default 180 */
const MAX_AGE_DAYS = 180;

/**
 * The anonymous try-on log (`tryon_events`, written by `admin.recordTryOn`) as recommendation input: visit id,
 * product (resolved from the SKU; events of removed variants are skipped) and start time. No picture, no person.
 */
export function loadTryOnRecords(db: CatalogDb, nowMs = Date.now()): TryOnRecord[] {
  const since = new Date(nowMs - MAX_AGE_DAYS * 86_400_000).toISOString();
  const rows = db
    .prepare<[string], { session_id: string; product_id: string; started_at: string }>(
      `SELECT e.session_id, p.id AS product_id, e.started_at
       FROM tryon_events e JOIN variants v ON v.sku = e.sku JOIN products p ON p.pk = v.product_pk
       WHERE e.started_at >= ?`,
    )
    .all(since);
  return rows.map((r) => ({ sessionId: r.session_id, productId: r.product_id, atMs: Date.parse(r.started_at) }));
}
