import { sealUnchainedRows } from '../admin/audit-chain';
import type { CatalogDb } from './db';

/**
 * The catalog's schema, one entry per version: SQL, or a function for a step SQL cannot express (hashing). Each
 * migration runs once, in its own transaction, and sets `PRAGMA user_version` to its index + 1. Never edit a
 * released entry: append a new one.
 */
export const MIGRATIONS: ReadonlyArray<string | ((db: CatalogDb) => void)> = [
  // v1
  `
  CREATE TABLE categories (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES categories(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE garment_assets (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    kind TEXT NOT NULL CHECK (kind IN ('2d', '3d')),
    mime TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    -- 2D only: {"left_shoulder": [xNorm, yNorm], ...}
    anchors_json TEXT
  );

  CREATE TABLE products (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    brand TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories(id),
    description TEXT NOT NULL DEFAULT '',
    -- Tags joined by spaces, kept here so the FTS index (external content) can read them from this row.
    tags_text TEXT NOT NULL DEFAULT '',
    -- Lower-cased name, brand and tags: the short-query fallback scans this through a covering index.
    search_text TEXT NOT NULL DEFAULT '',
    -- sha256 of the product's canonical content (without updated_at): unchanged products are skipped on sync.
    content_hash TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
  );
  CREATE INDEX products_category ON products(category_id, name, pk);
  CREATE INDEX products_name ON products(name, pk);
  CREATE INDEX products_search ON products(search_text, pk);

  CREATE TABLE variants (
    sku TEXT PRIMARY KEY,
    product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    colour TEXT NOT NULL,
    size TEXT NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    stock INTEGER NOT NULL CHECK (stock >= 0),
    asset_2d TEXT REFERENCES garment_assets(sha256),
    asset_3d TEXT REFERENCES garment_assets(sha256)
  );
  CREATE INDEX variants_product ON variants(product_pk, position);
  CREATE INDEX variants_asset_2d ON variants(asset_2d) WHERE asset_2d IS NOT NULL;
  CREATE INDEX variants_asset_3d ON variants(asset_3d) WHERE asset_3d IS NOT NULL;

  -- One row per filter value a product can satisfy (see facets.ts), so "size M, red, in stock" is one index range
  -- instead of a probe of every product's variants; counts over the whole catalog stay under a millisecond.
  CREATE TABLE product_facets (
    token TEXT NOT NULL,
    product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
    PRIMARY KEY (token, product_pk)
  ) WITHOUT ROWID;
  CREATE INDEX product_facets_product ON product_facets(product_pk);

  CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE product_tags (
    product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (product_pk, tag_id)
  ) WITHOUT ROWID;
  CREATE INDEX product_tags_tag ON product_tags(tag_id);

  -- Trigram: substring search that needs no word segmentation, so Chinese works as well as English.
  CREATE VIRTUAL TABLE products_fts USING fts5(
    name, brand, tags_text,
    content = 'products', content_rowid = 'pk',
    tokenize = 'trigram remove_diacritics 1'
  );
  CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN
    INSERT INTO products_fts(rowid, name, brand, tags_text) VALUES (new.pk, new.name, new.brand, new.tags_text);
  END;
  CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, name, brand, tags_text)
      VALUES ('delete', old.pk, old.name, old.brand, old.tags_text);
  END;
  CREATE TRIGGER products_fts_au AFTER UPDATE OF name, brand, tags_text ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, name, brand, tags_text)
      VALUES ('delete', old.pk, old.name, old.brand, old.tags_text);
    INSERT INTO products_fts(rowid, name, brand, tags_text) VALUES (new.pk, new.name, new.brand, new.tags_text);
  END;

  -- Body-measurement ranges per size, in centimetres.
  CREATE TABLE size_charts (
    brand TEXT NOT NULL,
    category_id TEXT NOT NULL,
    size TEXT NOT NULL,
    measurement TEXT NOT NULL CHECK (measurement IN ('height', 'chest', 'waist', 'hip', 'shoulder', 'inseam')),
    min_cm REAL NOT NULL,
    max_cm REAL NOT NULL,
    CHECK (min_cm <= max_cm),
    PRIMARY KEY (brand, category_id, size, measurement)
  ) WITHOUT ROWID;

  -- Anonymous: a per-visit random id, never a person. No foreign key: events outlive a removed variant.
  CREATE TABLE tryon_events (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0)
  );
  CREATE INDEX tryon_events_started ON tryon_events(started_at);

  CREATE TABLE staff_users (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'manager')),
    pin_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    target TEXT,
    details_json TEXT
  );
  CREATE INDEX audit_log_at ON audit_log(at);

  CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    feed_url TEXT,
    etag TEXT,
    cursor TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    items_changed INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO sync_state(id) VALUES (1);
  `,
  // v2: staff sign-in lock-out (admin/lockout.ts), kept in the database so a restart does not reset it.
  `
  ALTER TABLE staff_users ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE staff_users ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE staff_users ADD COLUMN locked_until_ms INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX audit_log_user ON audit_log(user_id, at);
  CREATE INDEX tryon_events_session ON tryon_events(session_id);
  `,
  // v3: the garment's own size chart (finished measurements per size, shared/garment-measurements.ts) and how a
  // top is worn over a bottom (shared/outfit.ts). NULL tuck: the garment kind's default.
  `
  ALTER TABLE products ADD COLUMN tuck TEXT CHECK (tuck IN ('in', 'out'));
  CREATE TABLE garment_charts (
    product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
    size TEXT NOT NULL,
    measurement TEXT NOT NULL CHECK (measurement IN ('chest', 'waist', 'hip', 'length', 'sleeve', 'inseam', 'legOpening')),
    cm REAL NOT NULL CHECK (cm >= 1 AND cm <= 400),
    PRIMARY KEY (product_pk, size, measurement)
  ) WITHOUT ROWID;
  `,
  // v4: the audit log says from where (address; kiosk, tablet or command line) and is a hash chain
  // (admin/audit-chain.ts) that `atelier audit verify` checks; rows written before are sealed as they are.
  (db) => {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN actor_address TEXT;
      ALTER TABLE audit_log ADD COLUMN actor_via TEXT;
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN row_hash TEXT;
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL,
        row_hash TEXT NOT NULL
      );
    `);
    sealUnchainedRows(db);
  },
  // v5: the analytics outbox for `atelier hq` (core/hq/outbox.ts) and this mirror's HQ enrollment. Every try-on
  // recorded while the mirror is enrolled also becomes an outbox row in the same transaction (the trigger), with a
  // random UUID that HQ stores once; a row leaves the outbox only when HQ has acknowledged it.
  `
  CREATE TABLE hq_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hq_url TEXT NOT NULL,
    mirror_id TEXT NOT NULL,
    store_id TEXT NOT NULL,
    token TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    -- The version of the settings HQ pushed that this mirror last applied.
    settings_version INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE hq_outbox (
    seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('tryon', 'look_saved')),
    session_id TEXT NOT NULL,
    sku TEXT,
    occurred_at TEXT NOT NULL,
    duration_ms INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0
  );
  CREATE TRIGGER tryon_events_to_hq_outbox AFTER INSERT ON tryon_events WHEN EXISTS (SELECT 1 FROM hq_link) BEGIN
    INSERT INTO hq_outbox(event_id, kind, session_id, sku, occurred_at, duration_ms) VALUES (
      lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
      'tryon', new.session_id, new.sku, new.started_at, new.duration_ms);
  END;
  `,
  // v6: the store's own pictures and clips for the attract loop (checked by the asset intake, stored in the same
  // content-addressed cache as garments), and catalog translations per language: product names, category names and
  // colour names (docs/catalog-csv.md, docs/catalog-feed.md). The catalog's own text stays the store's language.
  `
  CREATE TABLE store_media (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    kind TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    mime TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    added_at TEXT NOT NULL
  );
  CREATE TABLE product_translations (
    product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (product_pk, lang)
  ) WITHOUT ROWID;
  CREATE TABLE category_translations (
    category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (category_id, lang)
  ) WITHOUT ROWID;
  CREATE TABLE colour_translations (
    colour TEXT NOT NULL,
    lang TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (colour, lang)
  ) WITHOUT ROWID;
  `,
  // v7: a 2D garment's back picture (issue 14: shown when the shopper turns round), by sha256 in the asset store.
  `ALTER TABLE garment_assets ADD COLUMN back_sha256 TEXT CHECK (back_sha256 IS NULL OR length(back_sha256) = 64);`,
];
