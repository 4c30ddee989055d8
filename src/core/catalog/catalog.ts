import path from 'node:path';
import type { AssetRef, BrowseQuery, Category, Product, ProductPage, SearchQuery, SyncResult, SyncStatus } from '../../shared/catalog';
import { collectAssetFiles } from './asset-gc';
import { AssetStore, type AssetIo } from './assets';
import { CATALOG_DB_FILE, CatalogError, checkpoint, integrityCheck, openCatalogDb, type CatalogDb } from './db';
import { exportCsv, exportDocument } from './export';
import { importFile, importRows, type CatalogRowInput, type ImportOptions, type ImportReport } from './import';
import { CatalogQueries } from './queries';
import { syncFromFeed, type SyncOptions } from './sync';

/** Folder of the content-addressed garment files inside the data directory. */
export const ASSETS_DIR = 'assets';
/** How often the WAL is folded back and truncated while the app runs. @default 300000 (5 minutes) */
const CHECKPOINT_INTERVAL_MS = 5 * 60_000;

export interface CatalogOpenOptions {
  /** Test hooks: simulate a full disk in the database (page cap) or in the asset cache (write hook). */
  maxPageCount?: number;
  assetIo?: AssetIo;
  /** Periodic `wal_checkpoint(TRUNCATE)`; off for short-lived CLI commands. @default false */
  periodicCheckpoint?: boolean;
}

/**
 * The catalog of one data directory: the SQLite cache, the asset files, and sync/import/export over them.
 * One instance per process; `close()` checkpoints and releases the database.
 */
export class Catalog {
  readonly queries: CatalogQueries;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<SyncResult> | null = null;

  private constructor(
    readonly db: CatalogDb,
    readonly assets: AssetStore,
    readonly dataDir: string,
  ) {
    this.queries = new CatalogQueries(db);
  }

  static open(dataDir: string, opts: CatalogOpenOptions = {}): Catalog {
    const db = openCatalogDb(path.join(dataDir, CATALOG_DB_FILE), opts.maxPageCount !== undefined ? { maxPageCount: opts.maxPageCount } : {});
    const c = new Catalog(db, new AssetStore(path.join(dataDir, ASSETS_DIR), opts.assetIo), dataDir);
    if (opts.periodicCheckpoint) {
      c.timer = setInterval(() => c.checkpoint(), CHECKPOINT_INTERVAL_MS);
      c.timer.unref();
    }
    return c;
  }

  browse(q: BrowseQuery): ProductPage {
    return this.queries.browse(q);
  }
  search(q: SearchQuery): ProductPage {
    return this.queries.search(q);
  }
  product(id: string): Product | null {
    return this.queries.product(id);
  }
  categories(): Category[] {
    return this.queries.categories();
  }
  /** Metadata of a stored asset (garment image or GLB), or null when the catalog does not reference it. */
  asset(sha256: string): AssetRef | null {
    return this.queries.asset(sha256);
  }

  syncStatus(): SyncStatus {
    const s = this.db
      .prepare<[], { feed_url: string | null; last_attempt_at: string | null; last_success_at: string | null; last_error: string | null; items_changed: number }>(
        'SELECT feed_url, last_attempt_at, last_success_at, last_error, items_changed FROM sync_state WHERE id = 1',
      )
      .get()!;
    const counts = this.queries.counts();
    return {
      feedUrl: s.feed_url,
      running: this.syncing !== null,
      lastAttemptAt: s.last_attempt_at,
      lastSuccessAt: s.last_success_at,
      lastError: s.last_error,
      itemsChanged: s.items_changed,
      products: counts.products,
      variants: counts.variants,
    };
  }

  /**
   * Syncs from `url`, or from the last feed synced. One sync at a time: a second call while one runs joins it.
   * Throws CatalogError; the previous catalog stays served either way.
   */
  sync(url?: string, opts: SyncOptions = {}): Promise<SyncResult> {
    if (this.syncing) return this.syncing;
    const target = url ?? this.syncStatus().feedUrl;
    if (!target) return Promise.reject(new CatalogError('no feed URL: run "atelier catalog sync <url>" once'));
    this.syncing = syncFromFeed(this.db, this.assets, target, opts).finally(() => {
      this.syncing = null;
      this.checkpoint();
    });
    return this.syncing;
  }

  importFile(file: string, opts: Omit<ImportOptions, 'assets'> = {}): ImportReport {
    const r = importFile(this.db, file, { ...opts, assets: this.assets });
    // A replaced back or a removed product's pictures leave the disk (after the grace an upload gets).
    if (!r.dryRun && r.updated + r.deleted > 0) collectAssetFiles(this.db, this.assets);
    this.checkpoint();
    return r;
  }

  /** Imports flat rows built in code (the demo seeder); asset paths are resolved against `baseDir`. */
  importRows(rows: readonly CatalogRowInput[], opts: Omit<ImportOptions, 'assets'> = {}): ImportReport {
    const r = importRows(this.db, rows, { ...opts, assets: this.assets });
    this.checkpoint();
    return r;
  }

  exportCsv(): string {
    return exportCsv(this.db, this.assets);
  }
  exportJson(): string {
    return JSON.stringify(exportDocument(this.db, this.assets), null, 2) + '\n';
  }

  /** `['ok']` or one line per problem. */
  check(): string[] {
    return integrityCheck(this.db);
  }

  /** Folds the WAL into the database and truncates it; skipped quietly when readers hold it. */
  checkpoint(): void {
    try {
      checkpoint(this.db);
    } catch {
      // A failed checkpoint loses nothing: the WAL stays and the next one retries.
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.db.open) return;
    this.checkpoint();
    this.db.close();
  }
}
