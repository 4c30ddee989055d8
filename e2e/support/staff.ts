import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E_PORT } from './env';

/**
 * The admin suites' accounts: manager mgr/246810, staff sam/135791 and lee/975319 (admin.spec.ts creates them through
 * the first-run screens). A suite or a single test run on its own (`--grep`, `--repeat-each`) gets them here through
 * the mirror's own API instead — same accounts, same web admin port — so it never depends on the order of files.
 */
export const STAFF = { manager: ['mgr', '246810'], sam: ['sam', '135791'], lee: ['lee', '975319'] } as const;
/** The tablet's listener: next to the mirror's port unless set (parallel runs on one machine use neighbouring ports). */
export const ADMIN_PORT = Number(process.env.ATELIER_E2E_ADMIN_PORT ?? E2E_PORT + 1);
export const ADMIN = `http://127.0.0.1:${ADMIN_PORT}`;

let staffReady = false;

/** Sets the store up (when it is not yet), adds the staff accounts missing, and turns the web admin on. */
export async function ensureStaff(browser: Browser): Promise<void> {
  // Once per run is enough (the manager's sign-in here counts towards the per-address limit too).
  if (staffReady) return;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${E2E_PORT}/`);
    await page.waitForFunction(() => window.atelier !== undefined);
    await page.evaluate(
      async ({ manager, accounts, port }) => {
        const admin = window.atelier!.admin;
        if ((await admin.whoami({})).needsSetup) {
          const { code } = await admin.kioskCode({ purpose: 'setup' });
          await admin.setup({ id: manager[0], displayName: 'Mia Manager', pin: manager[1], code });
        } else {
          await admin.login({ id: manager[0], pin: manager[1] });
        }
        const have = new Set((await admin.users({})).map((u) => u.id));
        for (const a of accounts) if (!have.has(a.id)) await admin.createUser({ id: a.id, displayName: a.name, role: 'staff', pin: a.pin });
        const settings = await admin.settings({});
        if (!settings.webAdmin.enabled || settings.webAdmin.port !== port) await admin.saveSettings({ webAdmin: { enabled: true, host: settings.webAdmin.host, port } });
        await admin.logout({});
      },
      { manager: STAFF.manager, accounts: [{ id: 'sam', name: 'Sam Staff', pin: STAFF.sam[1] }, { id: 'lee', name: 'Lee Staff', pin: STAFF.lee[1] }], port: ADMIN_PORT },
    );
    await expect.poll(async () => (await fetch(`${ADMIN}/admin`).catch(() => null))?.status ?? 0, { timeout: 10_000 }).toBe(200);
    staffReady = true;
  } finally {
    await context.close();
  }
}

/**
 * Everything of the admin screen drawn outside the viewport's width (what staff would have to scroll sideways to
 * reach), as `tag.class "text"` lines; empty when it all fits. Elements inside a scrolling box are measured too:
 * the point is that nothing needs a sideways scroll.
 */
export async function offScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const root = document.querySelector('[data-testid=admin-app]') ?? document.body;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.left)}–${Math.round(r.right)} px`);
    }
    // The page itself and the admin's own scrolling box.
    if (document.documentElement.scrollWidth > width) out.push(`document ${document.documentElement.scrollWidth} px wide`);
    if (root instanceof HTMLElement && root.scrollWidth > root.clientWidth) out.push(`admin box ${root.scrollWidth} px wide in ${root.clientWidth}`);
    return out;
  });
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
/** Web admin sessions (their HttpOnly cookie) signed in once per run and reused by later tests. */
const sessions = new Map<string, StorageState>();

/**
 * A tablet page signed in as `id`: through `signIn` (the sign-in form) the first time in a run, then by the session
 * cookie that sign-in left (through the form again once that session has idled out). Every sign-in counts towards
 * the per-address limit (20 per 5 minutes, all from 127.0.0.1 here); the suites together would pass it if each test
 * signed in anew.
 */
export async function tabletAs(
  browser: Browser,
  id: string,
  signIn: (page: Page) => Promise<void>,
  options: { viewport?: { width: number; height: number }; hasTouch?: boolean } = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const saved = sessions.get(id);
  const context = await browser.newContext({ ...options, ...(saved ? { storageState: saved } : {}) });
  const page = await context.newPage();
  await page.goto(`${ADMIN}/admin`);
  const signedIn = page.getByTestId('signed-in');
  if (saved) {
    // A session left idle for 15 minutes is signed out (SESSION_IDLE_MS), as on a real tablet: a long run reaches
    // later suites after that, and they sign in again.
    const signInButton = page.getByRole('button', { name: 'Sign in' });
    await expect(signedIn.or(signInButton)).toBeVisible({ timeout: 20_000 });
    if (await signedIn.isVisible()) return { page, context };
  }
  await signIn(page);
  await expect(signedIn).toBeVisible({ timeout: 20_000 });
  sessions.set(id, await context.storageState());
  return { page, context };
}
