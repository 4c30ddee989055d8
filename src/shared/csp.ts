/**
 * The Content-Security-Policy of the mirror page, shared by the web shell (HTTP header) and Electron (response
 * header on file:// loads). `connect-src` is the network fence: the page may talk to its own origin (the bridge)
 * and its own blob: URLs and nothing else, so no library in the renderer can phone home. `wasm-unsafe-eval` lets
 * tasks-vision and the cloth worker's Jolt Physics (src/renderer/cloth/sim-jolt.ts, WebAssembly inlined in our own
 * bundle) compile their WebAssembly; there is no `unsafe-eval`.
 */
export function mirrorCsp(opts: { assetScheme?: string } = {}): string {
  // Electron serves catalog assets from its own scheme; the web shell from its own origin.
  const assets = opts.assetScheme ? ` ${opts.assetScheme}` : '';
  // blob: is the page's own memory, not the network: three's GLTFLoader hands a GLB's embedded textures (a print, the
  // fold map) to an ImageBitmapLoader as blob: URLs, which it fetch()es. Without it every 3D garment lost them (a navy
  // tee was drawn white, flat) while `atelier tryon`, whose page had no CSP then, drew them right.
  const connect = `'self' blob:${assets}`;
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${assets}`,
    // The attract loop's clips are catalog assets too.
    `media-src 'self' blob: mediastream:${assets}`,
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
