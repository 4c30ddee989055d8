import type { HqEvent, HqIngestResult } from '../shared/hq-protocol';
import type { HqPool } from './db';
import type { MirrorIdentity } from './auth';

/** Days back an event may be dated (a mirror offline for months still delivers). @default 400 */
export const MAX_EVENT_AGE_DAYS = 400;
/** Clock skew tolerated for an event dated in the future, in ms. @default 1 day */
const MAX_FUTURE_MS = 86_400_000;
/** Arbitrary key of the advisory lock under which day partitions are created. */
const PARTITION_LOCK_KEY = 0x61746c70; // "atlp"

/** Day partitions known to exist, so a batch costs no catalog query once its days are made. */
const knownDays = new Set<string>();

/** Creates the `events` partitions of these days (`YYYY-MM-DD`) where missing. */
async function ensurePartitions(pool: HqPool, days: ReadonlySet<string>): Promise<void> {
  const missing = [...days].filter((d) => !knownDays.has(d));
  if (missing.length === 0) return;
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    // Two requests creating the same day at once would fail on the catalog's unique name: take turns.
    await c.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
    for (const day of missing) {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      await c.query(`CREATE TABLE IF NOT EXISTS events_${day.replaceAll('-', '')} PARTITION OF events FOR VALUES FROM ('${day}') TO ('${next}')`);
    }
    await c.query('COMMIT');
    for (const d of missing) knownDays.add(d);
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

/**
 * Stores a mirror's batch: each event once (by its id; a batch sent again after a lost answer adds nothing), in
 * its day's partition, in one statement. Events dated impossibly (older than MAX_EVENT_AGE_DAYS, or in the
 * future) are refused for good and reported, so the mirror stops re-sending them.
 */
export async function ingestEvents(pool: HqPool, who: MirrorIdentity, events: readonly HqEvent[], nowMs = Date.now()): Promise<HqIngestResult> {
  const rejected: HqIngestResult['rejected'] = [];
  const good: Array<HqEvent & { day: string }> = [];
  for (const e of events) {
    const atMs = Date.parse(e.occurredAt);
    if (!Number.isFinite(atMs)) rejected.push({ id: e.id, reason: 'occurredAt is not a time' });
    else if (atMs > nowMs + MAX_FUTURE_MS) rejected.push({ id: e.id, reason: 'occurredAt is in the future: check the mirror clock' });
    else if (atMs < nowMs - MAX_EVENT_AGE_DAYS * 86_400_000) rejected.push({ id: e.id, reason: `older than ${MAX_EVENT_AGE_DAYS} days` });
    else good.push({ ...e, day: new Date(atMs).toISOString().slice(0, 10) });
  }
  if (good.length === 0) return { accepted: 0, duplicates: 0, rejected };
  await ensurePartitions(pool, new Set(good.map((e) => e.day)));
  const r = await pool.query(
    `INSERT INTO events(event_id, day, mirror_id, store_id, kind, session_id, sku, occurred_at, duration_ms)
     SELECT t.id, t.day, $1::uuid, $2, t.kind, t.session_id, t.sku, t.at, t.dur
     FROM unnest($3::uuid[], $4::date[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::int[])
       AS t(id, day, kind, session_id, sku, at, dur)
     ON CONFLICT DO NOTHING`,
    [
      who.mirrorId,
      who.storeId,
      good.map((e) => e.id),
      good.map((e) => e.day),
      good.map((e) => e.kind),
      good.map((e) => e.sessionId),
      good.map((e) => e.sku),
      good.map((e) => e.occurredAt),
      good.map((e) => e.durationMs),
    ],
  );
  const accepted = r.rowCount ?? 0;
  return { accepted, duplicates: good.length - accepted, rejected };
}
