import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backPictureProblem, backPictureProblemDecoded } from '../../src/core/catalog/back-picture';
import { Catalog } from '../../src/core/catalog/catalog';
import { sha256Hex } from '../../src/core/catalog/assets';
import { startFeedServer, type FeedServer } from '../fixtures/feed-server';
import { expectExportsReimport, fingerprint, tempDir } from './helpers';

/** A garment picture of `w`×`h` px with transparency, its colour from `seed` (distinct seeds: distinct files). */
async function picture(seed: number, w = 60, h = 90): Promise<Buffer> {
  return sharp({ create: { width: w, height: h, channels: 4, background: { r: (seed * 70) & 255, g: (seed * 40) & 255, b: 90, alpha: 0.8 } } })
    .png()
    .toBuffer();
}

/** A PNG with one byte of its compressed image data changed (its header and length intact). */
function flipped(png: Buffer): Buffer {
  const b = Buffer.from(png);
  const idat = b.indexOf('IDAT', 0, 'latin1');
  b[idat + 8]! ^= 0x40;
  return b;
}

const HEADER = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,asset_2d,asset_2d_back';
const BACK_OF = (cat: Catalog, id: string) => cat.product(id)?.variants[0]?.asset2d?.back;

describe("a garment's back picture: the one check", () => {
  it('refuses a back that is not a PNG or WebP, is cut off or damaged, or is not the front’s size; a whole PNG, WebP or interlaced PNG passes', async () => {
    const front = await picture(1);
    const back = await picture(2);
    expect(backPictureProblem(front, back)).toBeNull();
    expect(backPictureProblem(front, await sharp(back).webp({ lossless: true }).toBuffer())).toBeNull();
    expect(backPictureProblem(front, await sharp(back).webp().toBuffer())).toBeNull();
    expect(backPictureProblem(front, await sharp(back).png({ progressive: true }).toBuffer())).toBeNull();
    expect(backPictureProblem(front, await sharp(back).jpeg().toBuffer())).toBe("the garment's back image is not a PNG or WebP");
    expect(backPictureProblem(front, back.subarray(0, back.length - 20))).toBe("the garment's back image cannot be decoded");
    expect(backPictureProblem(front, flipped(back))).toBe("the garment's back image cannot be decoded");
    const webp = await sharp(back).webp().toBuffer();
    expect(backPictureProblem(front, webp.subarray(0, webp.length - 8))).toBe("the garment's back image cannot be decoded");
    expect(backPictureProblem(front, await picture(2, 90, 60))).toBe("the garment's back image is 90×60 px, its front 60×90 px: they must be the same size");
    // The JPEG front's size is read from its frame header.
    expect(backPictureProblem(await sharp(front).jpeg().toBuffer(), back)).toBeNull();
    expect(await backPictureProblemDecoded(front, flipped(back))).toBe("the garment's back image cannot be decoded");
  });
});

describe("a garment's back picture through import and export", () => {
  let dir: string;
  let cat: Catalog;
  const write = (name: string, data: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, data);
    return f;
  };
  beforeEach(async () => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
    write('front.png', await picture(1));
    write('back.png', await picture(2));
    write('back2.png', await picture(3));
    write('cut.png', (await picture(4)).subarray(0, 60));
    write('wide.png', await picture(5, 120, 90));
  });
  afterEach(() => {
    cat.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips through CSV export → import and JSON export → import, into a fresh catalog and into itself', async () => {
    const r = cat.importFile(write('in.csv', `${HEADER}\nP1,Tee,A,tshirt,Navy,M,S1,10,CNY,1,,front.png,back.png\nP1,Tee,A,tshirt,Navy,L,S2,10,CNY,1,,front.png,back.png\n`));
    expect(r.problems).toEqual([]);
    const backSha = sha256Hex(fs.readFileSync(path.join(dir, 'back.png')));
    expect(BACK_OF(cat, 'P1')).toBe(backSha);
    expect(fs.readFileSync(cat.assets.pathOf(backSha))).toEqual(fs.readFileSync(path.join(dir, 'back.png')));
    expect(fingerprint(cat.db, cat.assets)).toContain(backSha);
    expect(cat.exportCsv().split('\r\n')[1]).toContain(cat.assets.pathOf(backSha));
    expectExportsReimport(cat, dir, (other) => {
      expect(BACK_OF(other, 'P1')).toBe(backSha);
      expect(other.assets.has(backSha)).toBe(true);
    });
  });

  it('refuses a cut-off or mis-sized back, and a back without a front, by row and field; the stored back stays', () => {
    cat.importFile(write('in.csv', `${HEADER}\nP1,Tee,A,tshirt,Navy,M,S1,10,CNY,1,,front.png,back.png\n`));
    const stored = cat.product('P1');
    const r = cat.importFile(
      write(
        'bad.csv',
        `${HEADER}\nP1,Tee,A,tshirt,Navy,M,S1,12,CNY,1,,front.png,cut.png\nP2,Tee,A,tshirt,Navy,M,S2,10,CNY,1,,front.png,wide.png\nP3,Tee,A,tshirt,Navy,M,S3,10,CNY,1,,,back.png\n`,
      ),
    );
    expect(r.problems).toEqual([
      { row: 2, field: 'asset_2d_back', reason: "cut.png: the garment's back image cannot be decoded" },
      { row: 3, field: 'asset_2d_back', reason: "wide.png: the garment's back image is 120×90 px, its front 60×90 px: they must be the same size" },
      { row: 4, field: 'asset_2d_back', reason: 'a back picture given without asset_2d (the front it is the back of)' },
    ]);
    expect(cat.product('P1')).toEqual(stored);
    // The same through a JSON catalog document: the product is refused, the stored one kept.
    const doc = JSON.parse(cat.exportJson()) as { products: Array<{ variants: Array<{ priceMinor: number; asset2d: { back: { url: string; sha256: string } } }> }> };
    const cut = fs.readFileSync(path.join(dir, 'cut.png'));
    doc.products[0]!.variants[0]!.priceMinor = 1200;
    doc.products[0]!.variants[0]!.asset2d.back = { url: path.join(dir, 'cut.png'), sha256: sha256Hex(cut) };
    const rj = cat.importFile(write('bad.json', JSON.stringify(doc)));
    expect(rj.problems).toEqual([{ row: 1, field: 'asset_2d_back', reason: `${path.join(dir, 'cut.png')}: the garment's back image cannot be decoded` }]);
    expect(cat.product('P1')).toEqual(stored);
    expect(cat.assets.has(sha256Hex(cut))).toBe(false);
  });

  it('a CSV without the back column (older files) keeps the stored back; an empty cell removes it; a new back replaces it', () => {
    cat.importFile(write('in.csv', `${HEADER}\nP1,Tee,A,tshirt,Navy,M,S1,10,CNY,1,,front.png,back.png\n`));
    const backSha = BACK_OF(cat, 'P1');
    expect(backSha).toBeTruthy();
    const old = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,asset_2d';
    expect(cat.importFile(write('old.csv', `${old}\nP1,Tee,A,tshirt,Navy,M,S1,15,CNY,1,,front.png\n`)).problems).toEqual([]);
    expect(cat.product('P1')!.variants[0]).toMatchObject({ priceMinor: 1500, asset2d: { back: backSha } });
    cat.importFile(write('new.csv', `${HEADER}\nP1,Tee,A,tshirt,Navy,M,S1,15,CNY,1,,front.png,back2.png\n`));
    expect(BACK_OF(cat, 'P1')).toBe(sha256Hex(fs.readFileSync(path.join(dir, 'back2.png'))));
    cat.importFile(write('none.csv', `${HEADER}\nP1,Tee,A,tshirt,Navy,M,S1,15,CNY,1,,front.png,\n`));
    expect(BACK_OF(cat, 'P1')).toBeUndefined();
    expect(cat.product('P1')!.variants[0]!.asset2d).not.toBeNull();
  });
});

