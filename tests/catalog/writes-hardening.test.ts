import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog/catalog';
import { createDispatcher, type CallContext } from '../../src/core/api/dispatch';
import { createHandlers, createSenders } from '../../src/core/api/handlers';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/log';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { contract } from '../../src/shared/contract';
import { writeCsv } from '../../src/core/catalog/csv';
import { fakePng } from '../fixtures/feed-server';
import { tempDir } from './helpers';
import { runAtelier as atelier } from '../support/run-atelier';

/**
 * Catalog writes that must not lose stored data or let a careless/hostile file through (issue 15, points 5 and 10):
 * `--replace` with a rejected row, a header-only file, formula cells in exports, encodings, duplicated columns,
 * assets outside the file's folder or of the wrong type.
 */
const HEADER = 'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags';
const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n') + '\n';
const ROW1 = 'P1,Shirt,Atelier,tops,White,M,P1-M,299.00,CNY,5,linen';
const ROW2 = 'P2,Dress,Atelier,dresses,Red,S,P2-S,499.00,CNY,1,';
const ROW3 = 'P3,Coat,Atelier,coats,Navy,L,P3-L,999.00,CNY,2,';

describe('import --replace never loses a product by accident', () => {
  let dir: string;
  let data: string;
  const write = (name: string, text: string | Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const ids = () => {
    const c = Catalog.open(data);
    try {
      return c.db.prepare<[], { id: string }>('SELECT id FROM products ORDER BY id').all().map((p) => p.id);
    } finally {
      c.close();
    }
  };
  beforeEach(async () => {
    dir = tempDir();
    data = path.join(dir, 'data');
    expect((await atelier('--data-dir', data, 'catalog', 'import', write('all.csv', csv(ROW1, ROW2, ROW3)))).code).toBe(0);
  });

  it('refuses when a row is rejected (a decimal comma), keeps every product, and says what --force would remove', async () => {
    const f = write('bad.csv', csv(ROW1, 'P2,Dress,Atelier,dresses,Red,S,P2-S,"499,00",CNY,1,'));
    const r = await atelier('--data-dir', data, 'catalog', 'import', f, '--replace');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--replace refused: 1 row rejected/);
    expect(r.out).toMatch(/row 3, price:/);
    expect(ids()).toEqual(['P1', 'P2', 'P3']);

    const dry = await atelier('--data-dir', data, 'catalog', 'import', f, '--replace', '--dry-run');
    // P3 is not in the file; P2 is (on a rejected row), so even --force keeps it.
    expect(dry.out).toMatch(/1 removed/);
    expect(ids()).toEqual(['P1', 'P2', 'P3']);

    const forced = await atelier('--data-dir', data, 'catalog', 'import', f, '--replace', '--force');
    expect(forced.out).toMatch(/1 removed/);
    expect(ids()).toEqual(['P1', 'P2']);
  });

  it('dry run of a clean replace reports the products it would remove', async () => {
    const r = await atelier('--data-dir', data, 'catalog', 'import', write('one.csv', csv(ROW1)), '--replace', '--dry-run');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/^dry run: 1 of 1 rows imported, 0 rejected; products: .*2 removed/);
    expect(ids()).toEqual(['P1', 'P2', 'P3']);
  });

  it('a header-only CSV with --replace is refused (CLI and admin.importCatalog); without --replace it changes nothing', async () => {
    const f = write('empty.csv', csv());
    const r = await atelier('--data-dir', data, 'catalog', 'import', f, '--replace');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--replace refused: the file has no product rows/);
    expect(ids()).toEqual(['P1', 'P2', 'P3']);
    expect((await atelier('--data-dir', data, 'catalog', 'import', f)).code).toBe(0);
    expect(ids()).toEqual(['P1', 'P2', 'P3']);

    const s: CoreServices = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir: data, env: {} }), log: createLogger('t', 'silent') });
    try {
      const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
      const ctx: CallContext = { role: 'manager', userId: 'mgr', origin: 'ws-admin:10.0.0.7' };
      const res = await d.invoke('admin.importCatalog', { format: 'csv', text: csv(), replace: true, dryRun: false }, ctx);
      expect(res).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/--replace refused: the file has no product rows/) } });
      expect(s.catalog.syncStatus().products).toBe(3);
    } finally {
      await s.close();
    }
  });
});

