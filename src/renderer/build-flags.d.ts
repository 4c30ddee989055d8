/**
 * Build flags, replaced by the bundler (`vite.config.ts` `define`). `__ATELIER_E2E__`: the e2e build
 * (`npm run build:e2e`) — test hooks (`window.__atelierDebug`, track replay) are compiled in; the product build
 * drops them as dead code.
 */
declare const __ATELIER_E2E__: boolean;
