import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throw-away PostgreSQL cluster for tests, the e2e and the load generator: `initdb` in a temp folder, its own
 * port on 127.0.0.1 and a socket in that folder, stopped and deleted by `stop()`. Debian's `postgresql` package
 * provides the binaries (`.ci/run` installs it). PostgreSQL refuses to run as root: as root the cluster runs as
 * the package's `postgres` user.
 */
export interface PgCluster {
  /** `postgres://atelier@127.0.0.1:<port>/<db>` of a fresh database. */
  createDatabase(name: string): Promise<string>;
  readonly port: number;
  readonly dir: string;
  stop(): void;
}

/** The newest `/usr/lib/postgresql/<version>/bin`, or a clear error saying how to install it. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql');
  return path.join(root, versions[0], 'bin');
}

export async function startPgCluster(port: number, opts: { fsync?: boolean } = {}): Promise<PgCluster> {
  const bin = postgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, tool), asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args, { stdio: 'pipe', cwd: dir });
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'atelier', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // fsync off: a test cluster dies with its test; the load generator keeps it on (the figures are a real server's).
  const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", `-c fsync=${opts.fsync ? 'on' : 'off'}`, '-c max_connections=200', '-c shared_buffers=128MB'];
  try {
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  } catch (e) {
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').slice(-800) : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start on port ${port}: ${(e as Error).message}\n${log}`, { cause: e });
  }
  let stopped = false;
  return {
    port,
    dir,
    async createDatabase(name: string) {
      const c = new pg.Client({ connectionString: `postgres://atelier@127.0.0.1:${port}/postgres` });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://atelier@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
