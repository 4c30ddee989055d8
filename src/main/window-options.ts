import type { BrowserWindowConstructorOptions } from 'electron';

export interface MirrorWindowInput {
  preloadPath: string;
  /** Real kiosk mode (config `kiosk`). */
  kiosk: boolean;
  /** Devtools only in development builds. */
  devTools: boolean;
}

/**
 * The mirror window's options: full screen, no chrome, and the renderer locked down — context isolation,
 * sandbox, no Node integration, no webviews. Pure, so the security settings are unit-tested.
 */
export function mirrorWindowOptions(input: MirrorWindowInput): BrowserWindowConstructorOptions {
  return {
    show: false,
    backgroundColor: '#000000',
    fullscreen: input.kiosk,
    kiosk: input.kiosk,
    frame: !input.kiosk,
    autoHideMenuBar: true,
    width: 1080,
    height: 1920,
    title: 'Atelier',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: input.devTools,
      // Middle-click would open links in new windows (denied anyway by the window-open handler).
      disableBlinkFeatures: 'Auxclick',
      backgroundThrottling: false,
    },
  };
}
