import { test as base, expect } from '@playwright/test';
import { E2E_PORT } from './env';

export { expect };

export interface PagesHealth {
  reports: number;
  recent: number;
  last: string | null;
}

/** The shell's count of what pages reported on `app.reportProblem`; null when it cannot be read (the server is down). */
export async function pagesHealth(): Promise<PagesHealth | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${E2E_PORT}/healthz`);
    return ((await r.json()) as { pages: PagesHealth }).pages;
  } catch {
    return null;
  }
}

/** How long a closing page's last reports may take to reach the shell. */
const REPORT_SETTLE_MS = 250;

/**
 * Every spec's `test`: Playwright's, with one automatic check — no page of the shell's reported a problem (uncaught
 * error, unhandled rejection, CSP violation) while the test ran. It reads the shell's own health (`pages`), so it
 * sees every page of every browser a test opens, whichever way it opened it, through the product's own reporting
 * path. A test that breaks a page on purpose says so with `test.use({ pageProblems: 'expected' })`.
 */
export const test = base.extend<{ pageProblems: 'none' | 'expected'; pageProblemsGuard: void }>({
  pageProblems: ['none', { option: true }],
  pageProblemsGuard: [
    async ({ pageProblems }, use) => {
      const before = await pagesHealth();
      await use();
      if (pageProblems === 'expected' || before === null) return;
      await new Promise((r) => setTimeout(r, REPORT_SETTLE_MS));
      const after = await pagesHealth();
      if (after === null) return;
      expect(after.reports - before.reports, `the pages reported problems during this test; the last: ${after.last}`).toBe(0);
    },
    { auto: true },
  ],
});
