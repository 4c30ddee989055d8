import * as v from 'valibot';
import {
  CatalogDocumentSchema,
  DocProductSchema,
  type AssetKind,
  type DocAsset,
  type DocCategory,
  type DocSizeChart,
  type SyncResult,
} from '../../shared/catalog';
import { describeIssues } from '../../shared/contract-kit';
import { applyChanges } from './apply';
import { docCategoryTranslations } from './import';
import { addTranslation } from './translations';
import { admitAsset, AssetRejected, assetTypeOf, MAX_ASSET_BYTES, readLimited } from './asset-intake';
import { collectAssetFiles } from './asset-gc';
import { sha256Hex, type AssetStore } from './assets';
import { backPictureProblemDecoded } from './back-picture';
import { CatalogError, type CatalogDb } from './db';
import { productProblem } from './import';
import type { ProductInput, StoredAsset } from './write';

export interface SyncOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Retries per request after the first try, for network errors, 5xx, 429 and cut-off bodies. @default 3 */
  retries?: number;
  /** First retry delay in ms; doubles each retry, with jitter. @default 500 */
  backoffMs?: number;
  /** @default 8000 */
  maxBackoffMs?: number;
  /** Time limit of one attempt of one request, headers and body, in ms. @default 30000 */
  timeoutMs?: number;
  /** Largest feed page, enforced while it streams (with or without Content-Length). @default 128 MiB */
  maxPageBytes?: number;
  /** Largest garment file, enforced while it streams. @default MAX_ASSET_BYTES (64 MiB) */
  maxAssetBytes?: number;
  /** Ignore the stored cursor and ETag: fetch the whole catalog. @default false */
  full?: boolean;
  /** Pages followed at most (guards against a feed whose `next` loops). @default 10000 */
  maxPages?: number;
  /** Asset downloads in flight at once. @default 4 */
  concurrency?: number;
  signal?: AbortSignal;
  /** An asset file nothing refers to after a sync is deleted once older than this. @default UNREFERENCED_ASSET_GRACE_MS (1 hour) */
  unreferencedGraceMs?: number;
  /** Sent with every request (pages and assets): `atelier hq`'s feed takes the mirror's bearer token. */
  headers?: Readonly<Record<string, string>>;
}

interface SyncStateRow {
  feed_url: string | null;
  etag: string | null;
  cursor: string | null;
}

const MAX_PAGE_BYTES = 128 * 1024 * 1024;
/** Redirects followed per request (each one checked to be http(s)). */
const MAX_REDIRECTS = 5;

/** A request that failed in a way another try may fix. */
class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Brings the catalog up to date from the feed at `url` (docs/catalog-feed.md). Everything is staged first — every
 * page fetched and validated, every new asset downloaded, sha256-checked and stored — and then applied in one
 * transaction with the new cursor and ETag. Until that commit the mirror serves the previous catalog; if anything
 * fails it keeps serving it, and the error is recorded in the sync status. Throws CatalogError (one line).
 */
export async function syncFromFeed(db: CatalogDb, assets: AssetStore, url: string, opts: SyncOptions = {}): Promise<SyncResult> {
  const startedAt = new Date().toISOString();
  try {
    const result = await runSync(db, assets, url, opts, startedAt);
    return result;
  } catch (e) {
    const message = e instanceof CatalogError ? e.message : `sync failed: ${(e as Error).message ?? String(e)}`;
    try {
      db.prepare('UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1').run(startedAt, message);
    } catch {
      // The database itself may be what failed (disk full); the thrown error says so.
    }
    throw e instanceof CatalogError ? e : new CatalogError(message);
  }
}

