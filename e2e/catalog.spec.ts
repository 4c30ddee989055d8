import { expect, test } from './support/test';

test('the mirror lists the seeded catalog by category and searches it in English and Chinese', async ({ page }) => {
  await page.goto('/?e2e');
  await expect.poll(() => page.evaluate(() => typeof window.atelier?.catalog.search), { timeout: 20_000 }).toBe('function');
  const result = await page.evaluate(async () => {
    const api = window.atelier!;
    const categories = await api.catalog.categories({});
    const shirts = await api.catalog.browse({ categoryId: 'shirt', limit: 10 });
    const english = await api.catalog.search({ query: 'oxford' });
    const chinese3 = await api.catalog.search({ query: '牛仔裤' }); // trigram index
    const chinese2 = await api.catalog.search({ query: '衬衫' }); // 1–2 characters: the fallback
    const inStockM = await api.catalog.search({ query: 'shirt', size: 'M', inStock: true });
    const bad = await api.catalog.search({ query: '' }).then(
      () => 'accepted',
      (e: { code: string }) => e.code,
    );
    return {
      categories: categories.map((c) => c.id).sort(),
      shirts: shirts.items.map((p) => p.id).sort(),
      english: english.items.map((p) => p.id),
      chinese3: chinese3.items.map((p) => p.id),
      chinese2: chinese2.items.map((p) => p.id).sort(),
      inStockM: inStockM.items.every((p) => p.sizes.includes('M') && p.inStock),
      bad,
    };
  });
  // The demo collection's categories; the suite shares one data directory, so when the admin suite's Shopify import
  // (tests/fixtures/formats/shopify-products.csv) ran first, its two new categories are there too (its "Shirts" and
  // "T-Shirts" joined the demo's "Shirts" and "T-shirts": one chip per name).
  const demo = ['dress', 'jacket', 'shirt', 'skirt', 'trousers', 'tshirt'];
  const withShopify = [...demo, 'accessories', 'coats-jackets'].sort();
  expect([JSON.stringify(demo), JSON.stringify(withShopify)]).toContain(JSON.stringify(result.categories));
  expect(result.shirts).toEqual(['shirt-gingham', 'shirt-oxford', 'shirt-pinstripe']);
  expect(result.english).toEqual(['shirt-oxford']);
  expect(result.chinese3).toEqual(['jeans-straight']);
  expect(result.chinese2).toEqual(['shirt-gingham', 'shirt-oxford', 'shirt-pinstripe']);
  expect(result.inStockM).toBe(true);
  expect(result.bad).toBe('bad_request');
});
