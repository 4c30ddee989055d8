import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { hqSyncHeaders } from '../../core/hq/outbox';
import * as v from 'valibot';
import { AuditLog } from '../../core/admin/audit';
import type { Catalog } from '../../core/catalog/catalog';
import { parseFormatFlag } from '../../core/catalog/formats/detect';
import type { ImportReport } from '../../core/catalog/import';
import { formatPrice } from '../../core/catalog/money';
import { BrowseRequestSchema, SearchRequestSchema, type ProductPage } from '../../shared/catalog';
import { describeIssues } from '../../shared/contract-kit';
import { parseIntFlag, UsageError } from '../context';
import { withCatalog } from '../with-catalog';
import { printable } from '../printable';

/** Audits a catalog change made from the command line (the log's `cli` place; the OS account in the details). */
function auditCli(cat: Catalog, action: string, target: string | null, details: Record<string, unknown>): void {
  // From the environment, not os.userInfo(): that asks the system's user database (NSS, possibly nscd over a
  // socket) — a lookup the mirror does not need to make.
  const osUser = process.env.USER ?? process.env.LOGNAME ?? process.env.USERNAME ?? null;
  new AuditLog(cat.db).write(null, action, target, { ...details, osUser }, `cli:${osUser ?? '?'}`);
}

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};

/** A page of products: as JSON with `--json` (text as stored), else a count line and one line a product. */
function printPage(page: ProductPage, json: boolean): void {
  if (json) return out(JSON.stringify(page));
  out(`${page.total} product${page.total === 1 ? '' : 's'} (showing ${page.offset + 1}–${page.offset + page.items.length})`);
  for (const p of page.items) {
    const price =
      p.priceMinMinor === p.priceMaxMinor
        ? formatPrice(p.priceMinMinor, p.currency)
        : `${formatPrice(p.priceMinMinor, p.currency)}–${formatPrice(p.priceMaxMinor, p.currency)}`;
    // Catalog text comes from feeds and files: printed without its escape sequences (--json keeps it as stored).
    out(printable(`  ${p.id}  ${p.name} · ${p.brand} · ${p.currency} ${price} · ${p.sizes.join('/')} · ${p.colours.join('/')}${p.inStock ? '' : ' · sold out'}`));
  }
}

export function printReport(r: ImportReport): void {
  out(
    `${r.dryRun ? 'dry run: ' : ''}${r.rowsImported} of ${r.rowsRead} rows imported, ${r.rowsRejected} rejected; ` +
      `products: ${r.inserted} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.deleted} removed; ${r.assetsStored} assets stored`,
  );
  for (const p of r.problems) out(printable(`  row ${p.row}, ${p.field}: ${p.reason}`));
  for (const j of r.categoriesJoined) {
    out(printable(`  row ${j.row}: category "${j.name}" joins the store's ${j.into.id} ("${j.into.name}"): same name, one chip on the mirror`));
  }
  if (r.format) printStoreReport(r);
}

/** What a Shopify or Google import left out on purpose, and the pictures it could only keep as links. */
function printStoreReport(r: ImportReport): void {
  if (r.unpublishedProducts) out(`${r.unpublishedProducts} product${r.unpublishedProducts === 1 ? '' : 's'} not published in the store (draft, archived or unpublished): skipped`);
  const skipped = r.skipped ?? [];
  if (skipped.length) out(`left out (${skipped.length}):`);
  for (const p of skipped) out(printable(`  row ${p.row}, ${p.field}: ${p.reason}`));
  const pictures = r.pictures ?? [];
  if (pictures.length) out(`pictures (${pictures.length}): no picture yet — links kept; upload garment images on the admin screen`);
  for (const p of pictures) out(printable(`  ${p.productId} · ${p.colour}: ${p.url}`));
}

/** Writes `data` to `file` through a temporary file and a rename, so a crash never leaves half an export. */
function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
  }
}

type ListingFlags = Record<string, string | boolean | undefined>;

