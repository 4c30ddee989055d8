/**
 * The built CLI loads a command's heavy part only when that command runs: `atelier --help` or `atelier catalog …`
 * must not pay for Chromium's driver, the HTTP servers, the model converter or the demo build (each a few hundred
 * ms of start-up; all of them together doubled every command's start). Read in a fresh Node process from the CommonJS
 * module cache, where the packages land when the ES bundle imports them. Needs `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'out/node/cli.js');
const DATA = mkdtempSync(path.join(os.tmpdir(), 'atelier-start-up-'));
afterAll(() => rmSync(DATA, { recursive: true, force: true }));

/** Packages only some commands need: tryon (playwright-core), serve and hq (fastify), the log file (pino-roll), demo build (@freesewing). */
const HEAVY = ['playwright-core', 'fastify', 'pino-roll', '@freesewing'];

/** The packages under node_modules that running the built CLI with `args` loaded. */
function packagesLoadedBy(args: readonly string[]): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(pathToFileURL(CLI).href)});
    process.stdout.write = () => true;
    await main(${JSON.stringify(args)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    process.stderr.write('\\n' + JSON.stringify(loaded));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ATELIER_DATA_DIR: DATA } });
  const lastLine = run.stderr.trim().split('\n').pop() ?? '';
  const files = JSON.parse(lastLine) as string[];
  const names = new Set<string>();
  for (const f of files) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (m) names.add(m[1]!);
  }
  return [...names];
}

it('atelier --help and a catalog command load none of the heavy packages; tryon loads Chromium\'s driver', { timeout: 60_000 }, () => {
  expect(existsSync(CLI), 'the CLI is not built (npm run build)').toBe(true);
  for (const args of [['--help'], ['catalog', 'browse']]) {
    const loaded = packagesLoadedBy(args);
    // The reading works: commander is what every command loads.
    expect(loaded, args.join(' ')).toContain('commander');
    expect(loaded.filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`))), args.join(' ')).toEqual([]);
  }
  // A try-on with a missing picture fails after its part is loaded: the check above can see a package that is loaded.
  expect(packagesLoadedBy(['tryon', 'missing.png', '--product', 'x', '-o', 'out.png'])).toContain('playwright-core');
});
