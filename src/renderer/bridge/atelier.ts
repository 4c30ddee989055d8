import { contract, type AtelierApi } from '../../shared/contract';
import { createApiClient } from '../../shared/client';
import { createWsTransport } from './ws-transport';

/**
 * The API the renderer uses. In Electron the preload has already put it on `window.atelier`; in the web shell we
 * build the identical API over the WebSocket bridge. Nothing else in the renderer knows which shell it is in.
 */
export function connectApi(): AtelierApi {
  if (window.atelier) return window.atelier;
  const url = new URL('bridge', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const api = createApiClient(contract, createWsTransport(url.href), {
    onInvalidEvent: (channel, problems) => console.warn(`atelier: dropped malformed ${channel} event`, problems),
  });
  window.atelier = api;
  return api;
}
