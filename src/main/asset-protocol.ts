import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { assetResponseHeaders } from '../core/catalog/asset-intake';
import { ELECTRON_ASSET_SCHEME, isSha256 } from '../shared/asset-url';

/** Must run before the app is ready: the scheme is standard and secure so fetch() and <img> may use it. */
export function registerAssetScheme(protocol: Electron.Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: ELECTRON_ASSET_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/**
 * Serves catalog assets (garment images, GLBs) by sha256 from the asset cache: `atelier-asset://catalog/<sha256>`.
 * Only 64-hex names reach the file system, so no path can escape the cache. The response carries the type the
 * file's content was checked to be (not one guessed from the file name), nosniff, and non-pictures download.
 */
export function handleAssetScheme(
  protocol: Electron.Protocol,
  net: Pick<typeof Electron.net, 'fetch'>,
  lookup: (sha256: string) => { file: string; mime: string } | null,
): void {
  protocol.handle(ELECTRON_ASSET_SCHEME, async (request) => {
    const url = new URL(request.url);
    const sha = url.pathname.replace(/^\//, '');
    if (url.host !== 'catalog' || !isSha256(sha)) return new Response('bad asset id', { status: 400 });
    const found = lookup(sha);
    if (!found || !fs.existsSync(found.file)) return new Response('no such asset', { status: 404 });
    const res = await net.fetch(pathToFileURL(found.file).href);
    return new Response(res.body, { status: res.status, headers: assetResponseHeaders(found.mime) });
  });
}
