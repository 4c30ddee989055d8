import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type CatalogDb = Database.Database;

/** A catalog failure a person can act on; the message is one line. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** File name of the catalog database inside the data directory. */
export const CATALOG_DB_FILE = 'catalog.db';

/**
 * Pages after which SQLite folds the WAL back into the database on commit (≈4 MB at 4 KiB pages).
 * @default 1000 (SQLite's own default, set explicitly so it cannot be switched off by a build option)
 */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/** After a checkpoint the WAL file is truncated to at most this many bytes, so one big sync cannot leave it huge. */
const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

export interface OpenOptions {
  readonly?: boolean;
  /** Test hook: cap the database at this many pages so "disk full" (SQLITE_FULL) can be simulated. */
  maxPageCount?: number;
}

/**
 * Opens (creating if needed) the catalog database and brings its schema up to date.
 * WAL so the mirror keeps reading while a sync commits; `synchronous=FULL` because stores lose power and a
 * committed sync must survive it.
 */
export function openCatalogDb(file: string, opts: OpenOptions = {}): CatalogDb {
  if (!opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: CatalogDb;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (e) {
    throw new CatalogError(`cannot open catalog ${file}: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db);
    else checkVersion(db);
    if (opts.maxPageCount !== undefined) db.pragma(`max_page_count = ${opts.maxPageCount}`);
  } catch (e) {
    db.close();
    if (e instanceof CatalogError) throw e;
    throw new CatalogError(`cannot open catalog ${file}: ${(e as Error).message}`);
  }
  return db;
}

function checkVersion(db: CatalogDb): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new CatalogError(
      `catalog schema is v${version} but this build knows up to v${MIGRATIONS.length}: it was written by a newer Atelier`,
    );
  }
  return version;
}

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: CatalogDb): void {
  const from = checkVersion(db);
  for (let i = from; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      const step = MIGRATIONS[i]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${i + 1}`);
    }).immediate();
  }
}

/** Folds the WAL into the database and truncates it to zero bytes. Returns false if readers kept it busy. */
export function checkpoint(db: CatalogDb): boolean {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return row?.busy === 0;
}

/** `PRAGMA integrity_check` plus foreign keys: `['ok']` or one line per problem. */
export function integrityCheck(db: CatalogDb): string[] {
  const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const problems = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
  const fk = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  for (const f of fk) problems.push(`${f.table} row ${f.rowid}: missing ${f.parent}`);
  try {
    db.prepare(`INSERT INTO products_fts(products_fts, rank) VALUES ('integrity-check', 1)`).run();
  } catch (e) {
    if (!db.readonly) problems.push(`search index: ${(e as Error).message}`);
  }
  return problems.length === 0 ? ['ok'] : problems;
}

/** Turns SQLite's errors into a line that says what to do. */
export function describeSqliteError(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL') return 'disk full: the catalog database could not grow (free some space and retry)';
  if (code === 'SQLITE_READONLY') return 'the catalog database is read-only';
  if (code === 'SQLITE_BUSY') return 'the catalog database is busy (another Atelier process is writing)';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `the catalog database is damaged (${(e as Error).message})`;
  return (e as Error).message ?? String(e);
}
