import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { runMain } from './app';

// Built to out/node/main.js; the renderer and preload sit beside it in out/.
const outDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

runMain(
  electron,
  { rendererDir: path.join(outDir, 'renderer'), preloadPath: path.join(outDir, 'preload', 'index.cjs') },
  process.argv,
).catch((e: unknown) => {
  console.error('atelier: failed to start', e);
  electron.app.exit(1);
});
