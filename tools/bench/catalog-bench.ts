import { prng } from '../../src/shared/math/prng';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyChanges } from '../../src/core/catalog/apply';
import { Catalog } from '../../src/core/catalog/catalog';
import type { ProductInput } from '../../src/core/catalog/write';

/** Colours × sizes per generated product: 3 × 4 = 12 variants, a typical garment range. */
const COLOURS = ['Black', 'White', 'Navy', 'Red', 'Beige', '藏青', '米白', 'Olive'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLOURS_PER_PRODUCT = 3;
const SIZES_PER_PRODUCT = 4;
const GARMENTS_EN = ['Shirt', 'Dress', 'Jeans', 'Jacket', 'Sweater', 'T-shirt', 'Skirt', 'Coat', 'Hoodie', 'Blazer', 'Trousers', 'Cardigan'];
const GARMENTS_ZH = ['衬衫', '连衣裙', '牛仔裤', '夹克', '毛衣', 'T恤', '半身裙', '大衣', '卫衣', '西装', '长裤', '开衫'];
const ADJ_EN = ['Linen', 'Cotton', 'Slim', 'Relaxed', 'Cropped', 'Oversized', 'Wool', 'Silk', 'Striped', 'Classic'];
const ADJ_ZH = ['亚麻', '纯棉', '修身', '宽松', '短款', '羊毛', '真丝', '条纹', '经典', '复古'];
const BRANDS = ['Atelier', 'Nordlys', '青木', 'Maison Vert', '素白', 'Kōbō', 'Linea', '山野'];
const TAGS = ['new', 'summer', 'winter', 'office', '通勤', '新品', '夏季', 'sale', 'organic', '百搭'];
const CATEGORIES = ['tops', 'shirts', 'dresses', 'jeans', 'outerwear', 'knitwear', 'skirts', 'coats', 'hoodies', 'suits', 'trousers', 'cardigans'];

/** A synthetic catalog of about `variants` variants (12 per product), names and tags in English and Chinese. */
export function generateProducts(variants: number, seed = 1): ProductInput[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const perProduct = COLOURS_PER_PRODUCT * SIZES_PER_PRODUCT;
  const n = Math.max(1, Math.ceil(variants / perProduct));
  const out: ProductInput[] = [];
  for (let i = 0; i < n; i++) {
    const g = Math.floor(rnd() * GARMENTS_EN.length);
    const a = Math.floor(rnd() * ADJ_EN.length);
    const id = `B${String(i).padStart(7, '0')}`;
    const colourStart = Math.floor(rnd() * COLOURS.length);
    const sizeStart = Math.floor(rnd() * (SIZES.length - SIZES_PER_PRODUCT + 1));
    const price = (99 + Math.floor(rnd() * 20) * 50) * 100;
    const vs: ProductInput['variants'][number][] = [];
    for (let c = 0; c < COLOURS_PER_PRODUCT; c++) {
      for (let s = 0; s < SIZES_PER_PRODUCT; s++) {
        vs.push({
          sku: `${id}-${c}${s}`,
          colour: COLOURS[(colourStart + c) % COLOURS.length]!,
          size: SIZES[sizeStart + s]!,
          priceMinor: price,
          currency: 'CNY',
          stock: rnd() < 0.3 ? 0 : Math.floor(rnd() * 20),
          asset2d: null,
          asset3d: null,
        });
      }
    }
    out.push({
      id,
      name: `${ADJ_EN[a]} ${GARMENTS_EN[g]} ${ADJ_ZH[a]}${GARMENTS_ZH[g]} ${i}`,
      brand: pick(BRANDS),
      categoryId: CATEGORIES[g]!,
      description: '',
      tags: [pick(TAGS), pick(TAGS)].filter((t, k, xs) => xs.indexOf(t) === k),
      updatedAt: '2025-01-01T00:00:00Z',
      variants: vs,
    });
  }
  return out;
}

export interface BenchRow {
  kind: string;
  example: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Mean number of matches (total) the query reported. */
  meanTotal: number;
}

export interface BenchResult {
  variants: number;
  products: number;
  generateMs: number;
  dbBytes: number;
  rows: BenchRow[];
}

/**
 * Builds a catalog of `variants` variants in a temporary data directory and times each query kind the mirror
 * uses (`runs` runs each after a warm-up). The directory is removed afterwards.
 */
export function runCatalogBench(variants: number, runs = 300): BenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-'));
  const cat = Catalog.open(dir);
  try {
    const t0 = performance.now();
    const products = generateProducts(variants);
    applyChanges(cat.db, {
      categories: CATEGORIES.map((id, i) => ({ id, name: id, parentId: null, position: i })),
      products,
      deleted: [],
      sizeCharts: [],
      replaceAll: false,
      mergeVariants: false,
    });
    cat.checkpoint();
    cat.db.pragma('optimize');
    const generateMs = performance.now() - t0;
    const rnd = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const maxOffset = Math.max(0, Math.floor(products.length / CATEGORIES.length) - 24);
    const kinds: Array<{ kind: string; example: string; q: () => { total: number } }> = [
      { kind: 'browse', example: 'category, page 1', q: () => cat.browse({ categoryId: pick(CATEGORIES), offset: 0, limit: 24, inStock: false }) },
      {
        kind: 'browse-deep',
        example: 'category, random page',
        q: () => cat.browse({ categoryId: pick(CATEGORIES), offset: Math.floor(rnd() * maxOffset), limit: 24, inStock: false }),
      },
      {
        kind: 'browse-filtered',
        example: 'category + size + colour + in stock',
        q: () => cat.browse({ categoryId: pick(CATEGORIES), size: pick(SIZES), colour: pick(COLOURS), inStock: true, offset: 0, limit: 24 }),
      },
      {
        kind: 'browse-all-filtered',
        example: 'all categories + size + in stock',
        q: () => cat.browse({ size: pick(SIZES), inStock: true, offset: 0, limit: 24 }),
      },
      { kind: 'search-en', example: '"linen", "shirt"…', q: () => cat.search({ query: pick(ADJ_EN).toLowerCase(), offset: 0, limit: 24, inStock: false }) },
      { kind: 'search-zh-3+', example: '"连衣裙", "牛仔裤"…', q: () => cat.search({ query: pick(GARMENTS_ZH.filter((g) => [...g].length >= 3)), offset: 0, limit: 24, inStock: false }) },
      { kind: 'search-zh-1-2', example: '"衬衫", "裙" (LIKE fallback)', q: () => cat.search({ query: pick(['衬衫', '裙', '毛衣', '大衣', '亚麻', '棉']), offset: 0, limit: 24, inStock: false }) },
      { kind: 'search-mixed', example: '"wool 毛衣"', q: () => cat.search({ query: `${pick(ADJ_EN)} ${pick(GARMENTS_ZH)}`, offset: 0, limit: 24, inStock: false }) },
      {
        kind: 'search-filtered',
        example: 'term + size + in stock',
        q: () => cat.search({ query: pick(GARMENTS_EN), size: pick(SIZES), inStock: true, offset: 0, limit: 24 }),
      },
      { kind: 'search-no-match', example: '"zzzq"', q: () => cat.search({ query: 'zzzq', offset: 0, limit: 24, inStock: false }) },
      {
        kind: 'product',
        example: 'one product, all variants',
        q: () => ({ total: cat.product(pick(products).id) ? 1 : 0 }),
      },
      { kind: 'categories', example: 'list with counts', q: () => ({ total: cat.categories().length }) },
    ];
    const rows: BenchRow[] = [];
    for (const k of kinds) {
      for (let i = 0; i < 20; i++) k.q();
      const times: number[] = [];
      let totals = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        totals += k.q().total;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => round(times[Math.min(times.length - 1, Math.floor(p * times.length))]!);
      rows.push({ kind: k.kind, example: k.example, runs, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: round(times[times.length - 1]!), meanTotal: Math.round(totals / runs) });
    }
    const counts = cat.queries.counts();
    return {
      variants: counts.variants,
      products: counts.products,
      generateMs: Math.round(generateMs),
      dbBytes: fs.statSync(path.join(dir, 'catalog.db')).size,
      rows,
    };
  } finally {
    cat.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