describe('CSV exports escape formula cells (OWASP CSV injection)', () => {
  let dir: string;
  let cat: Catalog;
  beforeEach(() => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
  });
  afterEach(() => cat.close());

  it('writeCsv prefixes cells starting with = + - @ tab CR with a quote', () => {
    expect(writeCsv([['=1+1', '+1', '-1', '@A1', '\tx', '\ry', 'ok', 'a=b', '']])).toBe(`'=1+1,'+1,'-1,'@A1,'\tx,"'\ry",ok,a=b,\r\n`);
  });

  it('the catalog export escapes them, and import reads them back unchanged', () => {
    const names = ['=HYPERLINK("http://x.example","click")', '+1+2', '-2+3', '@SUM(A1)'];
    const rows = names.map((n, i) => `P${i},"${n.replace(/"/g, '""')}",Atelier,tops,Red,M,S${i},10,CNY,1,`);
    const f = path.join(dir, 'f.csv');
    fs.writeFileSync(f, csv(...rows));
    expect(cat.importFile(f).problems).toEqual([]);
    const out = cat.exportCsv();
    for (const line of out.split('\r\n').slice(1, -1)) {
      const nameCell = line.split(',')[1]!;
      expect(nameCell.replace(/^"/, '')).toMatch(/^'[=+\-@]/);
    }
    const other = Catalog.open(path.join(dir, 'data2'));
    try {
      const g = path.join(dir, 'export.csv');
      fs.writeFileSync(g, out);
      expect(other.importFile(g).problems).toEqual([]);
      expect(names.map((_, i) => other.product(`P${i}`)!.name)).toEqual(names);
    } finally {
      other.close();
    }
  });

  it('the analytics CSV too', async () => {
    const s: CoreServices = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir: path.join(dir, 'd3'), env: {} }), log: createLogger('t', 'silent') });
    try {
      const f = path.join(dir, 'g.csv');
      fs.writeFileSync(f, csv('P9,"=cmd|\' /C calc\'!A0",Atelier,tops,Red,M,S9,10,CNY,1,'));
      expect(s.catalog.importFile(f).problems).toEqual([]);
      const d = createDispatcher(contract, createHandlers(s), createSenders(s), s.log);
      const ctx: CallContext = { role: 'manager', userId: 'mgr', origin: 'ipc:app://mirror' };
      s.catalog.db.prepare('INSERT INTO tryon_events(session_id, sku, started_at, duration_ms) VALUES (?, ?, ?, ?)').run('s1', 'S9', new Date().toISOString(), 1000);
      const r = await d.invoke('admin.analyticsCsv', {}, ctx);
      if (!r.ok) throw new Error(r.error.message);
      const text = (r.value as { text: string }).text;
      expect(text).toContain("'=cmd|");
      expect(text).not.toMatch(/(^|,)"?=cmd/m);
    } finally {
      await s.close();
    }
  });
});

