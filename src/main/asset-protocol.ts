import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { ELECTRON_ASSET_SCHEME, isSha256 } from '../shared/asset-url';

/** Must run before the app is ready: the scheme is standard and secure so fetch() and <img> may use it. */
export function registerAssetScheme(protocol: Electron.Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: ELECTRON_ASSET_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/**
 * Serves catalog assets (garment images, GLBs) by sha256 from the asset cache: `atelier-asset://catalog/<sha256>`.
 * Only 64-hex names reach the file system, so no path can escape the cache.
 */
export function handleAssetScheme(
  protocol: Electron.Protocol,
  net: Pick<typeof Electron.net, 'fetch'>,
  pathOf: (sha256: string) => string | null,
): void {
  protocol.handle(ELECTRON_ASSET_SCHEME, (request) => {
    const url = new URL(request.url);
    const sha = url.pathname.replace(/^\//, '');
    if (url.host !== 'catalog' || !isSha256(sha)) return new Response('bad asset id', { status: 400 });
    const file = pathOf(sha);
    if (!file || !fs.existsSync(file)) return new Response('no such asset', { status: 404 });
    return net.fetch(pathToFileURL(file).href);
  });
}
