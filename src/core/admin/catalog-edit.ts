import sharp from 'sharp';
import * as v from 'valibot';
import type { EditProduct, UploadAssetResult } from '../../shared/admin';
import { ApiError } from '../../shared/contract-kit';
import { garmentFromAnchors, GarmentAnchorsError } from '../../shared/garment-from-anchors';
import { anchorOrderProblems, describeAnchorProblems } from '../../shared/garment-anchor-order';
import { applyChanges } from '../catalog/apply';
import type { Catalog } from '../catalog/catalog';
import { CatalogError } from '../catalog/db';
import { admitAsset, AssetRejected, assetTypeOf } from '../catalog/asset-intake';
import { backPictureProblemDecoded } from '../catalog/back-picture';
import type { ProductInput, StoredAsset } from '../catalog/write';
import { HUMANOID_BONES } from '../../shared/humanoid';
import { garmentChartProblem } from '../../shared/product-chart';
import { checkGlb } from './glb';
import { addTranslation, deleteProductTranslation, emptyTranslations, type CatalogTranslations } from '../catalog/translations';

/** The intake accepts JPEG pictures too; a garment to wear needs transparency, which JPEG cannot hold. */
const WEARABLE_IMAGE_MIMES = new Set(['image/png', 'image/webp']);

/** A new price (minor units) and/or stock for variants; omitted fields are kept. */
export interface VariantPatch {
  priceMinor?: number | undefined;
  stock?: number | undefined;
}

/** What a variant edit changed: the product, each variant's values before, and the values set. */
export interface VariantsChange {
  productId: string;
  before: Array<{ sku: string; priceMinor: number; stock: number }>;
  after: { priceMinor?: number; stock?: number };
}

/**
 * Staff edits of the catalog, each one transaction through the same writer sync and import use (`applyChanges`),
 * so the mirror never sees half an edit. Errors are ApiErrors a staff member can act on.
 */
export class CatalogEditor {
  constructor(private readonly catalog: Catalog) {}

  /**
   * Stores an uploaded garment file through the asset intake import and sync use (type by content, size cap),
   * after the checks a wearable garment needs. `data` is borrowed.
   */
  async upload(kind: '2d' | '3d', data: Uint8Array): Promise<UploadAssetResult> {
    let mime: string;
    try {
      mime = assetTypeOf(kind, data, 'upload');
    } catch {
      throw new ApiError('bad_request', kind === '2d' ? 'a garment image must be a PNG or WebP with a transparent background' : 'a 3D garment must be a GLB (binary glTF) file');
    }
    let widthPx: number | null = null;
    let heightPx: number | null = null;
    let bones: string[] = [];
    if (kind === '2d') {
      if (!WEARABLE_IMAGE_MIMES.has(mime)) throw new ApiError('bad_request', 'a garment image must be a PNG or WebP with a transparent background');
      const meta = await sharp(data).metadata().catch(() => null);
      if (!meta?.width || !meta.height) throw new ApiError('bad_request', 'the image could not be read');
      if (!meta.hasAlpha) throw new ApiError('bad_request', 'the image has no transparency: cut the garment out on a transparent background');
      if (meta.width < 64 || meta.height < 64 || meta.width > 4096 || meta.height > 4096) {
        throw new ApiError('bad_request', `the image is ${meta.width}×${meta.height} px; use 64–4096 px each side`);
      }
      widthPx = meta.width;
      heightPx = meta.height;
    } else {
      const check = checkGlb(data, HUMANOID_BONES);
      if (!check.ok) throw new ApiError('bad_request', `the GLB cannot be worn: ${check.problems.join('; ')}`, check.problems);
      bones = check.bones;
    }
    try {
      const { asset } = admitAsset(this.catalog.assets, kind, data, { label: 'upload' });
      return { asset, widthPx, heightPx, bones };
    } catch (e) {
      if (e instanceof AssetRejected) throw new ApiError('bad_request', e.message);
      throw new ApiError('unavailable', (e as Error).message);
    }
  }

