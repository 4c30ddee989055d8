import * as v from 'valibot';
import { GARMENT_CATEGORIES, type GarmentCategory } from '../../shared/garment';
import { fabricOf } from '../../shared/fabric';
import type { Tuck } from '../../shared/outfit';
import type { ClothName } from './cloths';
import type { Fabric, PatternKind } from './draw';
import { JERSEY_GRAIN, PATTERNS } from './draw';
import type { GarmentShape } from './layout';
import type { SewingPattern } from './pattern/pattern-product';
import { hash2 } from './raster';

export const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
export type Size = (typeof SIZES)[number];
export const MEASUREMENTS = ['height', 'chest', 'waist', 'hip', 'shoulder', 'inseam'] as const;
export type Measurement = (typeof MEASUREMENTS)[number];

const int = v.pipe(v.number(), v.integer(), v.minValue(0));
const RangeSchema = v.object({ min: v.number(), max: v.number() });

/** The demo catalog file (`assets/generated/demo-catalog.json`). Prices in CNY fen (integer minor units). */
export const DemoCatalogSchema = v.object({
  formatVersion: v.literal(1),
  currency: v.literal('CNY'),
  products: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      nameZh: v.string(),
      brand: v.string(),
      category: v.picklist(GARMENT_CATEGORIES),
      description: v.string(),
      tags: v.array(v.string()),
      sizeChart: v.string(),
      colours: v.array(
        v.object({
          code: v.string(),
          name: v.string(),
          nameZh: v.string(),
          hex: v.string(),
          /** Garment asset id: `garments/<id>.png` + `garments/<id>.json`. */
          garment2d: v.string(),
          /** `garments/<id>.glb`, when the garment exists in 3D. */
          garment3d: v.optional(v.string()),
        }),
      ),
      variants: v.array(v.object({ sku: v.string(), colour: v.string(), size: v.picklist(SIZES), priceMinor: int, stock: int })),
    }),
  ),
  sizeCharts: v.array(
    v.object({
      id: v.string(),
      brand: v.string(),
      category: v.picklist(GARMENT_CATEGORIES),
      sizes: v.array(v.object({ size: v.picklist(SIZES), cm: v.record(v.picklist(MEASUREMENTS), RangeSchema) })),
    }),
  ),
});
export type DemoCatalog = v.InferOutput<typeof DemoCatalogSchema>;

interface Colourway {
  code: string;
  name: string;
  nameZh: string;
  primary: string;
  secondary: string;
  /** Buttons, rib, cuffs. */
  trim: string;
}

export interface ProductSpec {
  id: string;
  code: string;
  name: string;
  nameZh: string;
  brand: string;
  category: GarmentCategory;
  description: string;
  tags: string[];
  /** Price in CNY fen. */
  priceMinor: number;
  shape: GarmentShape;
  pattern: PatternKind;
  colourways: Colourway[];
  /** Also exported as a skinned GLB. */
  has3d?: boolean;
  /**
   * The FreeSewing design the garment is drafted from (pattern/): its picture, anchors and size chart then come from
   * the drafted pieces; without one the garment is drawn from `shape`.
   */
  sewingPattern?: SewingPattern;
  /** Worn tucked in or over the waistband, when not the garment kind's default (shared/outfit.ts). */
  tuck?: Tuck;
  /**
   * The cloth it is made of (cloths.ts), whose measured bending length, weight and shear the build-time drape uses;
   * the product's words name it so the renderer's material reads the same fabric kind. Without one: its words'
   * or category's fabric kind (shared/fabric.ts).
   */
  cloth?: ClothName;
}

const cw = (code: string, name: string, nameZh: string, primary: string, secondary: string, trim: string): Colourway => ({ code, name, nameZh, primary, secondary, trim });

