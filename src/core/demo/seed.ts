import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { FEED_FORMAT } from '../../shared/catalog';
import { GarmentAssetSchema } from '../../shared/garment';
import type { Catalog } from '../catalog/catalog';
import type { ImportReport } from '../catalog/import';
import { DemoCatalogSchema, PRODUCTS, type DemoCatalog } from './catalog';
import { demoGarmentChart } from './garment-chart';

/** Category names as shoppers see them (the catalog keys are the garment kinds). */
const CATEGORY_NAMES: Record<string, string> = {
  tshirt: 'T-shirts',
  shirt: 'Shirts',
  jacket: 'Jackets',
  dress: 'Dresses',
  trousers: 'Trousers',
  skirt: 'Skirts',
};

/** The same in Chinese: the demo catalog's translations (a shopper who switches to 中文 sees these). */
const CATEGORY_NAMES_ZH: Record<string, string> = {
  tshirt: 'T恤',
  shirt: '衬衫',
  jacket: '外套',
  dress: '连衣裙',
  trousers: '裤装',
  skirt: '半身裙',
};

const sha256File = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** `leftShoulder` → `left_shoulder`: the catalog's anchor names. */
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The demo collection (made by `atelier demo build` in `dir`) as a catalog document in the feed format: one
 * product per demo product, a variant per colour × size, each colour's garment image with its anchors (normalised)
 * and its GLB when there is one, the body size charts, and each garment's own size chart and tuck.
 */
export function demoCatalogDocument(dir: string): object {
  const demo: DemoCatalog = v.parse(DemoCatalogSchema, JSON.parse(fs.readFileSync(path.join(dir, 'demo-catalog.json'), 'utf8')));
  const garments = path.join(dir, 'garments');
  const asset2d = (id: string) => {
    const asset = v.parse(GarmentAssetSchema, JSON.parse(fs.readFileSync(path.join(garments, `${id}.json`), 'utf8')));
    const png = path.join(garments, asset.image.file);
    const anchors = Object.fromEntries(
      Object.entries(asset.anchorsPx).map(([name, [x, y]]) => [snake(name), [x / asset.image.widthPx, y / asset.image.heightPx]]),
    );
    const back = asset.back ? path.join(garments, asset.back.file) : null;
    return { url: png, sha256: sha256File(png), mime: 'image/png', anchors, ...(back && fs.existsSync(back) ? { back: { url: back, sha256: sha256File(back) } } : {}) };
  };
  const asset3d = (id: string | undefined) => {
    if (!id) return null;
    const glb = path.join(garments, `${id}.glb`);
    return fs.existsSync(glb) ? { url: glb, sha256: sha256File(glb), mime: 'model/gltf-binary' } : null;
  };
  const categories = [...new Set(demo.products.map((p) => p.category))].map((id, position) => ({
    id,
    name: CATEGORY_NAMES[id] ?? id,
    position,
    ...(CATEGORY_NAMES_ZH[id] ? { translations: { 'zh-CN': { name: CATEGORY_NAMES_ZH[id] } } } : {}),
  }));
  const products = demo.products.map((p) => {
    const colours = new Map(p.colours.map((c) => [c.code, c]));
    const assets = new Map(p.colours.map((c) => [c.code, { a2: asset2d(c.garment2d), a3: asset3d(c.garment3d) }]));
    // The garment's size chart comes from its drafted pattern or is measured on its own picture (garment-chart.ts):
    // either way it is made from the spec.
    const spec = PRODUCTS.find((s) => s.id === p.id);
    const sizes = new Set(p.variants.map((x) => x.size));
    const chart = spec ? Object.fromEntries(Object.entries(demoGarmentChart(spec)).filter(([size]) => sizes.has(size as never))) : undefined;
    return {
      id: p.id,
      name: p.name,
      brand: p.brand,
      categoryId: p.category,
      ...(chart ? { garmentChart: chart } : {}),
      ...(spec?.tuck ? { tuck: spec.tuck } : {}),
      description: p.description,
      // The Chinese name as a tag: shoppers can search for it in either language.
      tags: [...p.tags, p.nameZh],
      translations: { 'zh-CN': { name: p.nameZh, colours: Object.fromEntries(p.colours.map((c) => [c.name, c.nameZh])) } },
      variants: p.variants.map((x) => ({
        sku: x.sku,
        colour: colours.get(x.colour)?.name ?? x.colour,
        size: x.size,
        priceMinor: x.priceMinor,
        currency: demo.currency,
        stock: x.stock,
        asset2d: assets.get(x.colour)?.a2 ?? null,
        asset3d: assets.get(x.colour)?.a3 ?? null,
      })),
    };
  });
  const sizeCharts = demo.sizeCharts.map((c) => ({
    brand: c.brand,
    categoryId: c.category,
    sizes: Object.fromEntries(c.sizes.map((s) => [s.size, Object.fromEntries(Object.entries(s.cm).map(([m, r]) => [m, [r.min, r.max]]))])),
  }));
  return { format: FEED_FORMAT, full: false, categories, products, sizeCharts };
}

/**
 * Seeds an empty catalog with the demo collection, so a fresh install shows a full mirror. Does nothing when the
 * catalog already has products (a store's own catalog is never touched) or the collection was not generated.
 */
export function seedDemoCatalog(catalog: Catalog, dir: string): ImportReport | null {
  if (!fs.existsSync(path.join(dir, 'demo-catalog.json'))) return null;
  if (catalog.browse({ offset: 0, limit: 1, inStock: false }).total > 0) return null;
  const file = path.join(fs.mkdtempSync(path.join(catalog.dataDir, '.seed-')), 'demo.json');
  try {
    fs.writeFileSync(file, JSON.stringify(demoCatalogDocument(dir)));
    // The document names the collection's files by absolute path: the import may read under `dir` only.
    return catalog.importFile(file, { baseDir: dir });
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
