import type { Session, WebContents } from 'electron';
import { ELECTRON_ASSET_SCHEME } from '../shared/asset-url';
import { mirrorCsp } from '../shared/csp';

/**
 * Grants the camera and nothing else. Electron asks for `media` with the requested media types; a request that
 * also wants the microphone (or anything else) is refused.
 */
export function isPermissionAllowed(permission: string, details: { mediaTypes?: string[] } | undefined): boolean {
  if (permission !== 'media') return false;
  const types = details?.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** Pages of our own renderer: file:// inside the app's renderer folder. */
export function isAppUrl(url: string, rendererIndexUrl: string): boolean {
  try {
    const u = new URL(url);
    const base = new URL(rendererIndexUrl);
    return u.protocol === 'file:' && u.pathname.startsWith(base.pathname.replace(/[^/]*$/, ''));
  } catch {
    return false;
  }
}

/** Session-wide rules: permissions, CSP on every response, no downloads. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details as { mediaTypes?: string[] }));
  });
  session.setPermissionCheckHandler((_wc, permission) => permission === 'media');
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [mirrorCsp({ assetScheme: `${ELECTRON_ASSET_SCHEME}:` })] },
    });
  });
  session.on('will-download', (event) => event.preventDefault());
}

/** Per-window rules: no navigation away from the app, no new windows, no webviews. */
export function lockDownContents(contents: WebContents, rendererIndexUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererIndexUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererIndexUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
