import type { AtelierApi } from '../../shared/contract';
import type { Category, Product, ProductSummary, Variant } from '../../shared/catalog';

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
    try {
      this.categories = await this.api.catalog.categories({});
      await this.selectCategory(null);
    } catch (e) {
      this.error = (e as Error).message;
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
      this.error = null;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  selectColour(colour: string): void {
    this.colour = colour;
  }

  selectSize(size: string): void {
    this.size = size;
  }

  /**
   * Reloads what is on screen after a catalog change (a staff edit, an import, a sync), keeping the shopper's
   * category, product, colour and size; a product that was removed is closed.
   */
  async refresh(): Promise<void> {
    if (this.categories.length === 0 && this.products.length === 0) return;
    try {
      this.categories = await this.api.catalog.categories({});
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

  /** The shopper left: nothing of theirs survives. */
  clear(): void {
    this.request?.abort();
    this.product = null;
    this.colour = null;
    this.size = null;
    this.categoryId = null;
    this.error = null;
  }
}
