import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { seedDemoCatalog } from '../../src/core/demo/seed';
import { requirePrerequisites } from '../support/prerequisites';

const DEMO = path.resolve('assets/generated');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the demo catalog carries each 2D garment’s back picture', () => {
  it('seeds every 2D variant with its back, served by sha256 as a PNG from the asset store', () => {
    requirePrerequisites([{ path: path.join(DEMO, 'demo-catalog.json'), how: 'the demo collection: `npm ci` builds it, or `node bin/atelier.mjs demo build`' }]);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-seed-back-'));
    dirs.push(dataDir);
    const catalog = Catalog.open(dataDir);
    try {
      expect(seedDemoCatalog(catalog, DEMO)?.rowsRejected ?? 0).toBe(0);
      const jeans = catalog.product('jeans-straight')!;
      const a2 = jeans.variants[0]!.asset2d!;
      expect(a2.back).toMatch(/^[0-9a-f]{64}$/);
      expect(a2.back).not.toBe(a2.sha256);
      expect(catalog.asset(a2.back!)).toMatchObject({ sha256: a2.back, mime: 'image/png' });
      expect(fs.existsSync(catalog.assets.pathOf(a2.back!))).toBe(true);
      const products = catalog.browse({ offset: 0, limit: 100, inStock: false }).items.map((p) => catalog.product(p.id)!);
      for (const p of products) for (const v of p.variants) if (v.asset2d) expect(v.asset2d.back, v.sku).toBeDefined();
    } finally {
      catalog.close();
    }
  });
});