  /** Creates or replaces a product with exactly these variants. Returns the product id. */
  async save(p: EditProduct, create: boolean): Promise<'inserted' | 'updated' | 'unchanged'> {
    const exists = this.catalog.product(p.id) !== null;
    if (create && exists) throw new ApiError('conflict', `a product with id "${p.id}" already exists`);
    if (!create && !exists) throw new ApiError('not_found', `no product "${p.id}"`);
    for (const x of p.variants) {
      const owner = this.catalog.db.prepare<[string], { id: string }>('SELECT p.id FROM variants v JOIN products p ON p.pk = v.product_pk WHERE v.sku = ?').get(x.sku);
      if (owner && owner.id !== p.id) throw new ApiError('conflict', `SKU ${x.sku} already belongs to product ${owner.id}`);
    }
    const variants: Array<ProductInput['variants'][number]> = [];
    for (const x of p.variants) {
      variants.push({
        sku: x.sku,
        colour: x.colour,
        size: x.size,
        priceMinor: x.priceMinor,
        currency: x.currency,
        stock: x.stock,
        asset2d: x.asset2d ? await this.asset2d(x.asset2d.sha256, x.asset2d.anchors, p.categoryId, x.sku, x.asset2d.back) : null,
        asset3d: x.asset3d ? this.asset3d(x.asset3d, x.sku) : null,
      });
    }
    const stored = this.catalog.product(p.id);
    const garmentChart = p.garmentChart ?? stored?.garmentChart ?? {};
    const problem = garmentChartProblem(garmentChart, p.garmentChart ? variants.map((x) => x.size) : Object.keys(garmentChart));
    if (problem) throw new ApiError('bad_request', problem);
    const { names, colourNames, ...rest } = p;
    const input: ProductInput = {
      ...rest,
      updatedAt: new Date().toISOString(),
      variants,
      garmentChart,
      tuck: p.tuck === undefined ? (stored?.tuck ?? null) : p.tuck,
    };
    const translations = emptyTranslations();
    const cleared: string[] = [];
    for (const [lang, name] of Object.entries(names ?? {})) {
      if (name) addTranslation(translations.products, p.id, lang, name);
      else cleared.push(lang);
    }
    for (const [lang, colours] of Object.entries(colourNames ?? {})) for (const [colour, name] of Object.entries(colours)) addTranslation(translations.colours, colour, lang, name);
    const r = this.apply({ products: [input], deleted: [], translations, also: () => cleared.forEach((lang) => deleteProductTranslation(this.catalog.db, p.id, lang)) });
    return r.inserted ? 'inserted' : r.updated ? 'updated' : 'unchanged';
  }

  delete(id: string): void {
    if (!this.catalog.product(id)) throw new ApiError('not_found', `no product "${id}"`);
    this.apply({ products: [], deleted: [id] });
  }

  /** Changes one variant's price and/or stock; returns the product id and the previous values. */
  setVariant(sku: string, patch: VariantPatch, audit?: (change: VariantsChange) => void): { productId: string; before: { priceMinor: number; stock: number } } {
    const row = this.catalog.db.prepare<[string], { id: string }>('SELECT p.id FROM variants v JOIN products p ON p.pk = v.product_pk WHERE v.sku = ?').get(sku);
    if (!row) throw new ApiError('not_found', `no variant with SKU ${sku}`);
    const change = this.setVariants(row.id, [sku], patch, audit);
    const before = change.before[0]!;
    return { productId: row.id, before: { priceMinor: before.priceMinor, stock: before.stock } };
  }

  /**
   * Sets the price and/or stock of several variants of one product (all of them, or a staff member's selection) in
   * ONE transaction, with `audit` run inside it: the mirror sees every variant change at once or none, and the audit
   * row exists exactly when the change does. An SKU the product does not have refuses the whole edit.
   */
  setVariants(productId: string, skus: readonly string[], patch: VariantPatch, audit?: (change: VariantsChange) => void): VariantsChange {
    if (patch.priceMinor === undefined && patch.stock === undefined) throw new ApiError('bad_request', 'nothing to change: give a price or a stock');
    const product = this.catalog.product(productId);
    if (!product) throw new ApiError('not_found', `no product "${productId}"`);
    const chosen = new Set(skus);
    if (chosen.size === 0) throw new ApiError('bad_request', 'choose at least one variant');
    const unknown = [...chosen].filter((sku) => !product.variants.some((x) => x.sku === sku));
    if (unknown.length > 0) throw new ApiError('not_found', `product ${productId} has no variant ${unknown.join(', ')}: nothing was changed`);
    const change: VariantsChange = {
      productId,
      before: product.variants.filter((x) => chosen.has(x.sku)).map((x) => ({ sku: x.sku, priceMinor: x.priceMinor, stock: x.stock })),
      after: { ...(patch.priceMinor !== undefined ? { priceMinor: patch.priceMinor } : {}), ...(patch.stock !== undefined ? { stock: patch.stock } : {}) },
    };
    const input: ProductInput = {
      ...product,
      updatedAt: new Date().toISOString(),
      variants: product.variants.map((x) =>
        chosen.has(x.sku) ? { ...x, priceMinor: patch.priceMinor ?? x.priceMinor, stock: patch.stock ?? x.stock } : x,
      ),
    };
    this.apply({ products: [input], deleted: [], ...(audit ? { also: () => audit(change) } : {}) });
    return change;
  }

