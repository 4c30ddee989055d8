import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { detectFormat } from '../../src/core/catalog/formats/detect';
import { fingerprint, tempDir } from './helpers';
import { runAtelier as atelier } from '../support/run-atelier';

/** Fixtures written from each format's public documentation (see the comments inside them). */
const FIXTURES = path.join(import.meta.dirname, '../fixtures/formats');
const fixture = (name: string) => path.join(FIXTURES, name);
const read = (name: string) => fs.readFileSync(fixture(name), 'utf8');

describe('store catalog formats: Shopify product CSV, Google Merchant feed', () => {
  let dir: string;
  let cat: Catalog;
  beforeEach(() => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
  });
  afterEach(() => cat.close());

  /** Exports what was imported as our CSV, imports that into an empty catalog: the two must be the same. */
  function expectRoundTrip(): void {
    const csv = path.join(dir, 'export.csv');
    fs.writeFileSync(csv, cat.exportCsv());
    const again = Catalog.open(path.join(dir, 'again'));
    try {
      expect(again.importFile(csv).problems).toEqual([]);
      expect(fingerprint(again.db, again.assets)).toBe(fingerprint(cat.db, cat.assets));
    } finally {
      again.close();
    }
  }

  it('detects each format from the header or the XML root element', () => {
    expect(detectFormat(read('shopify-products.csv'))).toBe('shopify');
    expect(detectFormat(read('google-feed.xml'))).toBe('google');
    expect(detectFormat(read('google-feed-atom.xml'))).toBe('google');
    expect(detectFormat(read('google-feed.tsv'))).toBe('google');
    expect(detectFormat('product_id,name,brand,category,colour,size,sku,price,currency,stock,tags\n')).toBe('atelier');
    expect(detectFormat('{"format":"atelier-catalog/1"}')).toBe('atelier');
  });

  it('imports a Shopify export: one product per Handle, Size/Colour options in any slot, drafts skipped, row-by-row report', () => {
    const r = cat.importFile(fixture('shopify-products.csv'), { currency: 'CNY' });
    // Row numbers are the spreadsheet's (header = 1), even though row 2's quoted body spans two lines.
    expect(r.problems).toEqual([{ row: 13, field: 'Variant Price', reason: '"free" is not a price' }]);
    expect(r.skipped).toEqual([
      { row: 6, field: 'Image Src', reason: 'picture row: kept as a link (no picture yet)' },
      { row: 10, field: 'Status', reason: 'product draft-hoodie is draft' },
      { row: 11, field: 'Status', reason: 'product draft-hoodie is draft' },
      { row: 12, field: 'Published', reason: 'product old-polo is not published' },
    ]);
    expect(r).toMatchObject({ format: 'shopify', rowsRead: 13, rowsImported: 8, rowsRejected: 1, unpublishedProducts: 2, inserted: 4 });
    expect(cat.product('draft-hoodie')).toBeNull();
    expect(cat.product('old-polo')).toBeNull();

    const tee = cat.product('classic-tee')!;
    expect(tee).toMatchObject({
      name: 'Classic Tee',
      brand: 'Acme',
      categoryId: 't-shirts',
      description: 'Soft organic cotton.\n\n• Regular fit\n• Machine wash & dry',
      tags: ['cotton', 'summer', "Men's"],
    });
    expect(tee.variants.map((v) => [v.sku, v.colour, v.size, v.priceMinor, v.currency, v.stock])).toEqual([
      ['TEE-W-S', 'White', 'S', 12900, 'CNY', 12],
      ['TEE-W-M', 'White', 'M', 12900, 'CNY', 0], // oversold (-2) is none left
      ['TEE-B-S', 'Black', 'S', 13900, 'CNY', 4],
      ['classic-tee-black-m', 'Black', 'M', 13900, 'CNY', 1], // no SKU: made from the handle; no quantity: the default
    ]);
    // "colour" in slot 1 and "SIZE" in slot 3; a thousands separator; a continuation row with only SKU and price.
    const coat = cat.product('wool-coat')!;
    expect(coat).toMatchObject({ name: 'Wool Coat "Classic"', brand: 'Kōbō', categoryId: 'coats-jackets', description: 'Double-breasted, 80% wool.\nDry clean only.' });
    expect(coat.variants.map((v) => [v.sku, v.colour, v.size, v.priceMinor])).toEqual([
      ['COAT-N-L', 'Navy', 'L', 129900],
      ['COAT-EXTRA', 'One colour', 'One size', 119950],
    ]);
    expect(cat.product('silk-scarf')!.variants).toMatchObject([{ colour: 'One colour', size: 'One size', priceMinor: 8900, stock: 7 }]);
    // The bad row is left out, the rest of its product comes in.
    expect(cat.product('linen-shirt')!.variants.map((v) => v.sku)).toEqual(['LIN-L']);
    expect(cat.categories().find((c) => c.id === 'coats-jackets')?.name).toBe('Coats & Jackets');
    // The first picture per colour: the variant's image, else the product's first.
    expect(r.pictures).toEqual([
      { productId: 'classic-tee', colour: 'White', url: 'https://cdn.shopify.com/s/files/1/0000/0001/products/tee-white.jpg' },
      { productId: 'classic-tee', colour: 'Black', url: 'https://cdn.shopify.com/s/files/1/0000/0001/products/tee-black.jpg' },
      { productId: 'wool-coat', colour: 'Navy', url: 'https://cdn.shopify.com/s/files/1/0000/0001/products/coat.jpg' },
      { productId: 'wool-coat', colour: 'One colour', url: 'https://cdn.shopify.com/s/files/1/0000/0001/products/coat.jpg' },
      { productId: 'silk-scarf', colour: 'One colour', url: 'https://cdn.shopify.com/s/files/1/0000/0001/products/scarf.jpg' },
    ]);
    expectRoundTrip();
    // The same file again changes nothing.
    expect(cat.importFile(fixture('shopify-products.csv'), { currency: 'CNY' })).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
  });

  it("a Shopify type the store already has by name joins that category: one chip per name on the mirror", () => {
    // The store's own catalog (as the demo seeds it): tees under `tshirt` "T-shirts", in Chinese 短袖T恤.
    const own = path.join(dir, 'own.csv');
    fs.writeFileSync(
      own,
      'product_id,name,brand,category,category_name,category_name@zh-CN,colour,size,sku,price,currency,stock,tags\n' +
        'tee-own,Own Tee,Atelier,tshirt,T-shirts,短袖T恤,White,M,OWN-W-M,99,CNY,3,\n' +
        'coat-own,Own Coat,Atelier,coat,Coats,大衣,Navy,L,OWN-N-L,999,CNY,1,\n',
    );
    expect(cat.importFile(own).problems).toEqual([]);

    const r = cat.importFile(fixture('shopify-products.csv'), { currency: 'CNY' });
    // "T-Shirts" is "T-shirts" to a shopper: the store's category, reported once, not as a rejection; "Coats &
    // Jackets" is not "Coats".
    expect(r.categoriesJoined).toEqual([{ row: 2, categoryId: 't-shirts', name: 'T-Shirts', into: { id: 'tshirt', name: 'T-shirts' } }]);
    expect(r).toMatchObject({ rowsImported: 8, rowsRejected: 1, problems: [{ row: 13, field: 'Variant Price', reason: '"free" is not a price' }] });
    // Its picture links are kept as for any imported product.
    expect(r.pictures!.map((p) => p.productId)).toContain('classic-tee');
    expect(cat.product('classic-tee')!.categoryId).toBe('tshirt');
    expect(cat.product('wool-coat')!.categoryId).toBe('coats-jackets');
    const categories = cat.categories();
    expect(categories.map((c) => c.id).sort()).toEqual(['accessories', 'coat', 'coats-jackets', 'shirts', 'tshirt']);
    // The stored category keeps its names, in both languages.
    expect(categories.find((c) => c.id === 'tshirt')!.name).toBe('T-shirts');
    expect(categories.find((c) => c.id === 'tshirt')!.names).toEqual({ 'zh-CN': '短袖T恤' });
    // Importing the file again changes nothing: the stored category id holds its products.
    expect(cat.importFile(fixture('shopify-products.csv'), { currency: 'CNY' })).toMatchObject({ inserted: 0, updated: 0 });
    expect(cat.product('classic-tee')!.categoryId).toBe('tshirt');
  });

  it('refuses a Shopify file without --currency in one line and writes nothing', () => {
    expect(() => cat.importFile(fixture('shopify-products.csv'))).toThrow(
      "a Shopify product CSV has no currency: give the store's with --currency (e.g. --currency CNY); nothing imported",
    );
    expect(() => cat.importFile(fixture('shopify-products.csv'), { currency: 'cny' })).toThrow('--currency must be a 3-letter ISO 4217 code');
    expect(cat.syncStatus()).toMatchObject({ products: 0, variants: 0 });
  });

  it('a Shopify dry run reports the same and writes nothing', () => {
    const r = cat.importFile(fixture('shopify-products.csv'), { currency: 'CNY', dryRun: true });
    expect(r).toMatchObject({ dryRun: true, rowsImported: 8, rowsRejected: 1, inserted: 0 });
    expect(cat.syncStatus().products).toBe(0);
  });

  it('imports a Google RSS feed: g: and unprefixed names, variants by item_group_id, availability to stock, prices with currency', () => {
    const r = cat.importFile(fixture('google-feed.xml'), { defaultStock: 5 });
    expect(r.problems).toEqual([
      { row: 7, field: 'availability', reason: '"maybe" is not in stock, out of stock, preorder or backorder' },
      { row: 8, field: 'price', reason: '"12,50" uses a decimal comma: write 12.50' },
    ]);
    expect(r).toMatchObject({ format: 'google', rowsRead: 8, rowsImported: 6, rowsRejected: 2, inserted: 3 });
    const tee = cat.product('TEE01')!;
    // g:title wins over <title>; the shared words of the variants' titles name the product.
    expect(tee).toMatchObject({ name: 'Organic Tee', brand: 'Example & Co', categoryId: 't-shirts', description: 'Soft organic cotton, regular fit.', tags: ['female', 'adult'] });
    expect(tee.variants.map((v) => [v.sku, v.colour, v.size, v.priceMinor, v.currency, v.stock])).toEqual([
      ['TEE-RED-S', 'Red', 'S', 2500, 'USD', 5], // in stock without a quantity: the configured default
      ['TEE-RED-M', 'Red', 'M', 1999, 'USD', 0], // sale_price is what the shopper pays; out_of_stock
      ['TEE-BLUE-M', 'Blue', 'M', 2750, 'USD', 5], // unprefixed attribute names
    ]);
    const parka = cat.product('PARKA')!;
    expect(parka).toMatchObject({ name: 'Down Parka', categoryId: 'coats-jackets' });
    expect(parka.variants.map((v) => [v.sku, v.priceMinor, v.stock])).toEqual([
      ['PARKA-OLIVE-L', 129900, 0], // "1,299.00 USD", preorder
      ['PARKA-OLIVE-XL', 134900, 5], // "USD 1,349.00"
    ]);
    // No item_group_id: a product of its own; a numeric google_product_category names no category.
    expect(cat.product('BELT-01')).toMatchObject({ name: 'Leather Belt', categoryId: 'other', variants: [{ colour: 'One colour', size: 'One size', priceMinor: 4500 }] });
    expect(r.pictures).toEqual([
      { productId: 'TEE01', colour: 'Red', url: 'https://www.example.com/img/tee-red.jpg' },
      { productId: 'TEE01', colour: 'Blue', url: 'https://www.example.com/img/tee-blue.jpg' },
      { productId: 'PARKA', colour: 'Olive', url: 'https://www.example.com/img/parka.jpg' },
      { productId: 'BELT-01', colour: 'One colour', url: 'https://www.example.com/img/belt.jpg' },
    ]);
    expectRoundTrip();
  });

  it('imports a Google Atom feed', () => {
    const r = cat.importFile(fixture('google-feed-atom.xml'));
    expect(r).toMatchObject({ format: 'google', rowsRead: 2, rowsImported: 2, problems: [] });
    expect(cat.product('DRESS-1')).toMatchObject({
      name: 'Wrap Dress',
      brand: 'Maison',
      categoryId: 'dresses',
      description: 'A wrap dress in viscose.',
      variants: [
        { sku: 'DRESS-1-S', size: 'S', colour: 'Green', priceMinor: 5990, currency: 'EUR', stock: 1 },
        { sku: 'DRESS-1-M', size: 'M', colour: 'Green', priceMinor: 5990, currency: 'EUR', stock: 1 },
      ],
    });
    expectRoundTrip();
  });

  it('imports a Google TSV feed with a BOM, quoted tabs and line breaks, inch marks, and prices without currency', () => {
    const without = cat.importFile(fixture('google-feed.tsv'), { dryRun: true });
    expect(without.problems).toEqual([
      { row: 3, field: 'sale_price', reason: '"899.00" has no currency: write "12.00 USD" or give --currency' },
      { row: 5, field: 'price', reason: 'is empty' },
    ]);
    const wrong = cat.importFile(fixture('google-feed.tsv'), { dryRun: true, currency: 'USD' });
    expect(wrong.problems[0]).toEqual({ row: 2, field: 'price', reason: "is in CNY, not the store's USD" });

    const r = cat.importFile(fixture('google-feed.tsv'), { currency: 'CNY' });
    expect(r.problems).toEqual([{ row: 5, field: 'price', reason: 'is empty' }]);
    expect(cat.product('JEAN')).toMatchObject({
      name: 'Slim Jeans',
      categoryId: 'jeans',
      description: 'Stretch denim. Five pockets.\nSlim fit.',
      tags: ['male'],
      variants: [
        { sku: 'JEAN-32', size: '32', colour: 'Indigo', priceMinor: 109900, stock: 1 },
        { sku: 'JEAN-34', size: '34', priceMinor: 89900, stock: 1 },
        { sku: 'JEAN-36', size: '36', priceMinor: 109900, stock: 0 },
      ],
    });
    expectRoundTrip();
  });

  it('--format overrides detection; a file that is not the named format is one line and no change', () => {
    expect(() => cat.importFile(fixture('google-feed.tsv'), { format: 'shopify', currency: 'CNY' })).toThrow(
      'not a Shopify product CSV: the header lacks Handle, Title or Variant Price',
    );
    expect(() => cat.importFile(fixture('shopify-products.csv'), { format: 'atelier' })).toThrow(/^CSV header lacks columns product_id, name/);
    const notFeed = path.join(dir, 'x.xml');
    fs.writeFileSync(notFeed, '<?xml version="1.0"?><catalog><item/></catalog>');
    expect(() => cat.importFile(notFeed)).toThrow('the XML root element is <catalog>: a Google feed is RSS 2.0 (<rss>) or Atom (<feed>)');
    fs.writeFileSync(notFeed, '<rss><channel><item><g:id>1</g:id></channel></rss>');
    expect(() => cat.importFile(notFeed)).toThrow(/^the Google feed is not well-formed XML: line 1: /);
    expect(cat.syncStatus().products).toBe(0);
  });

  it('keeps the import all-or-nothing: a SKU owned by another product is rejected, the stored catalog is untouched', () => {
    cat.importFile(fixture('google-feed-atom.xml'));
    const before = fingerprint(cat.db, cat.assets);
    const clash = path.join(dir, 'clash.tsv');
    fs.writeFileSync(clash, 'id\ttitle\tprice\tavailability\titem_group_id\nDRESS-1-S\tOther dress\t10.00 EUR\tin stock\tOTHER\n');
    const r = cat.importFile(clash);
    expect(r.problems).toEqual([{ row: 2, field: 'sku', reason: 'already belongs to product DRESS-1' }]);
    expect(fingerprint(cat.db, cat.assets)).toBe(before);
  });
});

