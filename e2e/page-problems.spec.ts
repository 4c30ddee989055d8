import fs from 'node:fs';
import path from 'node:path';
import { expect, pagesHealth, test, type PagesHealth } from './support/test';
import { SCREENSHOTS, e2eDataDir } from './support/env';
import { STAFF, ensureStaff, tabletAs } from './support/staff';

// This test breaks the page on purpose: its reports are the point, not a failure.
test.use({ pageProblems: 'expected' });

/** The shell's `pages` health; the shell is up for this spec (its own check, not the guard's). */
async function shellPages(): Promise<PagesHealth> {
  const pages = await pagesHealth();
  if (!pages) throw new Error('the shell\'s /healthz did not answer');
  return pages;
}

/** The shell's log lines from pages (`mod: page`), newest last. */
function pageLogLines(): Array<{ msg: string; kind: string; page: string; origin: string }> {
  const dir = path.join(e2eDataDir, 'logs');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.includes('"mod":"page"'))
    .map((l) => JSON.parse(l) as { msg: string; kind: string; page: string; origin: string });
}

test('a page\'s CSP violation and uncaught error reach the shell\'s log and health, once each, without their data; staff see them on the Status screen', async ({ page, browser }) => {
  await page.goto('/?e2e');
  await expect.poll(() => page.evaluate(() => typeof window.atelier?.app.reportProblem), { timeout: 20_000 }).toBe('function');
  const before = await shellPages();
  await page.evaluate(() => {
    // Another port on this machine: the policy refuses it before any request is made (nothing leaves the device).
    for (let i = 0; i < 5; i++) void fetch('http://127.0.0.1:9/refused?token=secret').catch(() => {});
    setTimeout(() => {
      throw new Error('e2e: thrown on purpose with data:image/png;base64,iVBORw0KGgoAAAANSUhEUg');
    });
  });
  // Five refused fetches are one problem (the page folds repeats and sends their count later), the error another.
  await expect.poll(async () => (await shellPages()).reports - before.reports, { timeout: 10_000 }).toBe(2);
  const lines = pageLogLines().slice(-2);
  const csp = lines.find((l) => l.kind === 'csp');
  const error = lines.find((l) => l.kind === 'error');
  expect(csp?.msg).toMatch(/^mirror csp: refused http:\/\/127\.0\.0\.1:9\/refused(\?…)? by connect-src/);
  expect(error?.msg).toContain('mirror error: Uncaught Error: e2e: thrown on purpose with data:…');
  for (const l of lines) {
    expect(l.msg).not.toContain('secret');
    expect(l.msg).not.toContain('iVBOR');
    expect(l.origin).toMatch(/^ws:/);
  }
  // Staff see it on the admin screen's Status tab (a tablet here; the kiosk's own admin screen is the same page).
  await ensureStaff(browser);
  const [id, pin] = STAFF.sam;
  const { page: admin, context } = await tabletAs(browser, id, async (p) => {
    await p.locator('input[name=id]').fill(id);
    await p.locator('input[name=pin]').fill(pin);
    await p.getByRole('button', { name: 'Sign in' }).click();
  });
  try {
    await admin.getByTestId('tab-status').click();
    await expect(admin.getByTestId('status-headline')).toHaveText('Needs attention');
    await expect(admin.getByTestId('status-problems')).toContainText('pages reported');
    await expect(admin.getByTestId('status-pages')).toContainText('mirror error: Uncaught Error: e2e: thrown on purpose');
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'admin-status-page-problems.png') });
  } finally {
    await context.close();
  }
});
