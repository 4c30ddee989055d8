import path from 'node:path';
import { expect, test } from './support/test';
import { SCREENSHOTS } from './support/env';
import { serveTracks, shopper } from './support/recorded-tracks';

/**
 * The hand pointer end to end: a recorded hand track (the pose of a right arm raised to point at a product tile, with
 * the hand stage's 21 landmarks: index finger pointing, then a thumb-to-index pinch) opens the product at once — before
 * the dwell ring could have filled — and an open palm held puts it away again.
 */

test('a pinch on a product tile opens it; an open palm held closes it', async ({ page }) => {
  test.setTimeout(120_000);
  await serveTracks(page);
  await page.goto('/?e2e&track=standing');
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 30_000 }).toBe('active');
  await page.getByTestId('guide-ok').click();
  const tile = page.getByTestId('product-tee-everyday');
  await expect(tile).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('product-panel')).toHaveCount(0);

  // The arm rises for 500 ms, points for 600 ms and drops: the cursor is on the tile well under the 1 s dwell even
  // with the end of the rise, the start of the drop and the cursor's filter lag (the second test plays the same track
  // without the pinch and nothing opens), so the pinch (700–1000 ms into the track) is what opens the product.
  await shopper(page, 'handAt', 'product-tee-everyday', { holdMs: 600, pinchFromMs: 700, pinchToMs: 1000 });
  await expect(page.getByTestId('product-panel')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('product-panel')).toContainText('Everyday Crew Tee');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'hand-pointer-pinched.png') });

  // An open palm held still for a second puts the product away.
  await shopper(page, 'handAt', 'product-tee-everyday', { holdMs: 1800, openPalm: true });
  await expect(page.getByTestId('product-panel')).toHaveCount(0, { timeout: 10_000 });
});

test('pointing at a tile without pinching, for less than the dwell time, opens nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await serveTracks(page);
  await page.goto('/?e2e&track=standing');
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 30_000 }).toBe('active');
  await page.getByTestId('guide-ok').click();
  await expect(page.getByTestId('product-tee-everyday')).toBeVisible({ timeout: 20_000 });
  await shopper(page, 'handAt', 'product-tee-everyday', { holdMs: 600 });
  // Give the page time to act on anything it received.
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('product-panel')).toHaveCount(0);
});