export const PRODUCTS: readonly ProductSpec[] = [
  {
    id: 'tee-everyday', code: 'TEE01', name: 'Everyday Crew Tee', nameZh: '日常圆领T恤', brand: 'Linen & Loom', category: 'tshirt',
    description: 'Soft combed-cotton jersey tee with a ribbed crew neck.', tags: ['cotton', 'basics', 'casual'], priceMinor: 12900,
    shape: { category: 'tshirt', sleeves: 'short', ease: 0.12, length: 0.25, flare: 0 }, pattern: 'solid', has3d: true, sewingPattern: 'teagan', cloth: 'cotton-jersey',
    colourways: [cw('WHT', 'Chalk White', '粉笔白', '#eeebe4', '#eeebe4', '#dcd8cf'), cw('NVY', 'Navy', '藏青', '#1f2a44', '#1f2a44', '#18213a'), cw('SGE', 'Sage', '鼠尾草绿', '#8da68a', '#8da68a', '#7a9477')],
  },
  {
    id: 'tee-breton', code: 'TEE02', name: 'Breton Stripe Tee', nameZh: '布列塔尼条纹T恤', brand: 'Maison Ouest', category: 'tshirt',
    description: 'Classic sailor stripes in heavyweight cotton.', tags: ['stripes', 'cotton', 'casual'], priceMinor: 19900,
    shape: { category: 'tshirt', sleeves: 'short', ease: 0.16, length: 0.3, flare: 0 }, pattern: 'stripes', has3d: true, sewingPattern: 'teagan',
    colourways: [cw('NVW', 'Navy / Ecru', '藏青/米白', '#f1ece0', '#23305a', '#f1ece0'), cw('RDW', 'Red / Ecru', '红/米白', '#f1ece0', '#b4262c', '#f1ece0')],
  },
  {
    id: 'shirt-oxford', code: 'SHT01', name: 'Oxford Button-Down Shirt', nameZh: '牛津纺扣领衬衫', brand: 'Linen & Loom', category: 'shirt',
    description: 'Breathable oxford cloth, button-down collar, chest pocket.', tags: ['cotton', 'office', 'classic'], priceMinor: 29900,
    shape: { category: 'shirt', sleeves: 'long', ease: 0.1, length: 0.35, flare: 0 }, pattern: 'solid', has3d: true, sewingPattern: 'simon', cloth: 'oxford-shirting',
    colourways: [cw('BLU', 'Oxford Blue', '牛津蓝', '#a9c2e0', '#a9c2e0', '#f4f4f4'), cw('WHT', 'White', '白色', '#f4f4f2', '#f4f4f2', '#e8e8e8')],
  },
  {
    id: 'shirt-gingham', code: 'SHT02', name: 'Gingham Poplin Shirt', nameZh: '格纹府绸衬衫', brand: 'Maison Ouest', category: 'shirt',
    description: 'Crisp poplin in a small gingham check.', tags: ['check', 'cotton', 'smart-casual'], priceMinor: 32900,
    shape: { category: 'shirt', sleeves: 'long', ease: 0.12, length: 0.35, flare: 0 }, pattern: 'gingham', tuck: 'out', sewingPattern: 'simon',
    colourways: [cw('RED', 'Red Gingham', '红白格', '#f6f2ee', '#c0392b', '#f6f2ee'), cw('GRN', 'Green Gingham', '绿白格', '#f4f4ee', '#2e7d4f', '#f4f4ee')],
  },
  {
    id: 'shirt-pinstripe', code: 'SHT03', name: 'City Pinstripe Shirt', nameZh: '都市细条纹衬衫', brand: 'Northway', category: 'shirt',
    description: 'Fine pinstripe twill, slim fit.', tags: ['stripes', 'office', 'slim'], priceMinor: 35900,
    shape: { category: 'shirt', sleeves: 'long', ease: 0.06, length: 0.32, flare: 0 }, pattern: 'pinstripe', sewingPattern: 'simon',
    colourways: [cw('SKY', 'Sky Pinstripe', '天蓝细条', '#dbe7f3', '#2f5f9e', '#ffffff'), cw('PNK', 'Pink Pinstripe', '粉色细条', '#f6e1e4', '#b04a63', '#ffffff')],
  },
  {
    id: 'blazer-check', code: 'JKT01', name: 'Tailored Check Blazer', nameZh: '修身格纹西装外套', brand: 'Northway', category: 'jacket',
    description: 'Wool-blend single-breasted blazer with notched lapels and flap pockets.', tags: ['wool', 'tailoring', 'check'], priceMinor: 89900,
    // Drafted from FreeSewing Bent (pattern/draft-jacket.ts): the chart, picture and anchors are the pattern's.
    shape: { category: 'jacket', sleeves: 'long', ease: 0.22, length: 0.5, flare: 0 }, pattern: 'plaid', has3d: true, sewingPattern: 'bent',
    colourways: [cw('GRY', 'Grey Check', '灰格', '#6b6d70', '#34363a', '#1d1d1f'), cw('CML', 'Camel Check', '驼色格', '#b08a5b', '#6e4f2c', '#3a2a18')],
  },
  {
    id: 'jacket-denim', code: 'JKT02', name: 'Denim Trucker Jacket', nameZh: '牛仔夹克', brand: 'Riverside Denim', category: 'jacket',
    description: 'Rigid 12 oz denim trucker with copper buttons.', tags: ['denim', 'casual', 'outerwear'], priceMinor: 59900,
    // Drafted from FreeSewing Brian as a trucker (pattern/draft-jacket.ts): the chart, picture and anchors are the pattern's.
    shape: { category: 'jacket', sleeves: 'long', ease: 0.2, length: 0.2, flare: 0 }, pattern: 'denim', sewingPattern: 'brian',
    colourways: [cw('IND', 'Indigo', '靛蓝', '#2c3e63', '#6d82a8', '#b87333')],
  },
  {
    // Drafted from FreeSewing Bella (bodice, short set-in sleeves) with a quarter-circle skirt to tea length: the chart
    // and the picture are the pattern's (pattern/draft-dress.ts).
    id: 'dress-floral', code: 'DRS01', name: 'Floral Tea Dress', nameZh: '碎花茶歇裙', brand: 'Maison Ouest', category: 'dress',
    description: 'Flowing viscose tea dress with short sleeves and a flared skirt.', tags: ['floral', 'summer', 'dress'], priceMinor: 45900, has3d: true,
    shape: { category: 'dress', sleeves: 'short', ease: 0.08, length: 0.85, flare: 0.45 }, pattern: 'floral', sewingPattern: 'bella',
    colourways: [cw('RSE', 'Rose Garden', '玫瑰花园', '#f3d9d6', '#c2415a', '#f3d9d6'), cw('SKY', 'Sky Meadow', '天空草地', '#d7e6f2', '#3b6ea8', '#d7e6f2')],
  },
  {
    // Drafted from FreeSewing Bella made a slip (a V between the cups, narrow straps, no sleeves) over a bias-cut skirt
    // to mid-calf: the chart, the picture and the GLB's measurements are the pattern's (pattern/draft-dress.ts).
    id: 'dress-slip', code: 'DRS02', name: 'Satin Midi Slip Dress', nameZh: '缎面吊带中长裙', brand: 'Linen & Loom', category: 'dress',
    description: 'Bias-cut satin slip dress, sleeveless, midi length.', tags: ['satin', 'evening', 'dress'], priceMinor: 52900, has3d: true,
    shape: { category: 'dress', sleeves: 'none', ease: 0.02, length: 1.05, flare: 0.3 }, pattern: 'solid', sewingPattern: 'bellaSlip',
    colourways: [cw('BLK', 'Black', '黑色', '#1c1b1f', '#1c1b1f', '#1c1b1f'), cw('EMR', 'Emerald', '祖母绿', '#1f6b52', '#1f6b52', '#1a5a45')],
  },
  {
    // Drafted from FreeSewing Titan, mid-rise, the leg tapered from the fitted knee: chart and picture are the pattern's.
    id: 'chino-slim', code: 'TRS01', name: 'Slim Stretch Chino', nameZh: '修身弹力卡其裤', brand: 'Northway', category: 'trousers',
    description: 'Cotton-stretch twill chino with a pressed crease.', tags: ['cotton', 'smart-casual', 'trousers'], priceMinor: 39900, has3d: true,
    shape: { category: 'trousers', sleeves: 'none', ease: 0.04, length: 1, flare: 0 }, pattern: 'solid', sewingPattern: 'titanSlim',
    colourways: [cw('KHK', 'Khaki', '卡其', '#c3ae88', '#c3ae88', '#8a7350'), cw('NVY', 'Navy', '藏青', '#222c45', '#222c45', '#151b2c'), cw('OLV', 'Olive', '橄榄绿', '#5f6641', '#5f6641', '#41462c')],
  },
  {
    // Drafted from FreeSewing Titan, mid-rise: the chart and the picture are the pattern's (pattern/).
    id: 'jeans-straight', code: 'TRS02', name: 'Straight-Leg Jeans', nameZh: '直筒牛仔裤', brand: 'Riverside Denim', category: 'trousers',
    description: 'Mid-rise straight jeans in washed denim.', tags: ['denim', 'casual', 'trousers'], priceMinor: 44900,
    shape: { category: 'trousers', sleeves: 'none', ease: 0.08, length: 1, flare: 0 }, pattern: 'denim', has3d: true, sewingPattern: 'titan',
    colourways: [cw('MID', 'Mid Wash', '中度水洗', '#4a6a96', '#9db3d1', '#b87333'), cw('BLK', 'Washed Black', '水洗黑', '#2b2b2e', '#6a6a70', '#8c8c8c')],
  },
  {
    // Drafted from FreeSewing Titan cut to Bermuda length (the hem 1 in above the knee: a 30 cm, 12 in inseam at M). The
    // shape's length (below 1: shorts) is the share of the 83 cm full-length inseam the drawn shorts had.
    id: 'shorts-bermuda', code: 'SHO01', name: 'Chino Bermuda Shorts', nameZh: '卡其百慕大短裤', brand: 'Northway', category: 'trousers',
    description: 'Cotton twill Bermuda shorts with slant pockets and turn-ups, hemmed an inch above the knee.', tags: ['shorts', 'cotton', 'summer'], priceMinor: 24900,
    shape: { category: 'trousers', sleeves: 'none', ease: 0.06, length: 28 / 83, flare: 0 }, pattern: 'solid', sewingPattern: 'titanBermuda',
    colourways: [cw('STN', 'Stone', '石色', '#cbbd9f', '#cbbd9f', '#8f8064'), cw('NVY', 'Navy', '藏青', '#25304b', '#25304b', '#161d30')],
  },
  {
    // Drafted from FreeSewing Penelope's block made a knife-pleated mini: chart and picture are the pattern's.
    id: 'skirt-pleated', code: 'SKT01', name: 'Pleated Tartan Mini Skirt', nameZh: '苏格兰格纹百褶短裙', brand: 'Maison Ouest', category: 'skirt',
    description: 'Knife-pleated mini skirt in a pressed poly/wool tartan.', tags: ['check', 'pleats', 'skirt'], priceMinor: 32900,
    shape: { category: 'skirt', sleeves: 'none', ease: 0.05, length: 0.5, flare: 0.12 }, pattern: 'plaid', sewingPattern: 'penelopePleated', cloth: 'poly-wool-tartan',
    colourways: [cw('RED', 'Royal Red Tartan', '皇家红格', '#a3212a', '#1e2a4a', '#1e2a4a'), cw('GRN', 'Forest Tartan', '森林绿格', '#2d5a3d', '#1b2238', '#1b2238')],
  },
  {
    // Drafted from FreeSewing Penelope: the shape's length and flare are the pattern's (knee length, straight).
    id: 'skirt-pencil', code: 'SKT03', name: 'Wool Pencil Skirt', nameZh: '羊毛铅笔裙', brand: 'Northway', category: 'skirt',
    description: 'Knee-length pencil skirt in a wool-blend crepe suiting, with waist darts, a back vent and a concealed back zip.', tags: ['wool', 'office', 'skirt'], priceMinor: 37900,
    shape: { category: 'skirt', sleeves: 'none', ease: 0.02, length: 1, flare: 0 }, pattern: 'solid', sewingPattern: 'penelope', cloth: 'wool-crepe',
    colourways: [cw('CHR', 'Charcoal', '炭灰', '#3b3d42', '#3b3d42', '#2a2b2f'), cw('CML', 'Camel', '驼色', '#b38b5d', '#b38b5d', '#8d6c45')],
  },
  {
    // Drafted from FreeSewing Penelope's block made an A-line (slash and spread): chart and picture are the pattern's.
    id: 'skirt-aline', code: 'SKT02', name: 'Polka Dot A-Line Skirt', nameZh: '波点A字裙', brand: 'Linen & Loom', category: 'skirt',
    description: 'Knee-length A-line skirt in a playful polka-dot cotton poplin.', tags: ['dots', 'summer', 'cotton', 'skirt'], priceMinor: 27900,
    shape: { category: 'skirt', sleeves: 'none', ease: 0.08, length: 0.85, flare: 0.5 }, pattern: 'dots', sewingPattern: 'penelopeALine', cloth: 'cotton-poplin',
    colourways: [cw('NVY', 'Navy Dot', '藏青波点', '#1f2a4d', '#f3efe6', '#1f2a4d'), cw('YLW', 'Mustard Dot', '芥末黄波点', '#d9a62e', '#3a2e1a', '#d9a62e')],
  },
];

