import pg from 'pg';
import { HQ_MIGRATIONS } from './migrations';

export type HqPool = pg.Pool;
export type HqClient = pg.PoolClient;

/** A failure HQ staff or a mirror can act on; the message is one line. */
export class HqError extends Error {
  override name = 'HqError';
  constructor(
    message: string,
    /** The HTTP status the API answers with. @default 400 */
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Arbitrary key of the advisory lock that lets one HQ process at a time migrate. */
const MIGRATION_LOCK_KEY = 0x61746c68; // "atlh"

/**
 * Opens a pool on `databaseUrl` and brings the schema up to date. Throws HqError with one line when the URL is
 * not a PostgreSQL URL or the server cannot be reached.
 */
export async function openHqDatabase(databaseUrl: string, opts: { max?: number } = {}): Promise<HqPool> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new HqError(`--database-url is not a URL: ${databaseUrl.slice(0, 200)}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new HqError(`--database-url must be postgres://…, not ${url.protocol}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.max ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (PostgreSQL restarted) must not crash HQ; the next query reconnects.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
    throw new HqError(`cannot open the HQ database ${where}: ${(e as Error).message}`);
  }
  return pool;
}

/** Applies every migration newer than the recorded version, each in its own transaction, under an advisory lock. */
export async function migrate(pool: HqPool): Promise<number> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await c.query('CREATE TABLE IF NOT EXISTS hq_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM hq_schema_migrations');
    const from = rows[0]?.v ?? 0;
    if (from > HQ_MIGRATIONS.length) throw new HqError(`HQ schema is v${from} but this build knows up to v${HQ_MIGRATIONS.length}: it was written by a newer Atelier`);
    for (let i = from; i < HQ_MIGRATIONS.length; i++) {
      await inTransaction(c, async () => {
        await c.query(HQ_MIGRATIONS[i]!);
        await c.query('INSERT INTO hq_schema_migrations(version) VALUES ($1)', [i + 1]);
      });
    }
    return HQ_MIGRATIONS.length;
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    c.release();
  }
}

async function inTransaction<T>(c: HqClient, body: () => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const r = await body();
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/** Runs `body` in one transaction on a client of the pool. */
export async function transaction<T>(pool: HqPool, body: (c: HqClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    return await inTransaction(c, () => body(c));
  } finally {
    c.release();
  }
}
