// Fault drill on the real web shell with the mirror open in Chromium (fake camera = the street video): SIGKILL
// the inference process `--kills` times and print, for each, how long until the mirror shows landmarks again
// (a pose newer than any before the kill) and until it shows landmarks of a picture taken after the kill.
// The e2e test (e2e/recovery.spec.ts) does one kill with a pass/fail; this prints the spread.
//
//   npm run build && node scripts/faults.mjs --kills 5 --port 7613
import { getHealth, openMirror, parseArgs, startShell } from './soak-lib.mjs';

const args = parseArgs(process.argv.slice(2), { kills: 5, port: 7613, budgetMs: 2000 });
const shell = await startShell(args.port);
const { browser, page } = await openMirror(shell.base);

async function until(fn, timeoutMs, intervalMs = 25) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
const latest = () => page.evaluate(() => window.__atelierDebug?.latestPose() ?? null);

const rows = [];
try {
  await until(async () => (await latest())?.landmarks.length > 0, 90_000, 200);
  for (let i = 0; i < args.kills; i++) {
    await until(async () => (await getHealth(shell.base)).engine.standby === 'ready', 90_000, 250);
    const h = await getHealth(shell.base);
    const before = (await latest())?.frameId ?? 0;
    const sincePageMs = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    process.kill(h.engine.pid, 'SIGKILL');
    await until(async () => {
      const p = await latest();
      return p && p.frameId > before && p.landmarks.length > 0;
    }, 30_000);
    const againMs = Date.now() - t0;
    await until(async () => {
      const p = await latest();
      return p && p.timestampMs > sincePageMs && p.landmarks.length > 0;
    }, 30_000);
    const freshMs = Date.now() - t0;
    rows.push({ againMs, freshMs });
    console.log(`kill ${i + 1}: landmarks again ${againMs} ms, from a post-kill picture ${freshMs} ms`);
  }
} finally {
  await browser.close().catch(() => {});
  await shell.stop();
}
const sorted = (k) => rows.map((r) => r[k]).sort((a, b) => a - b);
const median = (xs) => xs[Math.floor(xs.length / 2)];
const again = sorted('againMs');
const fresh = sorted('freshMs');
console.log(`landmarks again: median ${median(again)} ms, max ${again.at(-1)} ms; post-kill picture: median ${median(fresh)} ms, max ${fresh.at(-1)} ms`);
const over = rows.filter((r) => r.againMs >= args.budgetMs).length;
console.log(`${over}/${rows.length} over the ${args.budgetMs} ms budget`);
process.exit(over ? 1 : 0);
