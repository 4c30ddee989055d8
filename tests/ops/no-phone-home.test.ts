import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProducts, startFeedServer } from '../fixtures/feed-server';
import { tempDir } from '../catalog/helpers';

/**
 * Nothing phones home: every process `atelier serve` starts (the web shell and its inference child, with the real
 * models on ONNX Runtime), `atelier pose` (the engine on photos, in-process) and `atelier tryon` (the engine, its
 * render server and the headless Chromium that draws the garment) run under `strace -f -e trace=connect,sendto`;
 * the only addresses allowed are loopback (the mirror itself and the configured catalog feed, which this test serves
 * on 127.0.0.1). A DNS lookup shows up as a connect to port 53 or to the nscd / systemd-resolved socket, and fails
 * the test. Needs Debian's strace and Chromium, `npm run build` and the models.
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
  /** Where the line is in the log, 0-based. */
  index: number;
  /** The thread (strace -f's first column), the call and its file descriptor. */
  tid: string;
  call: string;
  fd: number;
  family: string;
  address: string;
  port: number | null;
  /** With `strace -yy`: the socket as strace names it, e.g. `UDPv6:[1145790]`; null without. */
  socket: string | null;
}

/** A call on a file descriptor: thread, call, descriptor and, with `strace -yy`, what the descriptor is. */
const CALL = /^(\d+)\s+(?:<\.\.\. )?(connect|sendto|sendmsg|sendmmsg|write|writev)\((\d+)(?:<([^>]*)>)?/;
const SENDS = new Set(['sendto', 'sendmsg', 'sendmmsg', 'write', 'writev']);

/** Every connect/sendto with an address in an strace log, with the address family and the address. */
export function netEvents(log: string): NetEvent[] {
  const out: NetEvent[] = [];
  log.split('\n').forEach((line, index) => {
    const m = CALL.exec(line);
    if (!m || (m[2] !== 'connect' && m[2] !== 'sendto')) return;
    const fam = /sa_family=(AF_[A-Z0-9]+)/.exec(line)?.[1];
    if (!fam) return; // sendto on a connected socket: its connect is checked
    const address =
      /sun_path="([^"]*)"/.exec(line)?.[1] ??
      /inet_addr\("([^"]+)"\)/.exec(line)?.[1] ??
      /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1] ??
      '?';
    const port = Number(/sin6?_port=htons\((\d+)\)/.exec(line)?.[1] ?? NaN);
    out.push({ line, index, tid: m[1]!, call: m[2]!, fd: Number(m[3]), family: fam, address, port: Number.isFinite(port) ? port : null, socket: m[4] ?? null });
  });
  return out;
}

/** Chromium's IPv6 reachability probe: a UDP socket connected to Google Public DNS's address, port 443. */
const CHROMIUM_IPV6_PROBE = { address: '2001:4860:4860::8888', port: 443 };

/**
 * Whether `e` is Chromium's IPv6 reachability probe and sends nothing: a connect on a UDP socket (`strace -yy`) to
 * {@link CHROMIUM_IPV6_PROBE}, after which no call in the log (traced with every call that sends: sendto, sendmsg,
 * sendmmsg, write, writev) sends on that socket — by its name, by the probe's address, or by the same thread on the
 * same descriptor while strace still names it a UDP socket and before it is connected again. A UDP connect puts no
 * packet on the wire: the kernel only looks up a route. Chromium's host resolver asks this to learn whether IPv6
 * reaches the internet, and no switch turns it off.
 */
