import type { CatalogDb } from '../catalog/db';
import { alsoTried, buildCoTryModel, completeTheLook, type ItemAttrs } from '../../shared/recommend';
import type { Recommendation } from '../../shared/recommend-api';
import { CHART_MEASUREMENTS, sortSizes, type ChartMeasurement, type SizeChart } from '../../shared/sizing';
import { loadTryOnRecords } from '../tryon-events';

interface ProductRow {
  id: string;
  name: string;
  brand: string;
  category_id: string;
  tags_text: string;
}
interface VariantRow {
  product_id: string;
  colour: string;
  price_minor: number;
  currency: string;
  stock: number;
  asset_2d: string | null;
}

interface Item extends ItemAttrs {
  name: string;
  priceMinor: number;
  currency: string;
  /** colour → first 2D garment image of that colour. */
  thumbnails: Map<string, string | null>;
}

/**
 * Recommendations over the catalog database: products and their attributes, the try-on log, and the shared
 * maths of `shared/recommend.ts`. Reads on every call (a store's catalog is small, the queries cheap), so a
 * sync or a new try-on is reflected at once.
 */
export class Recommender {
  constructor(private readonly db: CatalogDb) {}

  private items(): Item[] {
    const products = this.db.prepare<[], ProductRow>('SELECT id, name, brand, category_id, tags_text FROM products').all();
    const variants = this.db
      .prepare<[], VariantRow>(
        `SELECT p.id AS product_id, v.colour, v.price_minor, v.currency, v.stock, v.asset_2d
         FROM variants v JOIN products p ON p.pk = v.product_pk ORDER BY v.product_pk, v.position`,
      )
      .all();
    const byId = new Map<string, Item>();
    for (const p of products) {
      byId.set(p.id, {
        id: p.id,
        name: p.name,
        brand: p.brand,
        categoryId: p.category_id,
        tags: p.tags_text.split(' ').filter(Boolean),
        colours: [],
        inStock: false,
        priceMinor: 0,
        currency: 'CNY',
        thumbnails: new Map(),
      });
    }
    for (const v of variants) {
      const it = byId.get(v.product_id);
      if (!it) continue;
      if (!it.thumbnails.has(v.colour)) {
        (it.colours as string[]).push(v.colour);
        it.thumbnails.set(v.colour, v.asset_2d);
        if (it.colours.length === 1) {
          it.priceMinor = v.price_minor;
          it.currency = v.currency;
        }
      }
      if (v.stock > 0) it.inStock = true;
    }
    return [...byId.values()];
  }

  private out(it: Item, colour: string, score: number): Recommendation {
    return {
      productId: it.id,
      name: it.name,
      brand: it.brand,
      categoryId: it.categoryId,
      colour,
      thumbnail: it.thumbnails.get(colour) ?? null,
      priceMinor: it.priceMinor,
      currency: it.currency,
      score,
    };
  }

  alsoTried(productId: string, limit: number, nowMs = Date.now()): Recommendation[] {
    const items = this.items();
    const model = buildCoTryModel(loadTryOnRecords(this.db, nowMs), nowMs);
    const byId = new Map(items.map((i) => [i.id, i]));
    return alsoTried(productId, model, items, limit).map((r) => {
      const it = byId.get(r.id)!;
      return this.out(it, it.colours[0] ?? '', r.score);
    });
  }

  completeLook(productId: string, colour: string | undefined, limit: number, nowMs = Date.now()): Recommendation[] {
    const items = this.items();
    const base = items.find((i) => i.id === productId);
    if (!base) return [];
    const model = buildCoTryModel(loadTryOnRecords(this.db, nowMs), nowMs);
    const byId = new Map(items.map((i) => [i.id, i]));
    return completeTheLook(base, colour ?? base.colours[0] ?? '', items, limit, model).map((r) => this.out(byId.get(r.id)!, r.colour, r.score));
  }

  /** The size chart of a product's brand and category, or null when the store has none. */
  sizeChart(productId: string): SizeChart | null {
    const rows = this.db
      .prepare<[string], { size: string; measurement: string; min_cm: number; max_cm: number }>(
        `SELECT c.size, c.measurement, c.min_cm, c.max_cm FROM size_charts c
         JOIN products p ON p.brand = c.brand AND p.category_id = c.category_id WHERE p.id = ?`,
      )
      .all(productId);
    if (rows.length === 0) return null;
    const ranges: SizeChart['ranges'] = {};
    for (const r of rows) {
      if (!(CHART_MEASUREMENTS as readonly string[]).includes(r.measurement)) continue;
      (ranges[r.size] ??= {})[r.measurement as ChartMeasurement] = [r.min_cm, r.max_cm];
    }
    return { sizes: sortSizes(Object.keys(ranges)), ranges };
  }
}