  private apply(c: { products: ProductInput[]; deleted: string[]; translations?: CatalogTranslations; also?: () => void }) {
    try {
      const r = applyChanges(this.catalog.db, {
        categories: [],
        products: c.products,
        deleted: c.deleted,
        sizeCharts: [],
        replaceAll: false,
        mergeVariants: false,
        ...(c.translations ? { translations: c.translations } : {}),
        ...(c.also ? { alsoInTransaction: c.also } : {}),
      });
      this.catalog.checkpoint();
      return r;
    } catch (e) {
      if (e instanceof CatalogError) throw new ApiError('unavailable', e.message);
      throw e;
    }
  }

  private async asset2d(sha256: string, anchors: Record<string, [number, number]>, categoryId: string, sku: string, back?: string): Promise<StoredAsset> {
    const data = this.stored(sha256, sku);
    const mime = imageMimeOf(data, sku);
    if (!mime || !WEARABLE_IMAGE_MIMES.has(mime)) throw new ApiError('bad_request', `${sku}: the garment image is not a PNG or WebP`);
    const meta = await sharp(data).metadata();
    try {
      garmentFromAnchors({ id: sku, imageFile: sha256, widthPx: meta.width ?? 1, heightPx: meta.height ?? 1, anchors, category: categoryId });
    } catch (e) {
      if (e instanceof GarmentAnchorsError) throw new ApiError('bad_request', `${sku}: the anchors do not describe a garment: ${e.message}`);
      throw e;
    }
    // The same check the anchor editor shows as the dots move: a garment out of a body's order is drawn upside down
    // or inside out on the shopper, so it is not saved whatever screen or script sends it.
    const problems = anchorOrderProblems(anchors);
    if (problems.length > 0) {
      throw new ApiError('bad_request', `${sku}: the anchors are not in a body's order: ${describeAnchorProblems(problems)}`);
    }
    if (back !== undefined) await this.backPicture(back, data, sku);
    return { sha256, kind: '2d', mime, sizeBytes: data.length, anchors, ...(back !== undefined ? { back } : {}) };
  }

  /**
   * Checks a garment's back picture before anything is saved (a bad one refuses the whole edit, the stored product
   * unchanged), as import and sync check it (catalog/back-picture.ts).
   */
  private async backPicture(sha256: string, front: Uint8Array, sku: string): Promise<void> {
    const problem = await backPictureProblemDecoded(front, this.stored(sha256, sku));
    if (problem) throw new ApiError('bad_request', `${sku}: ${problem}`);
  }

  private asset3d(sha256: string, sku: string): StoredAsset {
    const data = this.stored(sha256, sku);
    const check = checkGlb(data, HUMANOID_BONES);
    if (!check.ok) throw new ApiError('bad_request', `${sku}: ${check.problems.join('; ')}`);
    return { sha256, kind: '3d', mime: 'model/gltf-binary', sizeBytes: data.length, anchors: null };
  }

  private stored(sha256: string, sku: string): Buffer {
    if (!v.is(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), sha256) || !this.catalog.assets.has(sha256)) {
      throw new ApiError('bad_request', `${sku}: the garment file ${sha256.slice(0, 12)}… was not uploaded`);
    }
    return this.catalog.assets.read(sha256);
  }
}

/** The stored file's image type by its bytes, or null when it is not a picture the 2D try-on can draw. */
function imageMimeOf(data: Uint8Array, sku: string): string | null {
  try {
    return assetTypeOf('2d', data, sku);
  } catch {
    return null;
  }
}
