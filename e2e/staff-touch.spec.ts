import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { E2E_PORT, SCREENSHOTS } from './support/env';
import { ensureStaff, offScreen, STAFF, tabletAs } from './support/staff';

/**
 * The staff screen on the kiosk's own 1080×1920 portrait touch screen (and the same screens on a touch tablet):
 * nothing off-screen on any admin page, the PIN pad and on-screen keyboard, one price for all variants at once, the
 * variant drawer, and the anchor editor refusing a garment out of a body's order. (The worded lock-out and its
 * countdown are in admin.spec.ts: every sign-in attempt counts towards the per-address limit, 20 per 5 minutes, and
 * the suites share 127.0.0.1.)
 */
test.describe.configure({ mode: 'serial', timeout: 150_000 });

const KIOSK = { width: 1080, height: 1920 };
const TEE_PNG = path.resolve('assets/generated/garments/tee-breton-nvw.png');

const opened: BrowserContext[] = [];
async function touchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: KIOSK, hasTouch: true });
  opened.push(context);
  return context.newPage();
}
test.afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
});
test.beforeAll(async ({ browser }) => {
  await ensureStaff(browser);
});

/**
 * The admin screen on the kiosk's own origin (`/#/admin`: what the hidden corner opens, without the mirror drawing
 * its camera underneath — on a software GPU at 1080×1920 that makes every tap here take seconds; admin.spec.ts
 * presses the corner itself).
 */
async function openAdminOnMirror(page: Page): Promise<void> {
  await page.goto('/#/admin');
  await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible({ timeout: 20_000 });
}

/** Types `text` on the on-screen keyboard into the focused field. */
async function typeOnKeyboard(page: Page, text: string): Promise<void> {
  const keyboard = page.getByTestId('touch-keyboard');
  for (const ch of text) await keyboard.locator(`[data-key="${ch}"]`).tap();
}

async function pinPad(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`pin-key-${d}`).tap();
}

async function tabletSignIn(browser: Browser, [id, pin]: readonly [string, string]): Promise<Page> {
  const { page, context } = await tabletAs(
    browser,
    id,
    async (p) => {
      await p.locator('input[name=id]').fill(id);
      await p.locator('input[name=pin]').tap();
      await pinPad(p, pin);
      await p.getByRole('button', { name: 'Sign in' }).tap();
    },
    { viewport: KIOSK, hasTouch: true },
  );
  opened.push(context);
  return page;
}

