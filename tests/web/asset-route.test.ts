import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/catalog/assets';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/log';
import { createCoreServices, type CoreServices } from '../../src/core/services';
import { WEB_ASSET_PATH } from '../../src/shared/asset-url';
import { startWebShell, type WebShell } from '../../src/web/server';
import { fakePng } from '../fixtures/feed-server';

/**
 * The asset route serves a garment file with the type its content was checked to be, never sniffed, and as a
 * download where it is not a picture: a file recorded with an HTML type (by an older version that trusted a feed's
 * MIME) must not run as a page of the mirror's origin.
 */
const PNG = fakePng(11);
/** The 12-byte GLB header and an empty JSON chunk: enough for the content check. */
const GLB = Buffer.concat([Buffer.from('glTF', 'latin1'), Buffer.from([2, 0, 0, 0, 28, 0, 0, 0, 8, 0, 0, 0]), Buffer.from('JSON', 'latin1'), Buffer.from('{}      ')]);

let shell: WebShell;
let services: CoreServices;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-assets-web-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  services = createCoreServices({ shell: 'web', loaded: loadConfig({ dataDir: path.join(dir, 'data'), env: {} }), log: createLogger('test', 'silent') });
  const imp = path.join(dir, 'import');
  fs.mkdirSync(imp);
  fs.writeFileSync(path.join(imp, 'g.png'), PNG);
  fs.writeFileSync(path.join(imp, 'g.glb'), GLB);
  fs.writeFileSync(
    path.join(imp, 'c.csv'),
    'product_id,name,brand,category,colour,size,sku,price,currency,stock,tags,asset_2d,asset_3d\nP1,A,B,tops,Red,M,S1,10,CNY,1,,g.png,g.glb\n',
  );
  expect(services.catalog.importFile(path.join(imp, 'c.csv')).problems).toEqual([]);
  shell = await startWebShell({ services, rendererDir, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await shell.close();
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (sha: string) => fetch(new URL(`/${WEB_ASSET_PATH}${sha}`, shell.url));

describe('asset route', () => {
  it('serves a picture inline with its checked type and nosniff', async () => {
    const r = await get(sha256Hex(PNG));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-disposition')).toBeNull();
    expect(Buffer.from(await r.arrayBuffer())).toEqual(PNG);
  });

  it('serves a GLB as an attachment (fetch() still reads it)', async () => {
    const r = await get(sha256Hex(GLB));
    expect(r.headers.get('content-type')).toBe('model/gltf-binary');
    expect(r.headers.get('content-disposition')).toBe('attachment');
    expect(Buffer.from(await r.arrayBuffer())).toEqual(GLB);
  });

  it('a stored type that is not one we check (text/html from an older sync) is served as a download of bytes', async () => {
    services.catalog.db.prepare('UPDATE garment_assets SET mime = ? WHERE sha256 = ?').run('text/html', sha256Hex(PNG));
    const r = await get(sha256Hex(PNG));
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('content-disposition')).toBe('attachment');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    await r.arrayBuffer();
  });
});
