import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProducts, startFeedServer } from '../fixtures/feed-server';
import { tempDir } from '../catalog/helpers';

/**
 * Nothing phones home: every process `atelier serve` starts (the web shell and its inference child, with the real
 * models on ONNX Runtime) and `atelier pose` (the engine on photos, in-process) run under
 * `strace -f -e trace=connect,sendto`; the only addresses allowed are loopback (the mirror itself and the
 * configured catalog feed, which this test serves on 127.0.0.1). A DNS lookup shows up as a connect to port 53 or
 * to the nscd / systemd-resolved socket, and fails the test. Needs Debian's strace, `npm run build` and the models.
 */
const BIN = path.resolve('bin/atelier.mjs');
const CLI = path.resolve('out/node/cli.js');
const MODELS = path.resolve('models/manifest.json');
const MEDIA = path.resolve(process.env.ATELIER_SHARED_MEDIA ?? '../shared/media');
/** How long the mirror runs idle-but-tracking under strace. ONNX Runtime's uploader looked up its host within 1 s. */
const SERVE_HOLD_MS = 12_000;

function requirements(): void {
  const st = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (st.error || st.status !== 0) throw new Error('strace is missing: install Debian\'s strace (apt-get install strace; .ci/run does it)');
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  if (!fs.existsSync(MODELS)) throw new Error(`${MODELS} is missing: run npm run models:build`);
  if (!fs.existsSync(MEDIA)) throw new Error(`test media missing: ${MEDIA}`);
}

export interface NetEvent {
  line: string;
  family: string;
  address: string;
}

/** Every connect/sendto with an address in an strace log, with the address family and the address. */
export function netEvents(log: string): NetEvent[] {
  const out: NetEvent[] = [];
  for (const line of log.split('\n')) {
    if (!/\b(connect|sendto)\(/.test(line)) continue;
    const fam = /sa_family=(AF_[A-Z0-9]+)/.exec(line)?.[1];
    if (!fam) continue; // sendto on a connected socket: its connect is checked
    const address =
      /sun_path="([^"]*)"/.exec(line)?.[1] ??
      /inet_addr\("([^"]+)"\)/.exec(line)?.[1] ??
      /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1] ??
      '?';
    out.push({ line, family: fam, address });
  }
  return out;
}

/** Loopback only; among Unix sockets, the name-service ones count as a lookup. */
export function isAllowed(e: NetEvent): boolean {
  if (e.family === 'AF_UNIX') return !/nscd|resolve/.test(e.address);
  if (e.family === 'AF_INET') return e.address.startsWith('127.');
  if (e.family === 'AF_INET6') return e.address === '::1' || e.address.startsWith('::ffff:127.');
  // AF_NETLINK (interface lists) never leaves the machine.
  return e.family === 'AF_NETLINK';
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function traced(args: string[], logFile: string) {
  // The mirror's own switch must do it: an ORT_DISABLE_TELEMETRY inherited from the caller would hide a regression
  // (ONNX Runtime treats any value, even 0, as "off").
  const env: NodeJS.ProcessEnv = { ...process.env, ATELIER_LOG_LEVEL: 'info' };
  delete env.ORT_DISABLE_TELEMETRY;
  return spawn('strace', ['-f', '-qq', '-e', 'trace=connect,sendto', '-o', logFile, process.execPath, BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
}

function runTraced(args: string[], logFile: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = traced(args, logFile);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('nothing phones home', () => {
  it('recognises a lookup in an strace log', () => {
    const log = [
      '101 connect(24, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
      '101 connect(24, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
      '101 sendto(24, "\\274\\344\\1\\0\\0\\1"..., 50, MSG_NOSIGNAL, NULL, 0) = 50',
      '102 connect(19, {sa_family=AF_INET, sin_port=htons(7480), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '102 connect(20, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
    ].join('\n');
    const bad = netEvents(log).filter((e) => !isAllowed(e));
    expect(bad.map((e) => e.address)).toEqual(['/var/run/nscd/socket', '10.255.255.53']);
  });

  it('atelier serve with the real engine, a catalog sync and atelier pose connect to loopback only', async () => {
    requirements();
    const dir = tempDir('atelier-nophone-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const feed = await startFeedServer({ pageSize: 5 });
    cleanups.push(() => feed.close());
    for (const p of makeProducts(6)) feed.upsert(p);
    const serveLog = path.join(dir, 'serve.strace');
    const data = path.join(dir, 'data');

    const serve = traced(['--data-dir', data, '--port', '0', '--ep', 'cpu', 'serve'], serveLog);
    let out = '';
    let err = '';
    serve.stdout.on('data', (d) => (out += d));
    serve.stderr.on('data', (d) => (err += d));
    const exited = new Promise<void>((r) => serve.on('exit', () => r()));
    // Signals go to the traced node process (its pid is in its log lines), not to strace: strace would detach
    // and leave the mirror running.
    const servePid = (): number | null => Number(/"pid":(\d+)/.exec(err)?.[1] ?? NaN) || null;
    cleanups.push(async () => {
      if (serve.exitCode !== null) return;
      const pid = servePid();
      if (pid) process.kill(pid, 'SIGKILL');
      serve.kill('SIGKILL');
      await exited;
    });
    const t0 = performance.now();
    while (!(/Atelier mirror: (http:\/\/\S+)/.test(out) && /inference: ready/.test(err))) {
      if (performance.now() - t0 > 60_000 || serve.exitCode !== null) throw new Error(`serve did not get ready:\n${out}\n${err.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /Atelier mirror: (http:\/\/\S+)/.exec(out)![1]!;
    // What a mirror's browser loads first, and the health check.
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(new URL('/healthz', url))).status).toBe(200);

    // The configured feed (on loopback here) and the engine on real photos, each in its own traced process.
    const syncLog = path.join(dir, 'sync.strace');
    const sync = await runTraced(['--data-dir', path.join(dir, 'data2'), 'catalog', 'sync', feed.feedUrl], syncLog);
    expect(sync.code, sync.err).toBe(0);
    const photos = fs.readdirSync(MEDIA).filter((f) => f.endsWith('.jpg')).slice(0, 3).map((f) => path.join(MEDIA, f));
    const poseLog = path.join(dir, 'pose.strace');
    const pose = await runTraced(['--ep', 'cpu', 'pose', ...photos, '--model', 'lite', '--json'], poseLog);
    expect(pose.code, pose.err).toBe(0);

    const remaining = SERVE_HOLD_MS - (performance.now() - t0);
    if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
    process.kill(servePid()!, 'SIGINT');
    await exited;

    const events = [serveLog, syncLog, poseLog].flatMap((f) => netEvents(fs.readFileSync(f, 'utf8')));
    // The test saw the mirror's own traffic (the fetches above reach the server's accept, the sync its feed).
    expect(events.some((e) => e.family === 'AF_INET' && e.address === '127.0.0.1')).toBe(true);
    const bad = events.filter((e) => !isAllowed(e));
    expect(bad.map((e) => e.line.slice(0, 160))).toEqual([]);
  }, 120_000);
});
