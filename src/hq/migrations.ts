/**
 * HQ's PostgreSQL schema, one entry per version. `migrate` applies each newer one in its own transaction and
 * records it in `hq_schema_migrations`; never edit a released entry, append a new one.
 */
export const HQ_MIGRATIONS: readonly string[] = [
  // v1
  `
  CREATE TABLE stores (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );

  -- HQ staff: admin (accounts, stores, mirrors), editor (catalog, store overrides), analyst (figures, fleet).
  CREATE TABLE staff (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'editor', 'analyst')),
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz
  );
  CREATE TABLE staff_sessions (
    token_hash text PRIMARY KEY,
    staff_id text NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
  );

  -- One row per enrolled mirror; only the sha256 of its token is kept. heartbeat: its last /healthz and more.
  CREATE TABLE mirrors (
    id uuid PRIMARY KEY,
    store_id text NOT NULL REFERENCES stores(id),
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    last_seen_at timestamptz,
    heartbeat jsonb
  );
  CREATE INDEX mirrors_store ON mirrors(store_id);
  CREATE TABLE enrollment_codes (
    code_hash text PRIMARY KEY,
    store_id text NOT NULL REFERENCES stores(id),
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    mirror_id uuid
  );

  -- Every catalog change takes the next number; the feed's cursor and ETag are made of them.
  CREATE SEQUENCE catalog_version;
  -- The newest version per scope ('global', 'store:<id>'): the 304 answer is one primary-key read.
  CREATE TABLE catalog_heads (scope text PRIMARY KEY, version bigint NOT NULL);
  CREATE TABLE categories (
    id text PRIMARY KEY,
    name text NOT NULL,
    parent_id text,
    position integer NOT NULL DEFAULT 0,
    version bigint NOT NULL
  );
  -- doc: the product as a feed page lists it (docs/catalog-feed.md), asset URLs relative to the feed.
  -- A removed product stays as a tombstone (deleted, doc NULL) so incremental syncs learn of it.
  CREATE TABLE products (
    id text PRIMARY KEY,
    doc jsonb,
    deleted boolean NOT NULL DEFAULT false,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX products_version ON products(version);
  CREATE TABLE product_skus (
    sku text PRIMARY KEY,
    product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE
  );
  CREATE INDEX product_skus_product ON product_skus(product_id);
  CREATE TABLE size_charts (
    brand text NOT NULL,
    category_id text NOT NULL,
    sizes jsonb NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (brand, category_id)
  );
  -- Garment files by content; the feed's asset URLs point here.
  CREATE TABLE assets (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    mime text NOT NULL,
    size_bytes integer NOT NULL,
    data bytea NOT NULL
  );
  -- A store's own price and stock of a SKU; NULL: the chain's. Rows are never deleted (a cleared override must
  -- still reach the store's mirrors as a change), only set to NULL with a new version.
  CREATE TABLE store_overrides (
    store_id text NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    sku text NOT NULL,
    price_minor integer CHECK (price_minor >= 0),
    stock integer CHECK (stock >= 0),
    version bigint NOT NULL,
    PRIMARY KEY (store_id, sku)
  );
  CREATE INDEX store_overrides_version ON store_overrides(store_id, version);

  -- Settings HQ pushes to every mirror of a store (a subset of the admin screen's), with the heads' version numbers.
  CREATE TABLE store_settings (
    store_id text PRIMARY KEY REFERENCES stores(id) ON DELETE CASCADE,
    settings jsonb NOT NULL,
    version bigint NOT NULL
  );

  -- Anonymous events from the mirrors' outboxes, one partition per day (ingest.ts creates them on demand, and
  -- an old day is dropped whole). The event id is the mirror's, so a batch sent twice is stored once.
  CREATE TABLE events (
    event_id uuid NOT NULL,
    day date NOT NULL,
    mirror_id uuid NOT NULL,
    store_id text NOT NULL,
    kind text NOT NULL,
    session_id text NOT NULL,
    sku text,
    occurred_at timestamptz NOT NULL,
    duration_ms integer,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, event_id)
  ) PARTITION BY RANGE (day);
  `,
];
