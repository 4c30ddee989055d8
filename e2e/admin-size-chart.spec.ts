import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS } from './support/env';

/** The garment size chart on the admin screen: the demo's chart shown per size, a bad cell refused, an edit saved. */
test.describe.configure({ timeout: 180_000 });

/** The hidden staff long-press, sent to the corner itself (a running session may draw a button over it). */
async function longPressCorner(page: Page): Promise<void> {
  const corner = page.getByTestId('admin-corner');
  await corner.dispatchEvent('pointerdown', { pointerId: 1, isPrimary: true, button: 0 });
  await page.waitForTimeout(2300);
  await corner.dispatchEvent('pointerup', { pointerId: 1, isPrimary: true, button: 0 });
}

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

test('staff edit a product’s garment size chart: positive cm only, saved for the mirror', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('/');
  await longPressCorner(page);
  await expect(page.getByRole('heading', { name: 'Set up this mirror' })).toBeVisible();
  await page.locator('input[name=id]').fill('mgr');
  await page.locator('input[name=displayName]').fill('Mia Manager');
  await page.locator('input[name=pin]').fill('246810');
  await page.getByRole('button', { name: 'Create manager account' }).click();
  await expect(page.getByTestId('signed-in')).toContainText('Mia Manager');

  await page.getByTestId('tab-catalog').click();
  await page.getByTestId('edit-jeans-straight').click();
  const chart = page.getByTestId('size-chart');
  await expect(chart).toBeVisible();
  // The demo's chart, measured on the garment's picture: a trouser's columns, a row per size.
  for (const m of ['waist', 'hip', 'length', 'inseam', 'legOpening']) await expect(page.getByTestId(`chart-M-${m}`)).toBeVisible();
  await expect(page.getByTestId('chart-M-chest')).toHaveCount(0);
  const waistM = Number(await page.getByTestId('chart-M-waist').inputValue());
  expect(waistM).toBeGreaterThan(70);
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-size-chart.png'), fullPage: true });

  // A negative cell is marked, explained, and cannot be saved.
  await page.getByTestId('chart-M-waist').fill('-5');
  await expect(page.getByTestId('chart-error')).toContainText('Size M, Waist');
  await expect(page.getByTestId('save-product')).toBeDisabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-size-chart-bad.png'), fullPage: true });

  // A good value and a tuck choice are saved and come back from the catalog.
  await page.getByTestId('chart-M-waist').fill('91.5');
  await page.getByTestId('chart-XS-inseam').fill('');
  await expect(page.getByTestId('chart-error')).toHaveCount(0);
  await page.getByTestId('save-product').click();
  await expect(page.getByRole('status')).toContainText('Saved');
  const stored = await page.evaluate(() => window.atelier!.catalog.product({ id: 'jeans-straight' }));
  expect(stored.garmentChart.M!.waist).toBe(91.5);
  expect(stored.garmentChart.XS!.inseam).toBeUndefined();
  expect(stored.garmentChart.S!.inseam).toBeGreaterThan(70);
});
