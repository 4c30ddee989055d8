import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/test';
import Database from 'better-sqlite3';
import { SCREENSHOTS, e2eDataDir } from './support/env';
import { serveTracks, shopper } from './support/recorded-tracks';

test.beforeAll(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

test('a whole shopper session, hands-free, leaves no picture behind', async ({ page }) => {
  test.setTimeout(240_000);
  await serveTracks(page);
  await page.goto('/?e2e&track=standing');
  // Someone steps in (the standing track): the session starts and the first-time guide shows.
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 30_000 }).toBe('active');
  await expect(page.getByTestId('privacy-notice')).toBeVisible();
  await expect(page.getByTestId('gesture-guide')).toBeVisible();
  // The guide is an animation drawn in SVG, with no emoji (a kiosk may have no emoji font to draw it).
  const guide = await page.getByTestId('gesture-guide').evaluate((el) => ({
    text: el.textContent ?? '',
    svgs: el.querySelectorAll('svg').length,
    running: el.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length,
  }));
  expect(guide.text).not.toMatch(/\p{Extended_Pictographic}/u);
  expect(guide.svgs).toBe(3);
  expect(guide.running).toBeGreaterThanOrEqual(6);
  await page.getByTestId('guide-ok').click();

  // Touchless select: point at a product tile and hold; the dwell ring selects it.
  await expect(page.getByTestId('product-tee-everyday')).toBeVisible({ timeout: 20_000 });
  await shopper(page, 'pointAt', 'product-tee-everyday', 2200);
  await expect(page.getByTestId('product-panel')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('product-panel')).toContainText('Everyday Crew Tee');
  // Touch works too. Wearing it, the shop folds into the slim bar (take off, colours, suggested size, details).
  await page.getByTestId('try-on').click();
  await expect(page.getByTestId('take-off')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('wearing-bar')).toBeVisible();

  // Size advice from the standing body, marked as an estimate.
  await shopper(page, 'playTrack', 'standing');
  await expect(page.getByTestId('size-recommended')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('size-estimate-note')).toBeVisible();
  const size = await page.getByTestId('size-recommended').getAttribute('data-size');
  expect(['XS', 'S', 'M', 'L', 'XL', 'XXL']).toContain(size);
  // Height in 5 cm steps from 170 cm, and "don't know" back to the camera's guess (on the product panel: wearing
  // folds it into the slim bar, Details brings it back).
  if (await page.getByTestId('panel-expand').isVisible()) await page.getByTestId('panel-expand').click();
  await page.getByTestId('height-up').click();
  await expect(page.getByTestId('height-value')).toContainText('170 cm');
  await page.getByTestId('height-up').click();
  await expect(page.getByTestId('height-value')).toContainText('175 cm');
  await page.getByTestId('height-down').click();
  await expect(page.getByTestId('height-value')).toContainText('170 cm');
  // One size stated → its chip is the one selected (a range selects none).
  const rec1 = page.getByTestId('size-recommended');
  await expect
    .poll(async () => {
      const [from, to] = [await rec1.getAttribute('data-from'), await rec1.getAttribute('data-to')];
      if (from !== to) return 'range';
      return (await page.getByTestId(`size-${from}`).getAttribute('class'))?.includes('on') ? 'chip selected' : `chip ${from} not selected`;
    }, { timeout: 10_000 })
    .toMatch(/^(range|chip selected)$/);
  await page.getByTestId('height-unknown').click();
  await expect(page.getByTestId('height-value')).not.toContainText('cm');

  // Save the first look.
  await page.getByTestId('save-look').click();
  await expect(page.getByTestId('compare-looks')).toBeVisible({ timeout: 10_000 });

  // A recommendation tried (Details brings the panel back): the first "complete the look" suggestion goes on.
  await page.getByTestId('panel-expand').click();
  const rec = page.locator('[data-testid^="rec-look-"]').first();
  await expect(rec).toBeVisible({ timeout: 10_000 });
  const recId = (await rec.getAttribute('data-testid'))!.replace('rec-look-', '');
  await rec.click();
  await expect(page.getByTestId('product-panel')).toBeVisible();
  await expect.poll(async () => (await page.getByTestId('take-off').count()) > 0, { timeout: 20_000 }).toBe(true);
  await page.getByTestId('save-look').click();
  await expect(page.getByTestId('compare-looks')).toContainText('2', { timeout: 10_000 });

  // A swipe changes the garment (named on the panel, or on the bar once the panel has folded away).
  const productName = page.locator('[data-testid="product-panel"] h2, [data-testid="wearing-bar"] h2');
  const before = await productName.textContent();
  await shopper(page, 'playTrack', 'swipe-left');
  await expect.poll(() => productName.textContent(), { timeout: 20_000 }).not.toBe(before);
  expect(recId).not.toBe('');

  // Back view: turn around, face the mirror again, replay what the back looked like.
  await shopper(page, 'playTrack', 'turn-around');
  await expect(page.getByTestId('backview-offer')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('backview-offer').click();
  await expect.poll(() => page.getByTestId('backview-replay').getAttribute('data-shown'), { timeout: 10_000 }).not.toBe('0');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'shopper-backview.png') });
  await page.getByTestId('backview-close').click();

  // Two looks compared side by side, with a QR code of the products.
  await page.getByTestId('compare-looks').click();
  await expect(page.getByTestId('look-card')).toHaveCount(2);
  await page.locator('[data-testid^="share-look-"]').first().click();
  await expect(page.getByTestId('look-qr')).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'shopper-looks.png') });
  await page.getByTestId('close-compare').click();

  // Language switched: Chinese strings and the price formatted for zh-CN.
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('privacy-notice')).toContainText('隐私');
  await expect(page.getByTestId('language-switch')).toHaveText('English');

  // The shopper leaves: the session ends and everything of it is wiped.
  await shopper(page, 'playTrack', { name: 'gone', frames: [] }, { leave: true });
  // Leaving is seen at once and the session is wiped 2.5 s later (the store's default).
  const leftAt = Date.now();
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 10_000 }).toBe('attract');
  expect(Date.now() - leftAt).toBeLessThan(6_000);
  expect(await shopper(page, 'backViewFrames')).toBe(0);
  // The next shopper starts in the store's language, with the guide again and no looks.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shopper(page, 'playTrack', 'standing');
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 30_000 }).toBe('active');
  await expect(page.getByTestId('privacy-notice')).toContainText('Privacy');
  await expect(page.getByTestId('gesture-guide')).toBeVisible();
  await expect(page.getByTestId('compare-looks')).toHaveCount(0);
  // "I'm done" ends it at once.
  await page.getByTestId('session-done').click();
  await expect.poll(() => page.evaluate(() => window.__atelierShopper?.sessionState()), { timeout: 5_000 }).toBe('attract');

  // Privacy: no picture in the data directory other than the catalog's own garment assets, and no frame data
  // in the database (try-on events are a visit id, a SKU and times).
  const images: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(png|jpe?g|webp|gif|bmp|mjpeg|avi|mp4|webm)$/i.test(e.name) && !path.relative(e2eDataDir, p).startsWith('assets')) images.push(p);
    }
  };
  walk(e2eDataDir);
  expect(images).toEqual([]);
  const db = new Database(path.join(e2eDataDir, 'catalog.db'), { readonly: true, fileMustExist: true });
  try {
    const events = db.prepare('SELECT * FROM tryon_events').all() as Array<Record<string, unknown>>;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(Object.keys(e).sort()).toEqual(['duration_ms', 'id', 'session_id', 'sku', 'started_at']);
    // No blob anywhere: every column of every table holds text or numbers.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string }>;
      for (const c of cols) {
        const { n } = db.prepare(`SELECT count(*) AS n FROM "${name}" WHERE typeof("${c.name}") = 'blob' OR length("${c.name}") > 100000`).get() as { n: number };
        expect(n, `${name}.${c.name} holds blobs`).toBe(0);
      }
    }
  } finally {
    db.close();
  }
});
