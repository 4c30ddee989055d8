import { existsSync } from 'node:fs';

/** A file or folder a test needs, and how a developer gets it. */
export interface Prerequisite {
  path: string;
  /** How to get it, e.g. "npm ci builds them" or "../shared/media/README.md". */
  how: string;
}

/** The converted models (`npm ci` builds them). */
export const MODELS_HOW = 'the converted models: `npm ci` builds them, or `npm run models:build`';
/** The shared test media, never committed. */
export const MEDIA_HOW = 'the shared test media in ../shared/media (never committed; see its README.md, or set ATELIER_SHARED_MEDIA)';

/**
 * Throws, naming every missing file and how to get it, so a test that needs models or media fails on a machine
 * without them instead of passing without running. Call it in `beforeAll`.
 */
export function requirePrerequisites(items: readonly Prerequisite[]): void {
  const missing = items.filter((i) => !existsSync(i.path));
  if (missing.length > 0) throw new Error(`missing for this test: ${missing.map((m) => `${m.path} (${m.how})`).join('; ')}`);
}