export function isSilentProbe(e: NetEvent, log: string[]): boolean {
  if (e.call !== 'connect' || !e.socket?.startsWith('UDP')) return false;
  if (e.address !== CHROMIUM_IPV6_PROBE.address || e.port !== CHROMIUM_IPV6_PROBE.port) return false;
  let sameFd = true;
  for (let i = e.index + 1; i < log.length; i++) {
    const m = CALL.exec(log[i]!);
    if (!m) continue;
    // The same descriptor while it is still a UDP socket (closed and reused, -yy names a pipe or another kind).
    const onSameFd = sameFd && m[1] === e.tid && Number(m[3]) === e.fd && (m[4] === undefined || m[4].startsWith('UDP'));
    if (onSameFd && m[2] === 'connect') sameFd = false;
    if (!SENDS.has(m[2]!)) continue;
    if (onSameFd || m[4] === e.socket || log[i]!.includes(CHROMIUM_IPV6_PROBE.address)) return false;
  }
  return true;
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

/** `calls`: what strace records; `-yy` names each socket's protocol (UDP, TCP) in it. */
function traced(args: string[], logFile: string, calls = 'connect,sendto') {
  // The mirror's own switch must do it: an ORT_DISABLE_TELEMETRY inherited from the caller would hide a regression
  // (ONNX Runtime treats any value, even 0, as "off").
  const env: NodeJS.ProcessEnv = { ...process.env, ATELIER_LOG_LEVEL: 'info' };
  delete env.ORT_DISABLE_TELEMETRY;
  return spawn('strace', ['-f', '-qq', '-yy', '-e', `trace=${calls}`, '-o', logFile, process.execPath, BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
}

function runTraced(args: string[], logFile: string, calls?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = traced(args, logFile, calls);
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

  it("lets Chromium's IPv6 probe pass only while nothing is sent on it", () => {
    const probe = (tid: number, fd: number, inode: number, proto = 'UDPv6', port = 443) =>
      `${tid} connect(${fd}<${proto}:[${inode}]>, {sa_family=AF_INET6, sin6_port=htons(${port}), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0`;
    const cases: Array<[string, string[], boolean]> = [
      ['connected, nothing sent', [probe(103, 18, 1145790)], true],
      ['then written to by its name', [probe(103, 29, 1147916), '104 write(29<UDPv6:[1147916]>, "\\1\\2", 2) = 2'], false],
      ['then sent to, named by its addresses', [probe(103, 29, 1147917), '105 sendmmsg(40<UDPv6:[[::1]:5000->[2001:4860:4860::8888]:443]>, [], 1, 0) = 1'], false],
      ['then sent on by the same thread and descriptor, named otherwise', [probe(103, 29, 1147918), '103 sendto(29<UDPv6:[[::]:5000]>, "x", 1, 0, NULL, 0) = 1'], false],
      ['the descriptor reused for a pipe', [probe(103, 29, 1147920), '103 write(29<pipe:[99]>, "x", 1) = 1'], true],
      ['the descriptor connected again before a send', [probe(103, 29, 1147919), '103 connect(29<UNIX-STREAM:[7]>, {sa_family=AF_UNIX, sun_path="/tmp/x"}, 110) = 0', '103 write(29<UNIX-STREAM:[7]>, "x", 1) = 1'], true],
      ['over TCP', [probe(103, 30, 1147999, 'TCPv6')], false],
      ['to another port', [probe(103, 31, 1148000, 'UDPv6', 53)], false],
    ];
    for (const [what, lines, silent] of cases) {
      const e = netEvents(lines.join('\n'))[0]!;
      expect(isAllowed(e), what).toBe(false);
      expect(isSilentProbe(e, lines), what).toBe(silent);
    }
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

  it('atelier tryon, its render server and its headless Chromium connect to loopback only', async () => {
    requirements();
    const dir = tempDir('atelier-nophone-tryon-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'tryon.strace');
    // Every call that can put data on a socket, so that a connect with nothing sent after it can be told apart.
    const run = await runTraced(
      ['--data-dir', path.join(dir, 'data'), '--ep', 'cpu', 'tryon', path.join(MEDIA, 'mirror_run.mp4'), '--frames', '2', '--product', 'tee-everyday', '--size', 'M', '-o', path.join(dir, 'out.mp4')],
      log,
      'connect,sendto,sendmsg,sendmmsg,write,writev',
    );
    expect(run.code, run.err).toBe(0);
    const text = fs.readFileSync(log, 'utf8');
    const events = netEvents(text);
    // The browser reached the render server (so the trace followed Chromium's processes).
    expect(events.some((e) => e.family === 'AF_INET' && e.address === '127.0.0.1')).toBe(true);
    const lines = text.split('\n');
    const bad = events.filter((e) => !isAllowed(e) && !isSilentProbe(e, lines));
    expect(bad.map((e) => e.line.slice(0, 160))).toEqual([]);
  }, 120_000);
});
