// Shared by the soak and fault scripts: start the web shell in a throw-away data directory, open the mirror in
// Debian's Chromium with the fake camera (the real street video), and read process numbers from /proc.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, FAKE_CAMERA_ARGS, HEADLESS_CHROMIUM_ARGS } from '../e2e/support/chromium.mjs';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? path.join(root, '../shared/media'));
export const FAKE_CAMERA_CLIP = path.join(root, 'test-results/fake-camera/street.mjpeg');

/** The e2e flags (e2e/support/chromium.mjs), plus precise heap numbers for the soak's renderer samples. */
const CHROMIUM_ARGS = [...HEADLESS_CHROMIUM_ARGS, ...FAKE_CAMERA_ARGS, '--enable-precise-memory-info'];

export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    const key = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const raw = m[2] ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
    out[key] = typeof defaults[key] === 'number' ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
  }
  return out;
}

export function ensureFakeCamera() {
  if (fs.existsSync(FAKE_CAMERA_CLIP)) return FAKE_CAMERA_CLIP;
  fs.mkdirSync(path.dirname(FAKE_CAMERA_CLIP), { recursive: true });
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-i', path.join(MEDIA, 'video.avi'), '-vf', 'fps=25', '-q:v', '4', '-f', 'mjpeg', FAKE_CAMERA_CLIP]);
  return FAKE_CAMERA_CLIP;
}

/** Resident memory of a process in MiB, or null when it is gone. */
export function rssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** Open file descriptors (files, sockets, pipes) of a process, or null when it is gone. */
export function fdCount(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

export async function getHealth(base) {
  const r = await fetch(new URL('healthz', base));
  if (!r.ok) throw new Error(`healthz: HTTP ${r.status}`);
  return r.json();
}

/**
 * A private copy of the built app (out/, bin/, package.json; models and assets linked), so a rebuild of out/ by
 * someone else during a 30-minute run cannot pull files from under the shell (the inference process is re-forked
 * from its script on every restart). It sits inside node_modules/.cache so dependencies still resolve.
 */
function snapshotApp(port) {
  const app = path.join(root, 'node_modules/.cache/atelier-soak', String(port));
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  fs.cpSync(path.join(root, 'out'), path.join(app, 'out'), { recursive: true });
  fs.cpSync(path.join(root, 'bin'), path.join(app, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
  for (const d of ['models', 'assets']) fs.symlinkSync(path.join(root, d), path.join(app, d));
  return app;
}

/** Starts `atelier serve` on `port` over a fresh data directory; resolves once /healthz answers. */
export async function startShell(port, { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-soak-')), env = {} } = {}) {
  if (!fs.existsSync(path.join(root, 'out/renderer/index.html'))) throw new Error('out/ is not built: run npm run build');
  const app = snapshotApp(port);
  const child = spawn(process.execPath, [path.join(app, 'bin/atelier.mjs'), '--data-dir', dataDir, '--port', String(port), 'serve'], {
    cwd: root,
    env: { ...process.env, ATELIER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}/`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`atelier serve exited (${child.exitCode}): ${stderr}`);
    try {
      await getHealth(base);
      break;
    } catch {
      if (Date.now() - t0 > 60_000) throw new Error(`atelier serve did not answer in 60 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    base,
    dataDir,
    pid: child.pid,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(app, { recursive: true, force: true });
    },
  };
}

/** Opens the mirror (with the e2e debug hooks) in Chromium playing the fake camera clip. */
export async function openMirror(base) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${ensureFakeCamera()}`],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(new URL('?e2e', base).href);
  return { browser, page };
}

/** Reads what the renderer knows: tracked frames so far, camera state, JS heap. */
export function rendererSample(page) {
  return page.evaluate(() => {
    const d = window.__atelierDebug;
    const mem = performance.memory;
    return {
      tracked: d ? d.trackedFrames() : 0,
      camera: d ? d.cameraState() : 'no-hooks',
      engine: d ? d.engineState() : null,
      heapMB: mem ? Math.round(mem.usedJSHeapSize / 1048576) : null,
    };
  });
}

/** Least-squares slope of `ys` over `xs`. */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
