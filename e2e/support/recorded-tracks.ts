import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ShopperDebug } from '../../src/renderer/debug/hooks';

/** The recorded and synthesised landmark tracks (tools/synth/tracks.ts) the e2e mirror replays instead of the engine. */
export const TRACKS = path.resolve('e2e/fixtures/tracks');

/** Serves the landmark tracks the mirror replays instead of the engine (`?e2e&track=<name>`). */
export async function serveTracks(page: Page): Promise<void> {
  await page.route('**/__e2e/tracks/*.json', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    return route.fulfill({ path: path.join(TRACKS, name), contentType: 'application/json' });
  });
}

/**
 * Calls one of the mirror's shopper hooks (`window.__atelierShopper`, e2e builds only) in the page and resolves with
 * what it returns; the arguments cross into the page as JSON.
 */
export function shopper<K extends keyof ShopperDebug>(page: Page, fn: K, ...args: Parameters<ShopperDebug[K]>): Promise<Awaited<ReturnType<ShopperDebug[K]>>> {
  return page.evaluate(
    ([f, a]) => (window.__atelierShopper as unknown as Record<string, (...x: unknown[]) => unknown>)[f]!(...a),
    [fn, args as unknown[]] as const,
  ) as Promise<Awaited<ReturnType<ShopperDebug[K]>>>;
}
