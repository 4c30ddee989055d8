import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';

/**
 * Kiosk faults on the real web shell with the fake camera (the street video): the inference process killed
 * mid-stream, the camera lost and found again, and a short soak. Numbers are printed and attached to the report.
 * The 30-minute soak is `scripts/soak.mjs`.
 */

interface Health {
  pid: number;
  rssMB: number;
  engine: { state: string; pid: number | null; restarts: number; lastError: string | null; fps: number; standby: string };
  problems: string[];
}

async function health(page: Page): Promise<Health> {
  const r = await page.request.get('/healthz');
  expect(r.ok()).toBe(true);
  return (await r.json()) as Health;
}

const tracked = (page: Page): Promise<number> => page.evaluate(() => window.__atelierDebug?.trackedFrames() ?? 0);
const cameraState = (page: Page): Promise<string> => page.evaluate(() => window.__atelierDebug?.cameraState() ?? 'no-hooks');

/** Waits until the mirror shows landmarks of the person in the street video. */
async function landmarksFlowing(page: Page, timeoutMs = 60_000): Promise<void> {
  const start = await tracked(page);
  await expect.poll(() => tracked(page), { timeout: timeoutMs, message: 'landmarks from the pose engine' }).toBeGreaterThan(start);
}

function procStat(pid: number): { rssMB: number; fds: number } | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { rssMB: Math.round(Number(m?.[1] ?? 0) / 1024), fds: fs.readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return null;
  }
}

