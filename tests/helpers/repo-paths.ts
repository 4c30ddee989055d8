import path from 'node:path';

/** The repository's root. */
export const REPO = path.resolve(import.meta.dirname, '../..');
/** The built models (`npm ci` / `atelier models build`), or a lab's folder named by ATELIER_MODELS_DIR. */
export const MODELS_DIR = process.env.ATELIER_MODELS_DIR ?? path.join(REPO, 'models');
/** The real test media beside the repository (../shared/media, see its README): never committed. */
export const MEDIA = path.resolve(REPO, '../shared/media');
