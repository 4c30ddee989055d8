import type { Command } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoDir } from '../paths';
import { CatalogError } from '../../core/catalog/db';
import { createLogger, installCrashLogging } from '../../core/log';
import { enrollWithHq, HqRequestError } from '../../core/hq/link';
import { parseFormatFlag } from '../../core/catalog/formats/detect';
import { STAFF_ROLES, createEnrollmentCode, putStaff, type StaffRole } from '../../hq/auth';
import { importCatalogFile } from '../../hq/catalog';
import { HqError, openHqDatabase, type HqPool } from '../../hq/db';
import { DEFAULT_SILENT_AFTER_S } from '../../hq/fleet';
import { parseIntFlag, UsageError } from '../context';
import { withCatalog } from '../with-catalog';
import { printReport } from './catalog';

/** Where `atelier hq` listens unless told otherwise: loopback, behind the chain's TLS reverse proxy. */
const DEFAULT_HQ_HOST = '127.0.0.1';
const DEFAULT_HQ_PORT = 7580;

interface HqFlags {
  databaseUrl?: string;
}

function databaseUrl(hq: Command): string {
  const url = hq.opts<HqFlags>().databaseUrl ?? process.env.ATELIER_HQ_DATABASE_URL;
  if (!url) throw new UsageError('no database: pass --database-url postgres://user@host/db or set ATELIER_HQ_DATABASE_URL');
  return url;
}

