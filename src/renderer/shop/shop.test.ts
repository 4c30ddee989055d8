import { describe, expect, it } from 'vitest';
import type { Category, ProductSummary } from '../../shared/catalog';
import type { AtelierApi } from '../../shared/contract';
import { Shop } from './shop.svelte';

const category = (id: string, productCount: number): Category => ({ id, name: id, parentId: null, productCount });

/** A bridge whose catalog has `categories` and an empty page of products. */
function api(categories: Category[]): AtelierApi {
  return {
    catalog: {
      categories: async () => categories,
      browse: async () => ({ items: [] as ProductSummary[], total: 0 }),
    },
  } as unknown as AtelierApi;
}

describe('Shop', () => {
  it('offers the categories with products as chips, not those an import or an edit emptied', async () => {
    const stored = [category('tshirt', 3), category('hoodies', 0), category('shirt', 2)];
    const shop = new Shop(api(stored));
    await shop.load();
    expect(shop.categories.map((c) => c.id)).toEqual(['tshirt', 'shirt']);
    // A staff edit that empties one more: gone from the chips on the refresh.
    stored[2] = category('shirt', 0);
    await shop.refresh();
    expect(shop.categories.map((c) => c.id)).toEqual(['tshirt']);
  });
});
