import type { AtelierApi } from '../../shared/contract';
import type { Category, Product, ProductSummary, Variant } from '../../shared/catalog';
import { sortSizes } from '../../shared/sizing';

/**
 * The categories a shopper is offered: those with products. One whose products were all removed (a store replacing
 * the demo collection, a Shopify type whose products went) would be a chip that opens an empty rail.
 */
export function onShelf(categories: readonly Category[]): Category[] {
  return categories.filter((c) => c.productCount > 0);
}

/**
 * What the shopper is browsing and trying: categories, the current page of products, the selected product with
 * its colour and size. Everything here belongs to one shopper session and is cleared when it ends.
 */
export class Shop {
  categories = $state.raw<Category[]>([]);
  categoryId = $state<string | null>(null);
  products = $state.raw<ProductSummary[]>([]);
  product = $state.raw<Product | null>(null);
  colour = $state<string | null>(null);
  size = $state<string | null>(null);
  /** True once the shopper picked a size themself: the size advice then stops choosing for them. */
  sizeChosen = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  private request: AbortController | null = null;

  constructor(private readonly api: AtelierApi) {}

  /** Variants of the selected product in the selected colour, one per size. */
  get colourVariants(): Variant[] {
    return this.product?.variants.filter((v) => v.colour === this.colour) ?? [];
  }

  /** The variant the shopper has chosen (colour + size), or the colour's first in-stock variant. */
  get variant(): Variant | null {
    const vs = this.colourVariants;
    return vs.find((v) => v.size === this.size) ?? vs.find((v) => v.stock > 0) ?? vs[0] ?? null;
  }

  /** Colours of the selected product, in catalog order. */
  get colours(): string[] {
    const all = this.product?.variants.map((v) => v.colour) ?? [];
    return all.filter((c, i) => all.indexOf(c) === i);
  }

  async load(): Promise<void> {
    // "Loading…", not "Nothing here yet", while the categories arrive (seconds on a busy machine).
    this.loading = true;
    try {
      this.categories = onShelf(await this.api.catalog.categories({}));
      await this.selectCategory(null);
    } catch (e) {
      this.error = (e as Error).message;
      this.loading = false;
    }
  }

  async selectCategory(categoryId: string | null): Promise<void> {
    this.categoryId = categoryId;
    this.request?.abort();
    const ac = new AbortController();
    this.request = ac;
    this.loading = true;
    try {
      const page = await this.api.catalog.browse(categoryId ? { categoryId, limit: 48 } : { limit: 48 }, { signal: ac.signal });
      if (!ac.signal.aborted) {
        this.products = page.items;
        this.error = null;
      }
    } catch (e) {
      if (!ac.signal.aborted) this.error = (e as Error).message;
    } finally {
      if (this.request === ac) this.loading = false;
    }
  }

  async selectProduct(id: string): Promise<void> {
    try {
      const p = await this.api.catalog.product({ id });
      this.product = p;
      const firstInStock = p.variants.find((v) => v.stock > 0) ?? p.variants[0];
      this.colour = firstInStock?.colour ?? null;
      this.size = null;
      this.sizeChosen = false;
      this.error = null;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  selectColour(colour: string): void {
    this.colour = colour;
  }

  /** The shopper picked a size. */
  selectSize(size: string): void {
    this.size = size;
    this.sizeChosen = true;
  }

  /** The size advice's pick, selected unless the shopper chose a size themself. */
  suggestSize(size: string): void {
    if (!this.sizeChosen) this.size = size;
  }

  /**
   * The size in stock in the selected colour nearest to `size` in the product's size order (the smaller one on a
   * tie: easier to size up from a fitting room than down), or null when nothing is in stock.
   */
  nearestInStock(size: string): string | null {
    const order = sortSizes(this.colourVariants.map((v) => v.size));
    const vs = order.map((sz) => this.colourVariants.find((v) => v.size === sz)!);
    const at = vs.findIndex((v) => v.size === size);
    if (at < 0) return vs.find((v) => v.stock > 0)?.size ?? null;
    for (let d = 1; d < vs.length; d++) {
      for (const i of [at - d, at + d]) if (vs[i] && vs[i]!.stock > 0) return vs[i]!.size;
    }
    return null;
  }

  /**
   * Reloads what is on screen after a catalog change (a staff edit, an import, a sync), keeping the shopper's
   * category, product, colour and size; a product that was removed is closed.
   */
  async refresh(): Promise<void> {
    if (this.categories.length === 0 && this.products.length === 0) return;
    try {
      this.categories = onShelf(await this.api.catalog.categories({}));
    } catch {
      // Keep the old list; the page reload below reports errors.
    }
    await this.selectCategory(this.categoryId);
    const current = this.product;
    if (!current) return;
    try {
      const p = await this.api.catalog.product({ id: current.id });
      if (this.product?.id === p.id) this.product = p;
    } catch {
      if (this.product?.id === current.id) this.product = null;
    }
  }

  /** Puts the open product away (back to the rail); what is worn stays on. */
  closeProduct(): void {
    this.request?.abort();
    this.product = null;
    this.colour = null;
    this.size = null;
    this.sizeChosen = false;
  }

  /** The shopper left: nothing of theirs survives. */
  clear(): void {
    this.request?.abort();
    this.product = null;
    this.colour = null;
    this.size = null;
    this.sizeChosen = false;
    this.categoryId = null;
    this.error = null;
  }
}