describe('atelier catalog import --format', () => {
  afterEach(() => vi.restoreAllMocks());

  it('imports a Shopify export with --currency and prints what was skipped and the pictures kept as links', async () => {
    const data = tempDir();
    const no = await atelier('--data-dir', data, 'catalog', 'import', fixture('shopify-products.csv'));
    expect(no).toMatchObject({ code: 1, err: "atelier: a Shopify product CSV has no currency: give the store's with --currency (e.g. --currency CNY); nothing imported\n" });
    expect((await atelier('--data-dir', data, 'catalog', 'import', fixture('google-feed.xml'), '--format', 'csv')).err).toBe(
      'atelier: --format must be auto, atelier, shopify, google; got "csv"\n',
    );
    const r = await atelier('--data-dir', data, 'catalog', 'import', fixture('shopify-products.csv'), '--currency', 'cny');
    expect(r.code).toBe(1); // one row was rejected
    const lines = r.out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '8 of 13 rows imported, 1 rejected; products: 4 new, 0 changed, 0 unchanged, 0 removed; 0 assets stored',
      '  row 13, Variant Price: "free" is not a price',
      '2 products not published in the store (draft, archived or unpublished): skipped',
      'left out (4):',
    ]);
    expect(r.out).toContain('pictures (5): no picture yet — links kept; upload garment images on the admin screen\n');
    expect(r.out).toContain('  classic-tee · Black: https://cdn.shopify.com/s/files/1/0000/0001/products/tee-black.jpg\n');
    const browse = await atelier('--data-dir', data, 'catalog', 'browse', '--json');
    expect(JSON.parse(browse.out)).toMatchObject({ total: 4 });
  });
});