test.describe('recovery', () => {
  test('the inference process killed mid-stream: landmarks again within 2 s', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto('/?e2e');
    await landmarksFlowing(page);
    // The warm standby loads once the engine runs; the 2 s promise holds from then on (without one: a full start).
    await expect.poll(async () => (await health(page)).engine.standby, { timeout: 60_000 }).toBe('ready');
    await landmarksFlowing(page);
    const before = await health(page);
    expect(before.engine.state).toBe('running');
    const pid = before.engine.pid;
    expect(pid, 'health names the inference process').toBeGreaterThan(0);

    // "Again" = a pose with landmarks for a newer frame than any the mirror had before the kill.
    const lastFrameId = await page.evaluate(() => window.__atelierDebug?.latestPose()?.frameId ?? 0);
    const killedAtPageMs = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    process.kill(pid!, 'SIGKILL');

    await expect
      .poll(
        () =>
          page.evaluate((last) => {
            const p = window.__atelierDebug?.latestPose();
            return !!p && p.frameId > last && p.landmarks.length > 0;
          }, lastFrameId),
        { intervals: [25], timeout: 15_000, message: 'landmarks again after the kill' },
      )
      .toBe(true);
    const recoveryMs = Date.now() - t0;
    // Stricter, reported: landmarks of a picture taken after the kill.
    await expect
      .poll(
        () =>
          page.evaluate((since) => {
            const p = window.__atelierDebug?.latestPose();
            return !!p && p.timestampMs > since && p.landmarks.length > 0;
          }, killedAtPageMs),
        { intervals: [25], timeout: 15_000 },
      )
      .toBe(true);
    const freshMs = Date.now() - t0;

    const after = await health(page);
    expect(after.engine.pid).not.toBe(pid);
    expect(after.engine.restarts).toBe(before.engine.restarts + 1);
    expect(after.engine.lastError).toMatch(/SIGKILL/);
    expect(after.engine.state).toBe('running');
    console.log(`inference killed → landmarks again in ${recoveryMs} ms; from a frame captured after the kill in ${freshMs} ms`);
    testInfo.annotations.push({ type: 'recovery-ms', description: `${recoveryMs} (post-kill capture: ${freshMs})` });
    // The budget. On a 2-core machine shared by several test runs (load > 5) the browser's own frame pacing
    // can exceed it; the engine's recovery alone is measured in tests/ops/engine-kill.test.ts.
    expect(recoveryMs).toBeLessThan(Number(process.env.ATELIER_RECOVERY_BUDGET_MS ?? 2000));
  });

  test('the camera lost and refused, then back: the mirror recovers by itself', async ({ page }) => {
    test.setTimeout(120_000);
    // A camera that is missing at start, and can later be "unplugged" (its track ends) and refuse to open a few times.
    await page.addInitScript(() => {
      const md = navigator.mediaDevices;
      const real = md.getUserMedia.bind(md);
      const fault = {
        calls: 0,
        failNext: 1,
        tracks: [] as MediaStreamTrack[],
        unplug(failures: number): void {
          fault.failNext = failures;
          for (const t of fault.tracks.splice(0)) {
            t.stop();
            // A stopped track fires no `ended` itself; an unplugged camera does.
            t.dispatchEvent(new Event('ended'));
          }
        },
      };
      (window as unknown as { __cameraFault: typeof fault }).__cameraFault = fault;
      md.getUserMedia = async (constraints?: MediaStreamConstraints) => {
        fault.calls++;
        if (fault.failNext > 0) {
          fault.failNext--;
          throw new DOMException('Could not start video source', 'NotReadableError');
        }
        const stream = await real(constraints);
        fault.tracks.push(...stream.getVideoTracks());
        return stream;
      };
    });
    await page.goto('/?e2e');
    // Missing at start → the mirror says so and retries until the camera answers.
    await expect.poll(() => cameraState(page), { timeout: 30_000 }).toBe('live');
    expect(await page.evaluate(() => (window as unknown as { __cameraFault: { calls: number } }).__cameraFault.calls)).toBeGreaterThanOrEqual(2);
    await landmarksFlowing(page);

    await page.evaluate(() => (window as unknown as { __cameraFault: { unplug(n: number): void } }).__cameraFault.unplug(2));
    await expect.poll(() => cameraState(page), { intervals: [50], timeout: 5000 }).not.toBe('live');
    await expect(page.getByRole('status')).toBeVisible();
    const t0 = Date.now();
    await expect.poll(() => cameraState(page), { timeout: 30_000 }).toBe('live');
    console.log(`camera unplugged (and refused twice) → live again in ${Date.now() - t0} ms`);
    await landmarksFlowing(page);
  });

  test('soak (CI-sized, 75 s): memory, handles and landmarks stay flat', async ({ page }, testInfo) => {
    const SOAK_MS = Number(process.env.ATELIER_SOAK_MS ?? 75_000);
    test.setTimeout(SOAK_MS + 120_000);
    await page.goto('/?e2e');
    await landmarksFlowing(page);
    const rows: Array<{ tS: number; shell: { rssMB: number; fds: number } | null; engine: { rssMB: number; fds: number } | null; tracked: number; heapMB: number | null }> = [];
    // The shell is shared with the tests above (one web server per run): count restarts from here.
    const restartsAtStart = (await health(page)).engine.restarts;
    const t0 = Date.now();
    while (Date.now() - t0 < SOAK_MS) {
      const h = await health(page);
      rows.push({
        tS: Math.round((Date.now() - t0) / 1000),
        shell: procStat(h.pid),
        engine: h.engine.pid ? procStat(h.engine.pid) : null,
        tracked: await tracked(page),
        heapMB: await page.evaluate(() => {
          const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
          return m ? Math.round(m.usedJSHeapSize / 1048576) : null;
        }),
      });
      expect(h.engine.restarts, 'no engine restarts during the soak').toBe(restartsAtStart);
      await page.waitForTimeout(5000);
    }
    for (const r of rows) console.log(JSON.stringify(r));
    testInfo.annotations.push({ type: 'soak', description: JSON.stringify(rows) });

    // Compare the second third (after warm-up) with the last third.
    const third = Math.max(1, Math.floor(rows.length / 3));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const mid = rows.slice(third, 2 * third);
    const end = rows.slice(-third);
    for (const proc of ['shell', 'engine'] as const) {
      const growMB = mean(end.map((r) => r[proc]?.rssMB ?? 0)) - mean(mid.map((r) => r[proc]?.rssMB ?? 0));
      const growFds = Math.max(...end.map((r) => r[proc]?.fds ?? 0)) - Math.max(...mid.map((r) => r[proc]?.fds ?? 0));
      console.log(`${proc}: RSS ${growMB.toFixed(1)} MB, fds ${growFds} from the middle to the last third`);
      expect(growMB, `${proc} RSS growth`).toBeLessThan(40);
      expect(growFds, `${proc} file descriptor growth`).toBeLessThanOrEqual(3);
    }
    // Landmarks kept coming in every part of the run.
    for (let i = 3; i < rows.length; i += 3) expect(rows[i]!.tracked, `landmarks by ${rows[i]!.tS} s`).toBeGreaterThan(rows[i - 3]!.tracked);
  });
});
