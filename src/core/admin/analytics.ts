import type { Analytics, AnalyticsQuery, TryOnEvent } from '../../shared/admin';
import type { CatalogDb } from '../catalog/db';
import { writeCsv } from '../catalog/csv';

/** Pairs listed in "tried together". @default 20 */
const TOP_PAIRS = 20;

/**
 * Anonymous try-on analytics over `tryon_events`: what the mirror records is a random per-visit id, the SKU and
 * when/how long — no image, face or identity, so there is nothing personal to aggregate away.
 */
export class TryOnAnalytics {
  constructor(private readonly db: CatalogDb) {}

  record(e: TryOnEvent): void {
    this.db
      .prepare('INSERT INTO tryon_events(session_id, sku, started_at, duration_ms) VALUES (?, ?, ?, ?)')
      .run(e.sessionId, e.sku, new Date(e.startedAt).toISOString(), e.durationMs);
  }

  summary(q: AnalyticsQuery): Analytics {
    // A temp view keeps the date filter and the product join in one place for every query below.
    const from = q.from ? new Date(q.from).toISOString() : '0000';
    const to = q.to ? new Date(q.to).toISOString() : '9999';
    const ev = `(SELECT e.session_id, e.sku, e.started_at, e.duration_ms, coalesce(p.id, 'sku:' || e.sku) AS product_id,
                  coalesce(p.name, e.sku) AS name, coalesce(p.category_id, '(removed)') AS category_id
                FROM tryon_events e LEFT JOIN variants v ON v.sku = e.sku LEFT JOIN products p ON p.pk = v.product_pk
                WHERE e.started_at >= @from AND e.started_at <= @to)`;
    const args = { from, to };
    const all = <T>(sql: string): T[] => this.db.prepare(sql).all(args) as T[];
    const totals = this.db.prepare(`SELECT count(*) AS n, count(DISTINCT session_id) AS s, coalesce(avg(duration_ms), 0) AS avg FROM ${ev}`).get(args) as { n: number; s: number; avg: number };
    return {
      totalTryOns: totals.n,
      sessions: totals.s,
      avgDurationMs: Math.round(totals.avg),
      perProduct: all<{ productId: string; name: string; count: number; avgDurationMs: number }>(
        `SELECT product_id AS productId, name, count(*) AS count, CAST(round(avg(duration_ms)) AS INTEGER) AS avgDurationMs
         FROM ${ev} GROUP BY product_id ORDER BY count DESC, product_id`,
      ),
      perCategory: all<{ categoryId: string; count: number }>(`SELECT category_id AS categoryId, count(*) AS count FROM ${ev} GROUP BY category_id ORDER BY count DESC, category_id`),
      perDay: all<{ day: string; count: number }>(`SELECT substr(started_at, 1, 10) AS day, count(*) AS count FROM ${ev} GROUP BY day ORDER BY day`),
      sessionsPerHour: all<{ hour: number; sessions: number }>(
        `SELECT hour, count(*) AS sessions FROM (SELECT CAST(substr(min(started_at), 12, 2) AS INTEGER) AS hour FROM ${ev} GROUP BY session_id)
         GROUP BY hour ORDER BY hour`,
      ),
      triedTogether: all<{ a: string; b: string; count: number }>(
        `WITH t AS (SELECT DISTINCT session_id, product_id FROM ${ev})
         SELECT x.product_id AS a, y.product_id AS b, count(*) AS count FROM t x JOIN t y ON x.session_id = y.session_id AND x.product_id < y.product_id
         GROUP BY a, b ORDER BY count DESC, a, b LIMIT ${TOP_PAIRS}`,
      ),
    };
  }

  /** One CSV with a section column, so a spreadsheet can filter each table. */
  csv(q: AnalyticsQuery): string {
    const a = this.summary(q);
    const rows: string[][] = [['section', 'key', 'key2', 'count', 'avg_duration_ms']];
    rows.push(['total', '', '', String(a.totalTryOns), String(a.avgDurationMs)]);
    rows.push(['sessions', '', '', String(a.sessions), '']);
    for (const p of a.perProduct) rows.push(['product', p.productId, p.name, String(p.count), String(p.avgDurationMs)]);
    for (const c of a.perCategory) rows.push(['category', c.categoryId, '', String(c.count), '']);
    for (const d of a.perDay) rows.push(['day', d.day, '', String(d.count), '']);
    for (const h of a.sessionsPerHour) rows.push(['sessions_per_hour', String(h.hour), '', String(h.sessions), '']);
    for (const t of a.triedTogether) rows.push(['tried_together', t.a, t.b, String(t.count), '']);
    return writeCsv(rows);
  }
}
