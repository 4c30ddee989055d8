import type { Heartbeat } from '../shared/hq-protocol';
import type { MirrorIdentity } from './auth';
import type { HqPool } from './db';

/** Seconds without a heartbeat after which a mirror is listed as silent. @default 180 (three missed beats) */
export const DEFAULT_SILENT_AFTER_S = 180;

export async function recordHeartbeat(pool: HqPool, who: MirrorIdentity, hb: Heartbeat): Promise<void> {
  await pool.query('UPDATE mirrors SET last_seen_at = now(), heartbeat = $2 WHERE id = $1', [who.mirrorId, JSON.stringify(hb)]);
}

export interface FleetMirror {
  id: string;
  storeId: string;
  name: string;
  enrolledAt: string;
  revoked: boolean;
  lastSeenAt: string | null;
  /** Seconds since the last heartbeat; null: never seen. */
  silentForS: number | null;
  /** No heartbeat for longer than the silence limit (or never), and not revoked. */
  silent: boolean;
  heartbeat: Heartbeat | null;
}

/** Every mirror of the chain (or of one store), silent ones first. */
export async function fleet(pool: HqPool, opts: { storeId?: string; silentAfterS?: number } = {}): Promise<FleetMirror[]> {
  const limit = opts.silentAfterS ?? DEFAULT_SILENT_AFTER_S;
  const { rows } = await pool.query<{
    id: string;
    store_id: string;
    name: string;
    enrolled_at: Date;
    revoked_at: Date | null;
    last_seen_at: Date | null;
    silent_for_s: number | null;
    heartbeat: Heartbeat | null;
  }>(
    `SELECT id, store_id, name, enrolled_at, revoked_at, last_seen_at, extract(epoch FROM now() - last_seen_at)::float8 AS silent_for_s, heartbeat
     FROM mirrors WHERE $1::text IS NULL OR store_id = $1 ORDER BY store_id, name, id`,
    [opts.storeId ?? null],
  );
  const list = rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    name: r.name,
    enrolledAt: r.enrolled_at.toISOString(),
    revoked: r.revoked_at !== null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    silentForS: r.silent_for_s === null ? null : Math.round(r.silent_for_s),
    silent: r.revoked_at === null && (r.silent_for_s === null || r.silent_for_s > limit),
    heartbeat: r.heartbeat,
  }));
  return list.sort((a, b) => Number(b.silent) - Number(a.silent));
}
