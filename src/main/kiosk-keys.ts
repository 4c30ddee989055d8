/** The fields of Electron's `before-input-event` input that decide whether a key may reach the page. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}

/** Ctrl+key that only edit text (the admin screen's fields); every other Ctrl combination is swallowed. */
const EDITING_WITH_CONTROL = new Set(['a', 'c', 'v', 'x', 'z', 'y']);

/** Keys Chromium or the window manager act on by themselves: reload, history, zoom reset, fullscreen, devtools. */
const BROWSER_KEYS = new Set([
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
  'ContextMenu',
  'Print',
  'Help',
  'Close',
]);

/**
 * True for keys that would let a shopper escape or disturb the kiosk: Alt+F4, Ctrl+W/R/Q/N/T/P, Ctrl+Shift+I,
 * F1–F24 (F5 reload, F11 fullscreen, F12 devtools), Alt+arrows (history), any Alt/Meta combination, browser and
 * media keys. Plain typing, Shift, Tab, Escape, Enter and the arrows stay, so the admin PIN and forms work.
 * Key combinations the OS handles before Electron (Ctrl+Alt+Del, VT switches) are the compositor's job (deploy/).
 */
export function isEscapeKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'keyUp' && input.type !== 'rawKeyDown') return false;
  if (/^F\d{1,2}$/.test(input.key)) return true;
  if (BROWSER_KEYS.has(input.key)) return true;
  if (input.alt || input.meta) return true;
  if (input.control) return !(EDITING_WITH_CONTROL.has(input.key.toLowerCase()) && !input.shift);
  return false;
}
