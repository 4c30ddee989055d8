/** Where each shell serves content-addressed catalog assets (garment images, GLBs) from. */
export const WEB_ASSET_PATH = 'catalog-assets/';
export const ELECTRON_ASSET_SCHEME = 'atelier-asset';
export const ELECTRON_ASSET_BASE = `${ELECTRON_ASSET_SCHEME}://catalog/`;

/** A sha256 as the asset routes accept it: 64 lower-case hex digits, nothing else (no path tricks). */
export const isSha256 = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);
