// Soak test: the web shell + the mirror in Chromium with the fake camera (the real street video, looping) for
// `--minutes` (default 30). Every `--interval-s` it samples the shell's and the inference process's RSS and
// open file descriptors, the engine fps (health) and the landmark frames the renderer received, and the
// renderer's JS heap. At the end it prints the first and last quarter's means and the slope per 10 minutes,
// and with `--assert` exits 1 when memory or handles keep growing or landmarks stop.
//
//   npm run build && node scripts/soak.mjs --minutes 30 --port 7610 --out test-results/soak/soak-30min.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { fdCount, getHealth, openMirror, parseArgs, rendererSample, rssMB, slope, startShell } from './soak-lib.mjs';

const args = parseArgs(process.argv.slice(2), {
  minutes: 30,
  port: 7610,
  intervalS: 10,
  out: '',
  assert: false,
  /** Growth limits for --assert, per 10 minutes of steady state. */
  maxRssSlopeMB: 15,
  maxFdSlope: 3,
});

/** The first samples are warm-up (models loading, JIT, caches filling): trends are measured after them. */
const WARMUP_FRACTION = 0.2;

const shell = await startShell(args.port);
const { browser, page } = await openMirror(shell.base);
const out = args.out ? fs.createWriteStream(path.resolve(args.out), { flags: 'w' }) : null;
if (args.out) fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
const samples = [];
const t0 = Date.now();
let prev = null;
const stop = async () => {
  await browser.close().catch(() => {});
  await shell.stop();
};
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void stop().then(() => process.exit(130)));

try {
  console.log(`soak: ${args.minutes} min on ${shell.base}, sampling every ${args.intervalS} s`);
  while (Date.now() - t0 < args.minutes * 60_000) {
    await new Promise((r) => setTimeout(r, args.intervalS * 1000));
    const h = await getHealth(shell.base);
    const r = await rendererSample(page);
    const now = Date.now();
    const enginePid = h.engine.pid;
    const s = {
      tS: Math.round((now - t0) / 1000),
      shellRssMB: rssMB(h.pid),
      shellFds: fdCount(h.pid),
      engineRssMB: enginePid ? rssMB(enginePid) : null,
      engineFds: enginePid ? fdCount(enginePid) : null,
      engineFps: h.engine.fps,
      engineState: h.engine.state,
      restarts: h.engine.restarts,
      // Landmark frames with a person in them, per second, as the renderer received them.
      landmarksFps: prev ? Math.round(((r.tracked - prev.tracked) / ((now - prev.now) / 1000)) * 10) / 10 : null,
      heapMB: r.heapMB,
      camera: r.camera,
      errors: h.errors,
      problems: h.problems,
    };
    prev = { tracked: r.tracked, now };
    samples.push(s);
    out?.write(JSON.stringify(s) + '\n');
    console.log(
      `${String(s.tS).padStart(5)} s  shell ${s.shellRssMB} MB/${s.shellFds} fd  engine ${s.engineRssMB} MB/${s.engineFds} fd  ` +
        `fps ${s.engineFps}  landmarks/s ${s.landmarksFps}  heap ${s.heapMB} MB  ${s.camera}/${s.engineState}  restarts ${s.restarts}`,
    );
  }
} finally {
  await stop();
  out?.end();
}

// Summary -----------------------------------------------------------------------------------------------------------
const steady = samples.slice(Math.floor(samples.length * WARMUP_FRACTION));
const q = Math.max(1, Math.floor(steady.length / 4));
const mean = (rows, k) => {
  const v = rows.map((r) => r[k]).filter((x) => typeof x === 'number');
  return v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10 : null;
};
const per10min = (k) => {
  const rows = steady.filter((r) => typeof r[k] === 'number');
  return Math.round(slope(rows.map((r) => r.tS / 600), rows.map((r) => r[k])) * 10) / 10;
};
const keys = ['shellRssMB', 'shellFds', 'engineRssMB', 'engineFds', 'engineFps', 'landmarksFps', 'heapMB'];
const summary = Object.fromEntries(
  keys.map((k) => [k, { first: mean(steady.slice(0, q), k), last: mean(steady.slice(-q), k), slopePer10min: per10min(k) }]),
);
const last = samples.at(-1);
console.log('\nsummary (after warm-up; first quarter → last quarter, slope per 10 min)');
for (const [k, v] of Object.entries(summary)) console.log(`  ${k.padEnd(13)} ${v.first} → ${v.last}   slope ${v.slopePer10min}`);
console.log(`  restarts ${last?.restarts ?? '?'}  errors ${last?.errors ?? '?'}  samples ${samples.length}  minutes ${args.minutes}`);
if (out) console.log(`samples: ${args.out}`);

if (args.assert) {
  const failures = [];
  for (const k of ['shellRssMB', 'engineRssMB']) if (summary[k].slopePer10min > args.maxRssSlopeMB) failures.push(`${k} grows ${summary[k].slopePer10min} MB per 10 min`);
  for (const k of ['shellFds', 'engineFds']) if (summary[k].slopePer10min > args.maxFdSlope) failures.push(`${k} grows ${summary[k].slopePer10min} per 10 min`);
  if (!(summary.landmarksFps.last > 0)) failures.push('landmarks stopped');
  if (last && last.restarts > 0) failures.push(`the engine restarted ${last.restarts} times`);
  if (failures.length) {
    console.error(`soak FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('soak passed');
}