test('on the mirror’s own screen: the keyboard types the staff id and a stock, the PIN pad the PIN; all fits 1080 px', async ({ browser }) => {
  const page = await touchPage(browser);
  await openAdminOnMirror(page);
  expect(await offScreen(page)).toEqual([]);
  await page.locator('input[name=id]').tap();
  await expect(page.getByTestId('touch-keyboard')).toBeVisible();
  await typeOnKeyboard(page, 'sam');
  await expect(page.locator('input[name=id]')).toHaveValue('sam');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-keyboard.png') });
  await page.getByTestId('touch-keyboard').locator('[data-key=done]').tap();
  await expect(page.getByTestId('touch-keyboard')).toHaveCount(0);
  // The PIN field takes the pad, not the keyboard.
  await page.locator('input[name=pin]').tap();
  await expect(page.getByTestId('touch-keyboard')).toHaveCount(0);
  await pinPad(page, '1357');
  await page.getByTestId('pin-key-back').tap();
  await pinPad(page, '791');
  await expect(page.locator('input[name=pin]')).toHaveValue('135791');
  await page.getByTestId('pin-key-clear').tap();
  await pinPad(page, STAFF.sam[1]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-pinpad.png') });
  await page.getByRole('button', { name: 'Sign in' }).tap();
  await expect(page.getByTestId('signed-in')).toContainText('Sam Staff (staff)', { timeout: 20_000 });
  await page.getByTestId('edit-shirt-oxford').tap();
  await expect(page.getByTestId('editor-title')).toHaveText('Oxford Button-Down Shirt');
  expect(await offScreen(page)).toEqual([]);
  // Typed on the keyboard's digit layout: a new stock for the selection.
  await page.getByTestId('bulk-stock').tap();
  await expect(page.getByTestId('touch-keyboard').locator('[data-key="7"]')).toBeVisible();
  await expect(page.getByTestId('touch-keyboard').locator('[data-key="q"]')).toHaveCount(0);
  await page.getByTestId('touch-keyboard').locator('[data-key="7"]').tap();
  await expect(page.getByTestId('bulk-stock')).toHaveValue('7');
  expect(await offScreen(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-kiosk-digits.png') });
  await page.getByTestId('touch-keyboard').locator('[data-key=done]').tap();
  await expect(page.getByTestId('touch-keyboard')).toHaveCount(0);
  await page.getByTestId('sign-out').tap();
});

test('on a touch tablet at 1080×1920: every page fits the width, the product editor and its variant drawer too', async ({ browser }) => {
  const page = await tabletSignIn(browser, STAFF.manager);
  for (const tab of ['catalog', 'data', 'analytics', 'status', 'users', 'audit', 'settings']) {
    await page.getByTestId(`tab-${tab}`).tap();
    await page.waitForTimeout(500);
    expect({ tab, off: await offScreen(page) }).toEqual({ tab, off: [] });
    await page.screenshot({ path: path.join(SCREENSHOTS, `staff-touch-${tab}.png`) });
  }
  await page.getByTestId('tab-catalog').tap();
  await page.getByTestId('edit-shirt-oxford').tap();
  await expect(page.getByTestId('editor-title')).toHaveText('Oxford Button-Down Shirt');
  expect(await offScreen(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-product.png'), fullPage: true });
  // Every variant detail is one tap away, in a drawer that fits the screen.
  await page.getByTestId('variant-details').first().tap();
  await expect(page.getByTestId('variant-drawer')).toBeVisible();
  await expect(page.getByTestId('variant-drawer').locator('input[name=sku]')).toHaveValue(/^AT-SHT01-/);
  expect(await offScreen(page)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-drawer.png') });
  await page.getByTestId('drawer-close').tap();
  await expect(page.getByTestId('variant-drawer')).toHaveCount(0);
});

test('one price for all variants of a product and one stock for a selection, from the bulk bar; the mirror shows it', async ({ browser }) => {
  const mirror = await touchPage(browser);
  await mirror.route('**/__e2e/tracks/*.json', (route) =>
    route.fulfill({ path: path.resolve('e2e/fixtures/tracks', path.basename(new URL(route.request().url()).pathname)), contentType: 'application/json' }),
  );
  await mirror.goto(`http://127.0.0.1:${E2E_PORT}/?e2e&track=standing`);
  await expect(mirror.getByTestId('catalog-rail')).toBeVisible({ timeout: 60_000 });
  await mirror.getByTestId('category-tshirt').click();
  await mirror.getByTestId('product-tee-everyday').click();
  const before = await mirror.evaluate(() => window.atelier!.catalog.product({ id: 'tee-everyday' }));
  const newMajor = Math.round(before.variants[0]!.priceMinor / 100) + 20;

  const admin = await tabletSignIn(browser, STAFF.sam);
  await admin.getByTestId('edit-tee-everyday').tap();
  await expect(admin.getByTestId('editor-title')).toHaveText(before.name);
  const rows = admin.locator('[data-testid^=variant-]').filter({ has: admin.getByTestId('select-variant') });
  await expect(rows).toHaveCount(before.variants.length);
  await admin.getByTestId('select-all').tap();
  await expect(admin.getByTestId('selected-count')).toHaveText(`${before.variants.length} of ${before.variants.length} selected`);
  await admin.getByTestId('bulk-price').fill(`${newMajor}.00`);
  await admin.getByTestId('bulk-set-price').tap();
  await expect(admin.getByRole('status')).toHaveText(`Price set for ${before.variants.length} variants: the mirror shows it now.`);
  // The table shows it too, and nothing is left unsaved.
  for (const price of await admin.getByTestId('price').all()) await expect(price).toHaveValue(`${newMajor}.00`);
  await expect(admin.getByTestId('unsaved')).toHaveCount(0);
  await admin.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-bulk-price.png') });
  await expect(mirror.getByTestId('product-price')).toContainText(String(newMajor), { timeout: 15_000 });

  // A selection: the first two variants sold out.
  await admin.getByTestId('select-all').tap();
  await admin.getByTestId('select-variant').nth(0).tap();
  await admin.getByTestId('select-variant').nth(1).tap();
  await admin.getByTestId('bulk-stock').fill('0');
  await admin.getByTestId('bulk-set-stock').tap();
  await expect(admin.getByRole('status')).toHaveText('Stock set for 2 variants: the mirror shows it now.');
  const after = await admin.evaluate(() => window.atelier!.catalog.product({ id: 'tee-everyday' }));
  expect(after.variants.map((x) => x.stock)).toEqual(before.variants.map((x, i) => (i < 2 ? 0 : x.stock)));
  expect(after.variants.every((x) => x.priceMinor === newMajor * 100)).toBe(true);
  // One audited change per bulk edit.
  const mgr = await tabletSignIn(browser, STAFF.manager);
  const audit = await mgr.evaluate(() => window.atelier!.admin.audit({ action: 'variants.bulk', target: 'tee-everyday' }));
  expect(audit.items.slice(0, 2).map((e) => [e.userId, (e.details as { skus: string[] }).skus.length])).toEqual([['sam', 2], ['sam', before.variants.length]]);
});

test('the anchor editor labels every dot and refuses a neck dragged below the hem; the server refuses it too', async ({ browser }) => {
  const admin = await tabletSignIn(browser, STAFF.sam);
  await admin.getByTestId('new-product').tap();
  await admin.getByTestId('variant-details').first().tap();
  await admin.getByTestId('garment').tap();
  await admin.getByTestId('garment-file').setInputFiles(TEE_PNG);
  await expect(admin.getByTestId('anchor-status')).toContainText('fits with', { timeout: 15_000 });
  expect(await offScreen(admin)).toEqual([]);
  for (const label of ['Neck', 'Left shoulder', 'Right shoulder', 'Left cuff', 'Right hem']) await expect(admin.locator('.anchor .tag', { hasText: new RegExp(`^${label}$`) })).toBeVisible();
  await admin.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-anchors.png') });

  // Drag the neck below the hem.
  const neck = admin.locator('[data-anchor=neck]');
  const hem = (await admin.locator('[data-anchor=left_hem]').boundingBox())!;
  const from = (await neck.boundingBox())!;
  await admin.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await admin.mouse.down();
  await admin.mouse.move(from.x + from.width / 2, hem.y + hem.height / 2 + 12, { steps: 8 });
  await admin.mouse.up();
  await expect(admin.getByTestId('anchor-problems')).toContainText('“Neck” must be above “Left shoulder”.');
  await expect(admin.getByTestId('anchors-done')).toBeDisabled();
  await expect(neck).toHaveClass(/wrong/);
  await admin.screenshot({ path: path.join(SCREENSHOTS, 'staff-touch-anchors-wrong.png') });

  // Whatever a page script sends, the server checks the same order.
  const refused = await admin.evaluate(async (pngBase64) => {
    const data = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
    const up = await window.atelier!.admin.uploadAsset({ kind: '2d', data });
    const anchors: Record<string, [number, number]> = { neck: [0.5, 0.97], left_shoulder: [0.72, 0.15], right_shoulder: [0.28, 0.15], left_cuff: [0.87, 0.3], right_cuff: [0.13, 0.3], left_waist: [0.66, 0.65], right_waist: [0.34, 0.65], left_hem: [0.62, 0.95], right_hem: [0.38, 0.95] };
    const product = { id: 'e2e-upside-down', name: 'Upside down', brand: 'x', categoryId: 'tshirt', description: '', tags: [], variants: [{ sku: 'E2E-UD-M', colour: 'Navy', size: 'M', priceMinor: 100, currency: 'CNY', stock: 1, asset2d: { sha256: up.asset.sha256, anchors }, asset3d: null }] };
    return window.atelier!.admin.saveProduct({ product, create: true }).then(() => 'saved', (e: Error) => e.message);
  }, fs.readFileSync(TEE_PNG).toString('base64'));
  expect(refused).toBe("E2E-UD-M: the anchors are not in a body's order: the neck must be above the left shoulder; the neck must be above the right shoulder");
});
