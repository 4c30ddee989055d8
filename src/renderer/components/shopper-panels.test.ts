import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Product, ProductSummary } from '../../shared/catalog';
import type { AtelierApi } from '../../shared/contract';
import type { KioskSettings } from '../mirror/kiosk-settings.svelte';
import type { ShopperAssist } from '../mirror/shopper-assist.svelte';
import type { TryOnSession } from '../mirror/try-on-session.svelte';
import { ScrollMemory } from '../layout/scroll-memory';
import { Shop } from '../shop/shop.svelte';
import PanelsHost from './fixtures/PanelsHost.svelte';

/** A rail of fifteen products (as many as the demo catalog) and the eighth one open, worn. */
const PRODUCTS = Array.from({ length: 15 }, (_, i) => ({ id: `p${i}`, name: `Product ${i}`, thumbnail: null, priceMinMinor: 1000, priceMaxMinor: 1000, currency: 'EUR' }));
const OPEN: Product = {
  id: 'p7',
  name: 'Product 7',
  brand: 'Atelier',
  categoryId: 'tshirt',
  description: '',
  tags: [],
  updatedAt: '2026-01-01T00:00:00Z',
  variants: [{ sku: 'p7-navy-m', colour: 'Navy', size: 'M', priceMinor: 1000, currency: 'EUR', stock: 4, asset2d: null, asset3d: null }],
  garmentChart: {},
  tuck: null,
};

/** The shopper's panels as rendered with the open product worn, out or folded into the wearing bar. */
function panels(folded: boolean): string {
  const shop = new Shop({} as AtelierApi);
  shop.products = PRODUCTS as unknown as ProductSummary[];
  shop.product = OPEN;
  shop.colour = 'Navy';
  const tryOn = { panelsCollapsed: folded, shop, garmentError: null, wearingSha: 'sha', view3d: false, outfit: { items: [{ productId: 'p7' }] }, panelScroll: new ScrollMemory() };
  const assist = {
    size: { advice: null, chart: null, heightCm: null, soldOut: null },
    pictures: { backViewReady: false, looks: [], pendingLook: null, replayFrames: null },
    touchless: { guideSeen: true, cursor: { active: false, xNorm: 0.5, yNorm: 0.5, progress: 0, pinching: false, backProgress: 0 } },
    staffCalls: { view: { state: 'none' } },
    completeLook: [],
    alsoTried: [],
    urlPattern: '',
    describeCall: () => null,
  };
  const props = { kiosk: { assetBase: '' } as KioskSettings, tryOn: tryOn as unknown as TryOnSession, assist: assist as unknown as ShopperAssist };
  return render(PanelsHost, { props }).body;
}

/** The opening tag of the element with `data-testid`, or null. */
const tagOf = (html: string, testId: string): string | null => new RegExp(`<[a-z]+[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? null;
const tiles = (html: string): string[] => [...html.matchAll(/<button class="tile[^"]*"[^>]*data-testid="(product-p\d+)"/g)].map((m) => m[1]!);

describe('ShopperPanels while a garment is worn', () => {
  it('folded, keeps the rail with every tile and the selection, hidden and out of reach, under the wearing bar', () => {
    const html = panels(true);
    expect(tagOf(html, 'wearing-bar')).not.toBeNull();
    const rail = tagOf(html, 'catalog-rail');
    expect(rail).not.toBeNull();
    expect(rail).toMatch(/\bfolded\b/);
    expect(rail).toMatch(/\binert\b/);
    expect(tiles(html)).toEqual(PRODUCTS.map((p) => `product-${p.id}`));
    expect(tagOf(html, 'product-p7')).toMatch(/class="tile[^"]*\bon\b/);
    // Named by product for the rail to bring the worn one into view when it unfolds (layout/reveal-selected).
    expect(tagOf(html, 'product-p7')).toMatch(/\bdata-item-id="p7"/);
    // The product panel's controls are the bar's now (one take-off, one set of colour chips).
    expect(tagOf(html, 'product-panel')).toBeNull();
    expect(html.match(/data-testid="take-off"/g)).toHaveLength(1);
  });

  it('out, shows the same rail, live, with the product panel', () => {
    const html = panels(false);
    const rail = tagOf(html, 'catalog-rail')!;
    expect(rail).not.toMatch(/\bfolded\b|\binert\b/);
    expect(tiles(html)).toEqual(PRODUCTS.map((p) => `product-${p.id}`));
    expect(tagOf(html, 'product-panel')).not.toBeNull();
    expect(tagOf(html, 'wearing-bar')).toBeNull();
  });
});
