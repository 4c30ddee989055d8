import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { installCrashLogging, log } from '../core/log';
import { runMain } from './app';

installCrashLogging(log);

// Built to out/node/main.js; the renderer and preload sit beside it in out/. Models ship as extra resources
// when packaged, and sit in the repository's models/ in development.
const outDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const resources = electron.app.isPackaged ? process.resourcesPath : path.dirname(outDir);
const modelsDir = path.join(resources, 'models');
const demoDir = path.join(resources, 'assets', 'generated');

runMain(
  electron,
  {
    rendererDir: path.join(outDir, 'renderer'),
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
    inferenceScript: path.join(outDir, 'node', 'inference-process.js'),
    modelsDir,
    demoDir,
  },
  process.argv,
).catch((e: unknown) => {
  console.error('atelier: failed to start', e);
  electron.app.exit(1);
});