async function withHqDb<T>(hq: Command, fn: (pool: HqPool) => Promise<T>): Promise<T> {
  let pool: HqPool;
  try {
    pool = await openHqDatabase(databaseUrl(hq), { max: 2 });
  } catch (e) {
    throw new UsageError((e as Error).message, 1);
  }
  try {
    return await fn(pool);
  } catch (e) {
    if (e instanceof HqError || e instanceof CatalogError) throw new UsageError(e.message, 1);
    throw e;
  } finally {
    await pool.end();
  }
}

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** `atelier hq …`: the chain's HQ service on PostgreSQL and its staff tasks; `atelier enroll`: a mirror joins it. */
export function registerHq(program: Command): void {
  const hq = program
    .command('hq')
    .description("the chain's HQ on PostgreSQL: catalog feed for every store, analytics ingest, fleet (docs/hq.md)")
    .option('--database-url <url>', 'postgres://user:password@host:5432/db; env ATELIER_HQ_DATABASE_URL')
    .option('--listen <address>', `address to listen on (TLS is the reverse proxy's job) (default ${DEFAULT_HQ_HOST})`)
    .option('--listen-port <n>', `port (default ${DEFAULT_HQ_PORT})`)
    .option('--silent-after <seconds>', `a mirror without a heartbeat this long is silent (default ${DEFAULT_SILENT_AFTER_S})`)
    .action(async (opts: { listen?: string; listenPort?: string; silentAfter?: string }) => {
      const url = databaseUrl(hq);
      const log = createLogger('atelier-hq');
      installCrashLogging(log);
      let pool: HqPool;
      try {
        pool = await openHqDatabase(url);
      } catch (e) {
        throw new UsageError((e as Error).message, 1);
      }
      // Loaded when the command runs: the HTTP server is not the CLI's start-up.
      const { startHqServer } = await import('../../hq/server');
      const server = await startHqServer({
        pool,
        log,
        host: opts.listen ?? DEFAULT_HQ_HOST,
        port: parseIntFlag('listen-port', opts.listenPort) ?? DEFAULT_HQ_PORT,
        silentAfterS: parseIntFlag('silent-after', opts.silentAfter),
      }).catch(async (e: unknown) => {
        await pool.end();
        throw new UsageError(`cannot listen: ${(e as Error).message}`, 1);
      });
      out(`Atelier HQ: ${server.url}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void server
            .close()
            .then(() => pool.end())
            .finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  hq.command('migrate')
    .description('bring the HQ database schema up to date and exit')
    .action(() => withHqDb(hq, async () => out('HQ database schema is up to date')));

  hq.command('add-store')
    .description('add a store (or rename one)')
    .argument('<id>', 'lower-case slug, e.g. sh-nanjing-rd')
    .argument('<name>')
    .action((id: string, name: string) =>
      withHqDb(hq, async (pool) => {
        if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) throw new UsageError(`store id "${id.slice(0, 64)}" must be a lower-case slug (a-z, 0-9, _ -)`);
        await pool.query('INSERT INTO stores(id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name', [id, name]);
        out(`store ${id}: ${name}`);
      }),
    );

  hq.command('add-staff')
    .description('add an HQ staff account or reset its password; the password is read from ATELIER_HQ_PASSWORD')
    .argument('<id>')
    .requiredOption('--role <role>', STAFF_ROLES.join(' | '))
    .action((id: string, o: { role: string }) =>
      withHqDb(hq, async (pool) => {
        const password = process.env.ATELIER_HQ_PASSWORD;
        if (!password) throw new UsageError('set ATELIER_HQ_PASSWORD to the new password (kept out of the shell history and ps)');
        if (!STAFF_ROLES.includes(o.role as StaffRole)) throw new UsageError(`--role must be ${STAFF_ROLES.join(', ')}`);
        await putStaff(pool, id, o.role as StaffRole, password);
        out(`staff ${id}: ${o.role}`);
      }),
    );

  hq.command('enroll-code')
    .description("a one-time code that enrolls one new mirror of a store (valid for an hour)")
    .argument('<store>')
    .action((store: string) =>
      withHqDb(hq, async (pool) => {
        const c = await createEnrollmentCode(pool, store, 'cli');
        out(`${c.code}  (store ${store}, valid until ${c.expiresAt}; on the mirror: atelier enroll <hq-url> ${c.code})`);
      }),
    );

  hq.command('import')
    .description("import a catalog file into HQ's catalog (every format `catalog import` reads); all or nothing")
    .argument('<file>')
    .option('--format <format>', 'auto | atelier | shopify | google', 'auto')
    .option('--currency <code>', "the store's ISO 4217 currency, for files without one (Shopify's)")
    .option('--default-stock <n>', 'stock of a variant "in stock" without a quantity', '1')
    .option('--replace', 'the file is the whole catalog: remove products it does not list')
    .action((file: string, o: { format: string; currency?: string; defaultStock: string; replace?: boolean }) =>
      withHqDb(hq, async (pool) => {
        let format;
        try {
          format = parseFormatFlag(o.format);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const { report, change } = await importCatalogFile(pool, path.resolve(file), {
          format,
          replace: o.replace ?? false,
          defaultStock: parseIntFlag('default-stock', o.defaultStock)!,
          ...(o.currency ? { currency: o.currency.toUpperCase() } : {}),
        });
        printReport(report);
        if (!change) throw new UsageError('nothing written to HQ: fix the rows above and import again', 1);
        out(`HQ catalog: ${change.changed} products changed (version ${change.version})`);
      }),
    );

  hq.command('import-demo')
    .description("put the demo collection (its 15 products, garment files included) into HQ's catalog: a chain's first try")
    .action(() =>
      withHqDb(hq, async (pool) => {
        const dir = demoDir();
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hq-demo-'));
        try {
          const file = path.join(tmp, 'demo.json');
          // Loaded when it runs: the demo's size charts come from its sewing patterns, not the CLI's start-up.
          const { demoCatalogDocument } = await import('../../core/demo/seed');
          fs.writeFileSync(file, JSON.stringify(demoCatalogDocument(dir)));
          const { report, change } = await importCatalogFile(pool, file, { baseDir: dir });
          if (!change) throw new UsageError(`the demo collection did not import: ${report.problems[0]?.reason ?? report.refused ?? '?'}`, 1);
          out(`HQ catalog: ${change.changed} demo products changed (version ${change.version})`);
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      }),
    );

  program
    .command('enroll')
    .description("join this mirror to the chain's HQ with a one-time code from HQ staff (catalog sync, analytics, fleet)")
    .argument('<hq-url>', "HQ's address, e.g. https://hq.example.com/")
    .argument('<code>', 'the one-time code (atelier hq enroll-code <store>)')
    .option('--name <name>', 'this mirror in the fleet view', 'mirror')
    .action(async (hqUrl: string, code: string, o: { name: string }, cmd: Command) => {
      await withCatalog(cmd, async (cat) => {
        try {
          const link = await enrollWithHq(cat, hqUrl, code, o.name);
          out(`enrolled: mirror ${link.mirrorId} of store ${link.storeId} at ${link.hqUrl} (restart the mirror to start syncing)`);
        } catch (e) {
          if (e instanceof HqRequestError) throw new UsageError(e.message, 1);
          throw e;
        }
      });
    });
}