describe("a garment's back picture through the feed sync", () => {
  let feed: FeedServer;
  let cat: Catalog;
  const fast = { backoffMs: 5, maxBackoffMs: 20, unreferencedGraceMs: 0 };
  const tee = (id: string, front: string, back: string) => ({
    id,
    name: 'Tee',
    brand: 'A',
    categoryId: 'tshirt',
    variants: [{ sku: `${id}-M`, colour: 'Navy', size: 'M', priceMinor: 1000, currency: 'CNY', stock: 1, asset2d: front, back }],
  });
  beforeEach(async () => {
    feed = await startFeedServer({ pageSize: 10 });
    cat = Catalog.open(tempDir());
  });
  afterEach(async () => {
    cat.close();
    await feed.close();
  });

  it('brings the back, refuses a corrupt replacement (the old back stays), takes a good one, and deletes the old file only when nothing refers to it', async () => {
    const [f1, f2, x, y] = await Promise.all([picture(1), picture(2), picture(3), picture(4)]).then((bs) => bs.map((b) => feed.addAsset(b, 'image/png')));
    feed.upsert(tee('A', f1!, x!));
    feed.upsert(tee('B', f2!, x!));
    expect(await cat.sync(feed.feedUrl, fast)).toMatchObject({ itemsChanged: 2, assetsDownloaded: 3 });
    expect([BACK_OF(cat, 'A'), BACK_OF(cat, 'B')]).toEqual([x, x]);
    expect(cat.assets.has(x!)).toBe(true);

    const stored = cat.product('A');
    const bad = feed.addAsset(flipped(await picture(5)), 'image/png');
    feed.upsert(tee('A', f1!, bad));
    await expect(cat.sync(feed.feedUrl, fast)).rejects.toThrow("product A, A-M: the garment's back image cannot be decoded");
    expect(cat.product('A')).toEqual(stored);
    expect(cat.syncStatus().lastError).toBe("product A, A-M: the garment's back image cannot be decoded");

    // A's back replaced: B still wears x, so its file stays.
    feed.upsert(tee('A', f1!, y!));
    expect(await cat.sync(feed.feedUrl, fast)).toMatchObject({ itemsChanged: 1 });
    expect([BACK_OF(cat, 'A'), BACK_OF(cat, 'B')]).toEqual([y, x]);
    expect(cat.assets.has(x!)).toBe(true);
    // The refused download is nobody's: collected.
    expect(cat.assets.has(bad)).toBe(false);
    feed.upsert(tee('B', f2!, y!));
    await cat.sync(feed.feedUrl, fast);
    expect(BACK_OF(cat, 'B')).toBe(y);
    expect(cat.assets.has(x!)).toBe(false);
    expect([f1, f2, y].every((s) => cat.assets.has(s!))).toBe(true);
  });

  it('keeps an unreferenced file younger than the grace (an upload the admin has not saved yet)', async () => {
    const [f1, x, y] = await Promise.all([picture(1), picture(3), picture(4)]).then((bs) => bs.map((b) => feed.addAsset(b, 'image/png')));
    feed.upsert(tee('A', f1!, x!));
    await cat.sync(feed.feedUrl, { ...fast, unreferencedGraceMs: 60_000 });
    feed.upsert(tee('A', f1!, y!));
    await cat.sync(feed.feedUrl, { ...fast, unreferencedGraceMs: 60_000 });
    expect(BACK_OF(cat, 'A')).toBe(y);
    expect(cat.assets.has(x!)).toBe(true);
  });
});