/** Body measurements per size in cm (min–max), per category family. Numbers follow common CN/EU unisex charts. */
export function bodyChartFor(category: GarmentCategory): Array<{ size: (typeof SIZES)[number]; cm: Partial<Record<Measurement, { min: number; max: number }>> }> {
  return SIZES.map((size, i) => {
    const r = (base: number, step: number, width: number): { min: number; max: number } => ({ min: base + i * step, max: base + i * step + width });
    const cm: Partial<Record<Measurement, { min: number; max: number }>> = { height: r(155, 5, 5) };
    if (category === 'tshirt' || category === 'shirt' || category === 'jacket' || category === 'dress') {
      cm.chest = r(80, 6, 6);
      cm.shoulder = r(38, 2, 2);
      cm.waist = r(64, 6, 6);
    }
    if (category === 'dress' || category === 'trousers' || category === 'skirt') {
      cm.waist = r(62, 6, 6);
      cm.hip = r(86, 6, 6);
    }
    if (category === 'trousers') cm.inseam = r(74, 1.5, 1.5);
    return { size, cm };
  });
}

/** Stock for a variant: deterministic, mostly in stock, a few sold out (0) so the mirror can show it. */
function stockFor(sku: string): number {
  let h = 0;
  for (let i = 0; i < sku.length; i++) h = (Math.imul(h, 31) + sku.charCodeAt(i)) | 0;
  const r = hash2(h, 7, 2024);
  return r < 0.1 ? 0 : Math.floor(1 + r * 24);
}

