import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The application root: the repository (or the unpacked app). The built CLI lives in `<root>/out/node/`, the
 * sources in `<root>/src/cli/`; both are two levels down.
 */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export const rendererDir = (): string => path.join(appRoot(), 'out', 'renderer');
export const modelsDir = (): string => process.env.ATELIER_MODELS_DIR ?? path.join(appRoot(), 'models');
/** The built inference process entry (a forked child in the web shell, a utilityProcess in Electron). */
export const inferenceScript = (): string => path.join(appRoot(), 'out', 'node', 'inference-process.js');
/** The generated demo collection (garments + demo-catalog.json), made by `atelier demo build`. */
export const demoDir = (): string => path.join(appRoot(), 'assets', 'generated');
