import type { AtelierApi } from './contract';

declare global {
  interface Window {
    /** The whole API the renderer may use: Electron's preload or the web shell's bridge client sets it. */
    atelier?: AtelierApi;
  }
}
export {};