async function runSync(db: CatalogDb, assets: AssetStore, url: string, opts: SyncOptions, startedAt: string): Promise<SyncResult> {
  let feedUrl: URL;
  try {
    feedUrl = new URL(url);
  } catch {
    throw new CatalogError(`not a URL: ${url}`);
  }
  if (feedUrl.protocol !== 'http:' && feedUrl.protocol !== 'https:') throw new CatalogError(`feed URL must be http(s): ${url}`);
  const state = db.prepare<[], SyncStateRow>('SELECT feed_url, etag, cursor FROM sync_state WHERE id = 1').get()!;
  // A different feed's cursor means nothing here: start from scratch.
  const incremental = !opts.full && state.feed_url === url && state.cursor !== null;
  const first = new URL(feedUrl);
  if (incremental) first.searchParams.set('updated_since', state.cursor!);
  const etag = !opts.full && state.feed_url === url ? state.etag : null;

  const http = new Http(opts);
  const categories: DocCategory[] = [];
  const products = new Map<string, { doc: v.InferOutput<typeof DocProductSchema>; base: URL }>();
  const deleted = new Set<string>();
  const sizeCharts: DocSizeChart[] = [];
  let cursor: string | null = null;
  let newEtag: string | null = null;
  let full = false;
  let pages = 0;
  const seenPages = new Set<string>();
  const maxPages = opts.maxPages ?? 10_000;

  for (let pageUrl: URL | null = first; pageUrl; ) {
    if (seenPages.has(pageUrl.href)) throw new CatalogError(`feed page ${pages + 1}: "next" points back to ${pageUrl.href}`);
    if (pages >= maxPages) throw new CatalogError(`feed has more than ${maxPages} pages`);
    seenPages.add(pageUrl.href);
    pages++;
    const label: string = `feed page ${pages} (${pageUrl.href})`;
    const isFirst = pages === 1;
    const res = await http.getJson(pageUrl, label, isFirst && etag ? { 'if-none-match': etag } : {});
    if (res === 'not-modified') {
      if (!isFirst) throw new CatalogError(`${label}: 304 Not Modified on a later page`);
      db.prepare('UPDATE sync_state SET last_attempt_at = ?, last_success_at = ?, last_error = NULL, items_changed = 0 WHERE id = 1').run(
        startedAt,
        new Date().toISOString(),
      );
      return { notModified: true, itemsChanged: 0, pages: 1, assetsDownloaded: 0 };
    }
    const top = v.safeParse(CatalogDocumentSchema, res.body);
    if (!top.success) throw new CatalogError(`${label}: not a catalog page: ${describeIssues(top.issues)[0]}`);
    const page = top.output;
    if (isFirst) {
      newEtag = res.etag;
      full = page.full;
    }
    categories.push(...page.categories);
    sizeCharts.push(...page.sizeCharts);
    for (const id of page.deleted) {
      deleted.add(id);
      products.delete(id);
    }
    page.products.forEach((raw, i) => {
      const r = v.safeParse(DocProductSchema, raw);
      const id = (raw as { id?: unknown })?.id;
      const what = `${label}, product ${i + 1}${typeof id === 'string' ? ` (${id.slice(0, 64)})` : ''}`;
      if (!r.success) throw new CatalogError(`${what}: ${describeIssues(r.issues)[0]}`);
      const problem = productProblem(r.output.variants, new Map());
      if (problem) throw new CatalogError(`${what}: ${problem.field}: ${problem.reason}`);
      products.set(r.output.id, { doc: r.output, base: pageUrl! });
      deleted.delete(r.output.id);
    });
    cursor = page.cursor ?? cursor;
    pageUrl = page.next ? resolveUrl(page.next, pageUrl, label) : null;
  }

  // SKUs must be unique across the whole staged feed.
  const skuOwner = new Map<string, string>();
  for (const { doc } of products.values()) {
    for (const x of doc.variants) {
      const other = skuOwner.get(x.sku);
      if (other) throw new CatalogError(`feed: SKU ${x.sku} is in both ${other} and ${doc.id}`);
      skuOwner.set(x.sku, doc.id);
    }
  }

  // Assets: download what the cache lacks, check sha256, store.
  const wanted = new Map<string, { asset: DocAsset; kind: AssetKind; url: URL; product: string }>();
  for (const { doc, base } of products.values()) {
    for (const x of doc.variants) {
      // A 2D garment's back is a picture of its own, downloaded and checked like the front.
      const back = x.asset2d?.back;
      for (const [kind, a] of [['2d', x.asset2d], ['2d', back ? { ...back, anchors: null } : null], ['3d', x.asset3d]] as const) {
        if (a && !wanted.has(a.sha256)) wanted.set(a.sha256, { asset: a, kind, url: resolveUrl(a.url, base, `product ${doc.id}`), product: doc.id });
      }
    }
  }
  const meta = new Map<string, StoredAsset>();
  let downloaded = 0;
  const queue = [...wanted.values()];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const { asset, kind, url: assetUrl, product } = item;
      const label = `asset ${assetUrl.href} (product ${product})`;
      // The type is the file's own (magic bytes), whatever the feed declares: the mirror serves it from its origin.
      try {
        if (assets.has(asset.sha256)) {
          const data = assets.read(asset.sha256);
          const mime = assetTypeOf(kind, data, label);
          meta.set(asset.sha256, { sha256: asset.sha256, kind, mime, sizeBytes: data.length, anchors: kind === '2d' ? (asset.anchors ?? null) : null });
        } else {
          const data = await http.getAsset(assetUrl, label, asset);
          const admitted = admitAsset(assets, kind, data, { label, expectedSha256: asset.sha256, anchors: asset.anchors ?? null });
          meta.set(asset.sha256, admitted.asset);
          downloaded++;
        }
      } catch (e) {
        if (e instanceof AssetRejected) throw new CatalogError(e.message);
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  // Each back against its front, as the admin checks an upload: a bad one fails the sync, the catalog kept as it was.
  for (const { doc } of products.values()) {
    for (const x of doc.variants) {
      if (!x.asset2d?.back) continue;
      const problem = await backPictureProblemDecoded(assets.read(x.asset2d.sha256), assets.read(x.asset2d.back.sha256));
      if (problem) throw new CatalogError(`product ${doc.id}, ${x.sku}: ${problem}`);
    }
  }

  const translations = docCategoryTranslations(categories);
  for (const { doc } of products.values()) {
    for (const [lang, t] of Object.entries(doc.translations ?? {})) {
      if (t.name) addTranslation(translations.products, doc.id, lang, t.name);
      for (const [colour, name] of Object.entries(t.colours ?? {})) addTranslation(translations.colours, colour, lang, name);
    }
  }
  const inputs: ProductInput[] = [...products.values()].map(({ doc: { translations: _t, ...doc } }) => ({
    ...doc,
    updatedAt: doc.updatedAt ?? startedAt,
    variants: doc.variants.map((x) => ({
      ...x,
      asset2d: x.asset2d ? { ...meta.get(x.asset2d.sha256)!, ...(x.asset2d.back ? { back: x.asset2d.back.sha256 } : {}) } : null,
      asset3d: x.asset3d ? meta.get(x.asset3d.sha256)! : null,
    })),
  }));
  opts.signal?.throwIfAborted();
  const finishedAt = () => new Date().toISOString();
  let itemsChanged = 0;
  applyChanges(db, {
    categories,
    products: inputs,
    deleted: [...deleted],
    sizeCharts,
    replaceAll: full,
    mergeVariants: false,
    translations,
    // The cursor and ETag commit with the data they describe: a crash cannot skip or half-apply an update.
    alsoInTransaction: (r) => {
      itemsChanged = r.inserted + r.updated + r.deleted;
      db.prepare(
        `UPDATE sync_state SET feed_url = ?, etag = ?, cursor = ?, last_attempt_at = ?, last_success_at = ?,
           last_error = NULL, items_changed = ? WHERE id = 1`,
      ).run(url, newEtag, cursor, startedAt, finishedAt(), itemsChanged);
    },
  });
  // What the commit stopped using (a replaced back, a removed product's pictures) leaves the disk.
  if (itemsChanged > 0) collectAssetFiles(db, assets, opts.unreferencedGraceMs);
  return { notModified: false, itemsChanged, pages, assetsDownloaded: downloaded };
}

/** A request that must not be retried: another try gets the same answer (a limit, a refused redirect). */
class FinalError extends CatalogError {}

function resolveUrl(ref: string, base: URL, label: string): URL {
  try {
    const u = new URL(ref, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    return u;
  } catch {
    throw new CatalogError(`${label}: bad URL "${ref.slice(0, 200)}"`);
  }
}

/**
 * HTTP GETs with a deadline per attempt (headers and body together), size limits enforced while the body streams,
 * redirects followed only to http(s), and retries with exponential backoff and jitter for what another try may fix.
 */
class Http {
  private readonly fetch: typeof fetch;
  constructor(private readonly opts: SyncOptions) {
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  async getJson(url: URL, label: string, headers: Record<string, string>): Promise<'not-modified' | { body: unknown; etag: string | null }> {
    return this.withRetries(label, async (signal) => {
      const res = await this.request(url, label, { accept: 'application/json', ...headers }, signal);
      if (res.status === 304) return 'not-modified' as const;
      const bytes = await this.body(res, label, this.opts.maxPageBytes ?? MAX_PAGE_BYTES, signal);
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        // A cut-off or garbled page; another try may get a whole one.
        throw new TransientError(`${label}: truncated or corrupt JSON (${(e as Error).message})`);
      }
      return { body, etag: res.headers.get('etag') };
    });
  }

  async getAsset(url: URL, label: string, asset: DocAsset): Promise<Uint8Array> {
    return this.withRetries(label, async (signal) => {
      const res = await this.request(url, label, {}, signal);
      if (res.status === 304) throw new CatalogError(`${label}: unexpected 304`);
      const data = await this.body(res, label, this.opts.maxAssetBytes ?? MAX_ASSET_BYTES, signal);
      if (asset.sizeBytes !== undefined && data.length !== asset.sizeBytes) {
        throw new TransientError(`${label}: got ${data.length} bytes, the feed says ${asset.sizeBytes} (truncated or corrupt)`);
      }
      const sha = sha256Hex(data);
      if (sha !== asset.sha256) {
        throw new TransientError(`${label}: sha256 mismatch (expected ${asset.sha256.slice(0, 12)}…, got ${sha.slice(0, 12)}…)`);
      }
      return data;
    });
  }

  /** One attempt: follows up to MAX_REDIRECTS redirects itself, so a `file:` or `data:` target is refused, not fetched. */
  private async request(url: URL, label: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
    let target = url;
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        // The caller's headers go only to the feed's own origin: a redirect elsewhere must not carry a token.
        const extra = target.origin === url.origin ? this.opts.headers : undefined;
        res = await this.fetch(target, { headers: { ...extra, ...headers }, signal, redirect: 'manual' });
      } catch (e) {
        throw this.networkError(e, label, signal);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => {});
        const location = res.headers.get('location');
        if (!location) throw new FinalError(`${label}: HTTP ${res.status} without a Location`);
        let next: URL;
        try {
          next = new URL(location, target);
        } catch {
          throw new FinalError(`${label}: redirect to an invalid URL "${location.slice(0, 200)}"`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new FinalError(`${label}: redirect to ${next.href.slice(0, 200)} refused: not http(s)`);
        if (hop >= MAX_REDIRECTS) throw new FinalError(`${label}: more than ${MAX_REDIRECTS} redirects`);
        target = next;
        continue;
      }
      if (res.status === 304 || (res.status >= 200 && res.status < 300)) return res;
      await res.body?.cancel().catch(() => {});
      const msg = `${label}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (res.status >= 500 || res.status === 429 || res.status === 408) throw new TransientError(msg, retryAfterMs(res.headers.get('retry-after')));
      throw new CatalogError(msg);
    }
  }

  /** Reads the body, refusing it once it passes `maxBytes` (declared or streamed): the rest is never downloaded. */
  private async body(res: Response, label: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new FinalError(`${label}: ${declared} bytes is more than the ${maxBytes}-byte limit`);
    }
    try {
      const buf = res.body ? await readLimited(res.body, maxBytes, label) : new Uint8Array(0);
      if (Number.isFinite(declared) && buf.length !== declared) throw new TransientError(`${label}: body cut off at ${buf.length} of ${declared} bytes`);
      return buf;
    } catch (e) {
      if (e instanceof TransientError) throw e;
      // A limit is final: the same body would be cut again (a 512 MB asset was downloaded 4 times).
      if (e instanceof AssetRejected) throw new FinalError(e.message);
      throw this.networkError(e, label, signal, 'connection lost while reading');
    }
  }

  private networkError(e: unknown, label: string, signal: AbortSignal, what?: string): Error {
    if (this.opts.signal?.aborted) return new CatalogError('sync cancelled');
    if (signal.aborted) return new TransientError(`${label}: timed out after ${this.timeoutMs} ms`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (e as Error).message;
    return new TransientError(`${label}: ${what ? `${what} (${reason})` : reason}`);
  }

  private get timeoutMs(): number {
    return this.opts.timeoutMs ?? 30_000;
  }

  /** Runs `attempt` with a fresh deadline each time; retries TransientErrors. */
  private async withRetries<T>(label: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const retries = this.opts.retries ?? 3;
    for (let i = 0; ; i++) {
      const deadline = AbortSignal.timeout(this.timeoutMs);
      const signal = this.opts.signal ? AbortSignal.any([deadline, this.opts.signal]) : deadline;
      try {
        return await attempt(signal);
      } catch (e) {
        if (!(e instanceof TransientError)) throw e;
        if (i >= retries) throw new CatalogError(`${e.message}; gave up after ${i + 1} attempt${i ? 's' : ''}`);
        const base = Math.min(this.opts.maxBackoffMs ?? 8000, (this.opts.backoffMs ?? 500) * 2 ** i);
        const delay = e.retryAfterMs !== undefined ? Math.min(e.retryAfterMs, this.opts.maxBackoffMs ?? 8000) : base * (0.5 + Math.random() / 2);
        await sleep(delay, this.opts.signal);
      }
    }
  }
}

function retryAfterMs(h: string | null): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CatalogError('sync cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CatalogError('sync cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
