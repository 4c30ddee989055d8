/**
 * The browser that runs `atelier tryon`'s render page: the system's Chromium, headless, driven by playwright-core,
 * with WebGL on SwiftShader so it renders on machines without a GPU. (Electron's offscreen rendering would do the
 * same where the Electron binary is installed; it is not wired up: Chromium is what a kiosk and CI both have.)
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TryOnJob, TryOnPageApi, TryOnPageFit } from '../../shared/tryon';
import type { PageThread, PageThreadTime } from './page-thread-time';
import { UsageError } from '../context';

/** Where Chromium is looked for; `CHROMIUM_PATH` first. */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * Headless flags: WebGL on SwiftShader (no GPU needed), no network chatter (the e2e suite's set), and no host name
 * resolved at all (the page loads from the render server by its address, 127.0.0.1, which the rule leaves alone).
 * Without the last, Chromium still looked up update.googleapis.com and accounts.google.com at start (its updater and
 * sign-in, despite the switches against background networking): tests/ops/no-phone-home.test.ts traces it.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function findChromium(): string | null {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? env : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The page, set up with its garment; `render(i)` renders frame `i` (offered by the server beforehand). */
export class RenderBrowser {
  private readonly pageErrors: string[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    if (process.env.ATELIER_TRYON_DEBUG) page.on('console', (m) => process.stderr.write(`page: ${m.text()}\n`));
  }

  /**
   * Launches Chromium, opens `pageUrl` and loads the job's garment.
   * @throws UsageError when no Chromium is found or the garment cannot be loaded.
   */
  static async open(pageUrl: string, job: TryOnJob): Promise<RenderBrowser> {
    const executablePath = findChromium();
    if (!executablePath) {
      throw new UsageError('tryon needs a renderer: the Electron binary is not installed and no Chromium was found (install chromium or set CHROMIUM_PATH)', 1);
    }
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 64, height: 64 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const rb = new RenderBrowser(browser, page);
      await page.goto(pageUrl);
      await page.waitForFunction(() => window.atelierTryOn !== undefined, undefined, { timeout: 30_000 });
      try {
        await page.evaluate((j) => (window.atelierTryOn as TryOnPageApi).setup(j), job);
      } catch (e) {
        throw new UsageError(`the garment cannot be put on: ${firstLine(e)}`, 1);
      }
      return rb;
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  /**
   * Renders frame `index` (offered by the server beforehand). With `thread` (the page's main thread), also the
   * thread's CPU time and run-queue wait over the garment stage alone: the stage runs in a call of its own, so the
   * scheduler's count around it is the stage's, plus the call's own handling and whatever else the thread ran meanwhile
   * (an empty call: p50 0.56 ms, p95 5.2 ms on this 2-core machine).
   */
  async render(index: number, thread: PageThread | null = null): Promise<{ fit: TryOnPageFit; stageThread: PageThreadTime | null }> {
    try {
      await this.page.evaluate((i) => (window.atelierTryOn as TryOnPageApi).prepare(i), index);
      const before = thread?.now() ?? null;
      await this.page.evaluate(() => (window.atelierTryOn as TryOnPageApi).stage());
      const after = thread?.now() ?? null;
      const fit = await this.page.evaluate((i) => (window.atelierTryOn as TryOnPageApi).finish(i), index);
      return { fit, stageThread: before && after ? { cpuMs: after.cpuMs - before.cpuMs, waitMs: after.waitMs - before.waitMs } : null };
    } catch (e) {
      throw new Error(`render page failed on frame ${index}: ${firstLine(e)}${this.pageErrors.length ? ` (${this.pageErrors.at(-1)})` : ''}`, { cause: e });
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Playwright wraps page errors in several lines of call log: keep the reason. */
function firstLine(e: unknown): string {
  const msg = (e as Error).message ?? String(e);
  const m = /Error: (.*)/.exec(msg);
  return (m?.[1] ?? msg).split('\n')[0]!.trim();
}