export function garmentId(p: ProductSpec, c: Colourway): string {
  return `${p.id}-${c.code.toLowerCase()}`;
}

export function fabricFor(p: ProductSpec, c: Colourway, index: number): Fabric {
  const kind = fabricOf({ categoryId: p.category, name: p.name, description: p.description, tags: p.tags });
  return {
    pattern: p.pattern,
    primary: c.primary,
    secondary: c.secondary,
    seed: 1000 + index * 17 + PATTERNS.indexOf(p.pattern),
    ...(kind === 'satin' ? { finish: 'satin' as const } : {}),
    ...(kind === 'jersey' ? { grain: JERSEY_GRAIN } : {}),
  };
}

/** The catalog document, independent of the pictures (so it can be built and tested alone). */
export function buildCatalog(products: readonly ProductSpec[] = PRODUCTS): DemoCatalog {
  const charts = new Map<string, DemoCatalog['sizeCharts'][number]>();
  const out: DemoCatalog = { formatVersion: 1, currency: 'CNY', products: [], sizeCharts: [] };
  for (const p of products) {
    const chartId = `${slug(p.brand)}-${p.category}`;
    if (!charts.has(chartId)) charts.set(chartId, { id: chartId, brand: p.brand, category: p.category, sizes: bodyChartFor(p.category) as DemoCatalog['sizeCharts'][number]['sizes'] });
    out.products.push({
      id: p.id,
      name: p.name,
      nameZh: p.nameZh,
      brand: p.brand,
      category: p.category,
      description: p.description,
      tags: p.tags,
      sizeChart: chartId,
      colours: p.colourways.map((c) => ({ code: c.code, name: c.name, nameZh: c.nameZh, hex: c.primary, garment2d: garmentId(p, c), ...(p.has3d ? { garment3d: garmentId(p, c) } : {}) })),
      variants: p.colourways.flatMap((c) =>
        SIZES.map((size) => {
          const sku = `AT-${p.code}-${c.code}-${size}`;
          // Bigger sizes cost the same; stock varies.
          return { sku, colour: c.code, size, priceMinor: p.priceMinor, stock: stockFor(sku) };
        }),
      ),
    });
  }
  out.sizeCharts = [...charts.values()];
  return out;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