describe('CSV text encodings and headers', () => {
  let dir: string;
  let cat: Catalog;
  beforeEach(() => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
  });
  afterEach(() => cat.close());
  const write = (name: string, data: Buffer | string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, data);
    return f;
  };
  const text = csv('P1,Café Crème 亚麻,Atelier,tops,Écru,M,P1-M,10,CNY,1,');

  it('UTF-16 (LE and BE, with BOM, as Excel saves "Unicode Text") is decoded', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(cat.importFile(write('le.csv', le)).problems).toEqual([]);
    expect(cat.product('P1')!.name).toBe('Café Crème 亚麻');
    const beBody = Buffer.from(text, 'utf16le');
    for (let i = 0; i < beBody.length; i += 2) [beBody[i], beBody[i + 1]] = [beBody[i + 1]!, beBody[i]!];
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]);
    const other = Catalog.open(path.join(dir, 'd2'));
    try {
      expect(other.importFile(write('be.csv', be)).problems).toEqual([]);
      expect(other.product('P1')!.variants[0]!.colour).toBe('Écru');
    } finally {
      other.close();
    }
  });

  it('Latin-1 is refused with a message naming the encoding, not turned into U+FFFD', () => {
    const latin1 = Buffer.from(csv('P1,Café Crème,Atelier,tops,Écru,M,P1-M,10,CNY,1,'), 'latin1');
    expect(() => cat.importFile(write('l1.csv', latin1))).toThrow(/not UTF-8: line 2 has byte 0xE9, which looks like Latin-1/);
    expect(cat.product('P1')).toBeNull();
    // Text that was already decoded with replacement characters (a browser's File.text()) is refused too.
    const replaced = csv('P1,Caf\ufffd Cr\ufffdme,Atelier,tops,Red,M,P1-M,10,CNY,1,');
    expect(() => cat.importFile(write('r.csv', replaced))).toThrow(/line 2 has U\+FFFD/);
  });

  it('a duplicated header column is refused', () => {
    const f = write('dup.csv', `${HEADER},price\nP1,A,B,tops,Red,M,P1-M,10,CNY,1,,20\n`);
    expect(() => cat.importFile(f)).toThrow('CSV header has column "price" twice');
    expect(() => cat.importFile(write('dup2.csv', `${HEADER},Name\nP1,A,B,tops,Red,M,P1-M,10,CNY,1,,X\n`))).toThrow('CSV header has column "name" twice');
  });
});

describe('assets enter through one intake', () => {
  let dir: string;
  let cat: Catalog;
  beforeEach(() => {
    dir = tempDir();
    cat = Catalog.open(path.join(dir, 'data'));
  });
  afterEach(() => cat.close());

  it('a CSV row cannot publish a file outside the import file\'s folder', () => {
    const outside = path.join(dir, 'secret.png');
    fs.writeFileSync(outside, fakePng(1));
    const sub = path.join(dir, 'import');
    fs.mkdirSync(path.join(sub, 'garments'), { recursive: true });
    fs.writeFileSync(path.join(sub, 'garments', 'ok.png'), fakePng(2));
    fs.symlinkSync(outside, path.join(sub, 'garments', 'link.png'));
    const rows = [
      `P1,A,B,tops,Red,M,P1-M,10,CNY,1,,garments/ok.png`,
      `P2,A,B,tops,Red,M,P2-M,10,CNY,1,,${outside}`,
      `P3,A,B,tops,Red,M,P3-M,10,CNY,1,,../secret.png`,
      `P4,A,B,tops,Red,M,P4-M,10,CNY,1,,file://${outside}`,
      `P5,A,B,tops,Red,M,P5-M,10,CNY,1,,garments/link.png`,
    ];
    const f = path.join(sub, 'c.csv');
    fs.writeFileSync(f, [`${HEADER},asset_2d`, ...rows].join('\n') + '\n');
    const r = cat.importFile(f);
    expect(r.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'asset_2d'],
      [4, 'asset_2d'],
      [5, 'asset_2d'],
      [6, 'asset_2d'],
    ]);
    for (const p of r.problems) expect(p.reason).toMatch(/outside the import file's folder/);
    expect(cat.product('P1')!.variants[0]!.asset2d).not.toBeNull();
  });

  it('type is decided by content per kind: an HTML file named .png or a PNG as a 3D garment are refused', () => {
    fs.writeFileSync(path.join(dir, 'page.png'), '<!doctype html><script>alert(1)</script>');
    fs.writeFileSync(path.join(dir, 'pic.png'), fakePng(3));
    const f = path.join(dir, 'c.csv');
    fs.writeFileSync(
      f,
      [`${HEADER},asset_2d,asset_3d`, 'P1,A,B,tops,Red,M,P1-M,10,CNY,1,,page.png,', 'P2,A,B,tops,Red,M,P2-M,10,CNY,1,,,pic.png'].join('\n') + '\n',
    );
    const r = cat.importFile(f);
    expect(r.problems).toEqual([
      { row: 2, field: 'asset_2d', reason: 'page.png: not a PNG, WebP or JPEG image (by its content)' },
      { row: 3, field: 'asset_3d', reason: 'pic.png: not a binary glTF (.glb) file (by its content)' },
    ]);
  });
});