/** The filter, paging and output flags `search` and `browse` share (those of the mirror's product list). */
function listingFlags(command: Command): Command {
  return command
    .option('--category <id>')
    .option('--size <size>')
    .option('--colour <colour>')
    .option('--in-stock')
    .option('--limit <n>', 'page size', '24')
    .option('--offset <n>', 'skip this many', '0')
    .option('--json');
}

/** The request fields those flags give (not yet validated: the command's schema does that). */
function listingRequest(o: ListingFlags): Record<string, unknown> {
  return {
    categoryId: o.category,
    size: o.size,
    colour: o.colour,
    inStock: o.inStock === true,
    limit: parseIntFlag('limit', o.limit as string),
    offset: parseIntFlag('offset', o.offset as string),
  };
}

function parseOrUsage<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (!r.success) throw new UsageError(describeIssues(r.issues)[0] ?? 'invalid arguments');
  return r.output;
}

export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the offline catalog: sync, import, export, search, check, bench');

  catalog
    .command('sync')
    .description('fetch the store catalog feed and apply it in one transaction (docs/catalog-feed.md)')
    .argument('[url]', 'feed URL; defaults to the last one synced')
    .option('--full', 'ignore the stored cursor and ETag and fetch everything')
    .option('--json', 'print the result as JSON')
    .action((url: string | undefined, opts: { full?: boolean; json?: boolean }, cmd: Command) =>
      withCatalog(cmd, async (cat) => {
        let r;
        try {
          const headers = hqSyncHeaders(cat.db, url ?? cat.syncStatus().feedUrl);
          r = await cat.sync(url, { full: opts.full ?? false, ...(headers ? { headers } : {}) });
        } catch (e) {
          auditCli(cat, 'sync.failed', url ?? null, { error: (e as Error).message });
          throw e;
        }
        auditCli(cat, 'sync.run', url ?? cat.syncStatus().feedUrl, { ...r });
        if (opts.json) return out(JSON.stringify(r));
        const s = cat.syncStatus();
        out(
          r.notModified
            ? `not modified: catalog is current (${s.products} products)`
            : `synced ${r.pages} page${r.pages === 1 ? '' : 's'}: ${r.itemsChanged} products changed, ${r.assetsDownloaded} assets downloaded; ${s.products} products, ${s.variants} variants`,
        );
      }),
    );

  catalog
    .command('status')
    .description('last sync: when, what changed, the last error')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }, cmd: Command) =>
      withCatalog(cmd, (cat) => {
        const s = cat.syncStatus();
        if (opts.json) return out(JSON.stringify(s));
        out(`feed:          ${s.feedUrl ?? '(never synced)'}`);
        out(`last success:  ${s.lastSuccessAt ?? '-'}`);
        out(`last attempt:  ${s.lastAttemptAt ?? '-'}`);
        out(`last error:    ${s.lastError ?? '-'}`);
        out(`items changed: ${s.itemsChanged}`);
        out(`catalog:       ${s.products} products, ${s.variants} variants`);
      }),
    );

  catalog
    .command('import')
    .description('import a catalog file (ours, a Shopify product CSV, a Google Merchant feed); bad rows are reported, good rows imported in one transaction')
    .argument('<file>', 'catalog file (docs/catalog-csv.md, docs/catalog-feed.md, docs/catalog-formats.md)')
    .option('--format <format>', 'auto | atelier | shopify | google', 'auto')
    .option('--currency <code>', "the store's ISO 4217 currency, for files without one (Shopify's)")
    .option('--default-stock <n>', 'stock of a variant "in stock" without a quantity', '1')
    .option('--replace', 'the file is the whole catalog: remove products it does not list')
    .option('--dry-run', 'validate and report only (with --replace: also how many products it would remove)')
    .option('--force', 'with --replace: replace even when rows are rejected (their products are kept as they are)')
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { format: string; currency?: string; defaultStock: string; replace?: boolean; dryRun?: boolean; force?: boolean; json?: boolean }, cmd: Command) =>
      withCatalog(cmd, (cat) => {
        let format;
        try {
          format = parseFormatFlag(opts.format);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const defaultStock = parseIntFlag('default-stock', opts.defaultStock)!;
        const r = cat.importFile(path.resolve(file), {
          replace: opts.replace ?? false,
          dryRun: opts.dryRun ?? false,
          force: opts.force ?? false,
          format,
          defaultStock,
          ...(opts.currency !== undefined ? { currency: opts.currency.toUpperCase() } : {}),
        });
        if (!r.dryRun && !r.refused) {
          auditCli(cat, 'catalog.import', path.resolve(file), { format: r.format ?? 'atelier', replace: opts.replace ?? false, force: opts.force ?? false, imported: r.rowsImported, rejected: r.rowsRejected, removed: r.deleted });
        }
        if (opts.json) out(JSON.stringify(r));
        else printReport(r);
        if (r.refused && !r.dryRun) throw new UsageError(r.refused, 1);
        if (r.refused) process.stderr.write(`atelier: ${r.refused.replace('refused', 'would be refused')}\n`);
        if (r.problems.length > 0 || r.refused) process.exitCode = 1;
      }),
    );

  catalog
    .command('export')
    .description('write the catalog as CSV or JSON, in the format import reads')
    .option('--format <format>', 'csv | json', 'csv')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action((opts: { format: string; output?: string }, cmd: Command) => {
      if (opts.format !== 'csv' && opts.format !== 'json') throw new UsageError(`--format must be csv or json, got "${opts.format}"`);
      return withCatalog(cmd, (cat) => {
        const data = opts.format === 'csv' ? cat.exportCsv() : cat.exportJson();
        if (opts.output) writeAtomic(path.resolve(opts.output), data);
        else process.stdout.write(data);
      });
    });

  catalog
    .command('check')
    .description("run SQLite's integrity check on the catalog; prints ok or what is wrong")
    .action((_opts, cmd: Command) =>
      withCatalog(cmd, (cat) => {
        const problems = cat.check();
        for (const p of problems) out(p);
        if (problems[0] !== 'ok') process.exitCode = 1;
      }),
    );

  listingFlags(
    catalog
      .command('search')
      .description('search like the mirror does (name, brand, tags; Chinese or English)')
      .argument('<query>'),
  ).action((query: string, o: ListingFlags, cmd: Command) => {
    const q = parseOrUsage(SearchRequestSchema, { query, ...listingRequest(o) });
    return withCatalog(cmd, (cat) => printPage(cat.search(q), o.json === true));
  });

  listingFlags(catalog.command('browse').description('list products like the mirror does, by category, with filters and paging')).action(
    (o: ListingFlags, cmd: Command) => {
      const q = parseOrUsage(BrowseRequestSchema, listingRequest(o));
      return withCatalog(cmd, (cat) => printPage(cat.browse(q), o.json === true));
    },
  );

  catalog
    .command('bench')
    .description('generate a catalog of N variants in a temporary data directory and time each query kind')
    .option('--variants <n>', 'variants to generate', '100000')
    .option('--runs <n>', 'timed runs per query kind', '300')
    .option('--json', 'print the result as JSON')
    .action(async (o: { variants: string; runs: string; json?: boolean }) => {
      const n = parseIntFlag('variants', o.variants)!;
      const runs = parseIntFlag('runs', o.runs)!;
      if (n < 1 || n > 2_000_000) throw new UsageError('--variants must be between 1 and 2000000');
      if (runs < 1) throw new UsageError('--runs must be at least 1');
      // A developer's tool (tools/bench): loaded only when this command runs.
      const { runCatalogBench } = await import('../../../tools/bench/catalog-bench');
      const r = runCatalogBench(n, runs);
      if (o.json) return out(JSON.stringify(r));
      out(`${r.variants} variants, ${r.products} products; generated in ${r.generateMs} ms; database ${(r.dbBytes / 1048576).toFixed(1)} MiB`);
      out(`${'query'.padEnd(22)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}${'matches'.padStart(9)}  example`);
      for (const row of r.rows) {
        out(`${row.kind.padEnd(22)}${row.p50Ms.toFixed(3).padStart(9)}${row.p95Ms.toFixed(3).padStart(9)}${row.maxMs.toFixed(3).padStart(9)}${String(row.meanTotal).padStart(9)}  ${row.example}`);
      }
    });
}
