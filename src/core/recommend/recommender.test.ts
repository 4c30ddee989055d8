import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog';
import { Recommender } from './recommender';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function catalogWith(): Catalog {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-rec-'));
  const c = Catalog.open(dir);
  const file = path.join(dir, 'doc.json');
  const v = (sku: string, colour: string) => ({ sku, colour, size: 'M', priceMinor: 19900, currency: 'CNY', stock: 3 });
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'atelier-catalog/1',
      categories: [{ id: 'tshirt', name: 'T' }, { id: 'trousers', name: 'Tr' }, { id: 'jacket', name: 'J' }],
      products: [
        { id: 'tee', name: 'Tee', brand: 'A', categoryId: 'tshirt', tags: ['cotton'], variants: [v('TEE-N', 'Navy')] },
        { id: 'chino', name: 'Chino', brand: 'A', categoryId: 'trousers', tags: ['cotton'], variants: [v('CH-K', 'Khaki'), v('CH-R', 'Red')] },
        { id: 'coat', name: 'Coat', brand: 'B', categoryId: 'jacket', tags: ['wool'], variants: [v('CO-B', 'Black')] },
        { id: 'tee2', name: 'Tee 2', brand: 'B', categoryId: 'tshirt', tags: ['linen'], variants: [v('T2-W', 'White')] },
      ],
      sizeCharts: [{ brand: 'A', categoryId: 'tshirt', sizes: { L: { chest: [92, 98] }, S: { chest: [80, 86] }, M: { chest: [86, 92] } } }],
    }),
  );
  c.importFile(file);
  return c;
}

describe('Recommender', () => {
  it('reads size charts (sizes in order), co-tries from tryon_events and completes looks', () => {
    const c = catalogWith();
    const r = new Recommender(c.db);
    expect(r.sizeChart('tee')).toEqual({ sizes: ['S', 'M', 'L'], ranges: { S: { chest: [80, 86] }, M: { chest: [86, 92] }, L: { chest: [92, 98] } } });
    expect(r.sizeChart('coat')).toBeNull();
    const ins = c.db.prepare('INSERT INTO tryon_events(session_id, sku, started_at, duration_ms) VALUES (?, ?, ?, ?)');
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      ins.run(`visit-000${i}`, 'TEE-N', new Date(now - 3600_000).toISOString(), 20_000);
      ins.run(`visit-000${i}`, 'T2-W', new Date(now - 3500_000).toISOString(), 20_000);
    }
    expect(r.alsoTried('tee', 2, now)[0]!.productId).toBe('tee2');
    const look = r.completeLook('tee', 'Navy', 4, now);
    expect(look.map((x) => x.productId)).toEqual(['chino', 'coat']);
    expect(look[0]!.colour).toBe('Khaki');
    c.close();
  });
});
