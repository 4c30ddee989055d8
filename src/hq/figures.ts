import type { HqPool } from './db';

export interface FiguresQuery {
  /** ISO dates or times; the range is [from, to). @default the last 30 days */
  from?: string;
  to?: string;
  /** One store only. */
  storeId?: string;
}

export interface Figures {
  from: string;
  to: string;
  tryOns: number;
  sessions: number;
  /** Visits that saved a look (or showed its QR code), over visits. */
  conversionRate: number;
  perStore: Array<{ storeId: string; tryOns: number; sessions: number; looksSaved: number }>;
  /** Top garments, most tried first (SKUs no longer in the catalog by SKU). */
  perProduct: Array<{ productId: string; name: string; tryOns: number; avgDurationMs: number }>;
  /** Visits by hour of day, 0–23 UTC. */
  sessionsPerHour: Array<{ hour: number; sessions: number }>;
}

/** Products listed in `perProduct`. @default 20 */
const TOP_PRODUCTS = 20;

/** The chain's try-on figures: per store, per product, conversions and hours, over the day partitions in range. */
export async function figures(pool: HqPool, q: FiguresQuery): Promise<Figures> {
  const to = q.to ? new Date(q.to) : new Date(Date.now() + 86_400_000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 31 * 86_400_000);
  if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime())) throw new Error('from/to must be ISO dates');
  // The day bounds let PostgreSQL skip every partition outside the range.
  const inRange = (e = '') =>
    `${e}day >= $1::date AND ${e}day <= $2::date AND ${e}occurred_at >= $1 AND ${e}occurred_at < $2 AND ($3::text IS NULL OR ${e}store_id = $3)`;
  const where = inRange();
  const args = [from.toISOString(), to.toISOString(), q.storeId ?? null];
  const [totals, perStore, perProduct, hours] = await Promise.all([
    pool.query<{ tryons: string; sessions: string; converted: string }>(
      `SELECT count(*) FILTER (WHERE kind = 'tryon') AS tryons, count(DISTINCT session_id) AS sessions,
              count(DISTINCT session_id) FILTER (WHERE kind = 'look_saved') AS converted FROM events WHERE ${where}`,
      args,
    ),
    pool.query<{ store_id: string; tryons: string; sessions: string; looks: string }>(
      `SELECT store_id, count(*) FILTER (WHERE kind = 'tryon') AS tryons, count(DISTINCT session_id) AS sessions,
              count(*) FILTER (WHERE kind = 'look_saved') AS looks
       FROM events WHERE ${where} GROUP BY store_id ORDER BY tryons DESC, store_id`,
      args,
    ),
    pool.query<{ product_id: string; name: string; tryons: string; avg_ms: string }>(
      `SELECT coalesce(s.product_id, 'sku:' || e.sku) AS product_id, coalesce(p.doc->>'name', e.sku) AS name,
              count(*) AS tryons, round(avg(e.duration_ms)) AS avg_ms
       FROM events e LEFT JOIN product_skus s ON s.sku = e.sku LEFT JOIN products p ON p.id = s.product_id
       WHERE e.kind = 'tryon' AND ${inRange('e.')}
       GROUP BY 1, 2 ORDER BY tryons DESC, product_id LIMIT ${TOP_PRODUCTS}`,
      args,
    ),
    pool.query<{ hour: number; sessions: string }>(
      `SELECT hour, count(*) AS sessions FROM (
         SELECT session_id, extract(hour FROM min(occurred_at) AT TIME ZONE 'UTC')::int AS hour FROM events WHERE ${where} GROUP BY session_id
       ) v GROUP BY hour ORDER BY hour`,
      args,
    ),
  ]);
  const t = totals.rows[0]!;
  const sessions = Number(t.sessions);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    tryOns: Number(t.tryons),
    sessions,
    conversionRate: sessions === 0 ? 0 : Number(t.converted) / sessions,
    perStore: perStore.rows.map((r) => ({ storeId: r.store_id, tryOns: Number(r.tryons), sessions: Number(r.sessions), looksSaved: Number(r.looks) })),
    perProduct: perProduct.rows.map((r) => ({ productId: r.product_id, name: r.name, tryOns: Number(r.tryons), avgDurationMs: Number(r.avg_ms ?? 0) })),
    sessionsPerHour: hours.rows.map((r) => ({ hour: r.hour, sessions: Number(r.sessions) })),
  };
}
