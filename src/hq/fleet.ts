import type { Heartbeat, RemoteSettings } from '../shared/hq-protocol';
import type { MirrorIdentity } from './auth';
import { HqError, type HqPool } from './db';

/** Seconds without a heartbeat after which a mirror is listed as silent. @default 180 (three missed beats) */
export const DEFAULT_SILENT_AFTER_S = 180;

/** Records a beat; answers with the settings pushed to the mirror's store, which the mirror applies once per version. */
export async function recordHeartbeat(pool: HqPool, who: MirrorIdentity, hb: Heartbeat): Promise<{ version: number; patch: RemoteSettings } | null> {
  await pool.query('UPDATE mirrors SET last_seen_at = now(), heartbeat = $2 WHERE id = $1', [who.mirrorId, JSON.stringify(hb)]);
  const { rows } = await pool.query<{ settings: RemoteSettings; version: string }>('SELECT settings, version FROM store_settings WHERE store_id = $1', [who.storeId]);
  return rows[0] ? { version: Number(rows[0].version), patch: rows[0].settings } : null;
}

/** Pushes settings to every mirror of a store (applied at their next heartbeat); replaces what was pushed before. */
export async function pushStoreSettings(pool: HqPool, storeId: string, patch: RemoteSettings): Promise<number> {
  const store = await pool.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
  if (store.rowCount === 0) throw new HqError(`no store ${storeId}`, 404);
  const { rows } = await pool.query<{ version: string }>(
    `INSERT INTO store_settings(store_id, settings, version) VALUES ($1, $2, nextval('catalog_version'))
     ON CONFLICT (store_id) DO UPDATE SET settings = excluded.settings, version = excluded.version RETURNING version`,
    [storeId, JSON.stringify(patch)],
  );
  return Number(rows[0]!.version);
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
