/** What the CLI prints is safe for a terminal and a pipe (issue 15, point 10). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers';
import { runAtelier as atelier } from '../support/run-atelier';

const HEADER = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags';

describe('CLI output', () => {
  afterEach(() => vi.restoreAllMocks());

  it('catalog search and browse strip ANSI escapes and control characters from catalog text', async () => {
    const data = tempDir();
    const f = path.join(data, 'c.csv');
    // A name that would clear the screen, recolour the terminal, set its title and ring the bell.
    const evil = 'Evil\u001b[2J\u001b[31mShirt\u001b]0;pwned\u0007\u009b1m\u202eX';
    fs.writeFileSync(f, `${HEADER}\nP1,"${evil}",Brand\u001b[0m,tops,Red\u0008,M,P1-M,10,CNY,1,\n`);
    expect((await atelier('--data-dir', data, 'catalog', 'import', f)).code).toBe(0);
    for (const args of [['search', 'Evil'], ['browse']]) {
      const r = await atelier('--data-dir', data, 'catalog', ...args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('EvilShirtX · Brand · CNY 10.00');
      // eslint-disable-next-line no-control-regex
      expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('atelier … | head exits quietly when the pipe closes (no EPIPE stack trace)', () => {
    const bin = path.resolve('bin/atelier.mjs');
    if (!fs.existsSync(path.resolve('out/node/cli.js'))) throw new Error('out/node/cli.js is missing: run npm run build');
    const data = tempDir();
    const f = path.join(data, 'c.csv');
    const rows = Array.from({ length: 3000 }, (_, i) => `P${i},Shirt ${i} ${'x'.repeat(60)},A,tops,Red,M,S${i},10,CNY,1,`);
    fs.writeFileSync(f, `${HEADER}\n${rows.join('\n')}\n`);
    expect(spawnSync(process.execPath, [bin, '--data-dir', data, 'catalog', 'import', f]).status).toBe(0);
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" --data-dir "${data}" catalog export | head -c 100 >/dev/null`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
