// Load generator for `atelier hq` (issue 17 point 4): simulated mirrors against one HQ process on this machine,
// all on 127.0.0.1. Phase 1: every mirror sends its day of try-on events (--events-per-mirror, spread over the
// last --days days) in batches of --batch, --concurrency requests in flight; prints events/s ingested, request
// latency p50/p95/p99 and PostgreSQL's size per million events. Phase 2: every mirror polls its store's feed with
// its ETag for --poll-s seconds; prints 304 answers/s held and latency.
//
//   npm run build && npx jiti scripts/hq/load.ts --mirrors 5000 --events-per-mirror 200
//
// Without --database-url it starts a throw-away PostgreSQL cluster (fsync on, like a real server) on --pg-port.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../../tests/hq/pg-cluster';

interface Args {
  mirrors: number;
  stores: number;
  eventsPerMirror: number;
  batch: number;
  concurrency: number;
  days: number;
  pollS: number;
  pgPort: number;
  hqPort: number;
  databaseUrl: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { mirrors: 5000, stores: 200, eventsPerMirror: 200, batch: 100, concurrency: 32, days: 7, pollS: 20, pgPort: 7564, hqPort: 7565, databaseUrl: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()) as keyof Args;
    if (!(key in a)) throw new Error(`unknown option ${argv[i]}`);
    (a as unknown as Record<string, unknown>)[key] = key === 'databaseUrl' ? argv[i + 1] : Number(argv[i + 1]);
  }
  // Bounded: this is a measurement on one machine, not a tool to flood anything.
  if (a.mirrors < 1 || a.mirrors > 20_000) throw new Error('--mirrors must be 1..20000');
  if (a.eventsPerMirror < 1 || a.eventsPerMirror > 2000) throw new Error('--events-per-mirror must be 1..2000');
  if (a.batch < 1 || a.batch > 500) throw new Error('--batch must be 1..500');
  if (a.concurrency < 1 || a.concurrency > 256) throw new Error('--concurrency must be 1..256');
  if (a.pollS < 1 || a.pollS > 300) throw new Error('--poll-s must be 1..300');
  if (a.databaseUrl && !/^postgres(ql)?:\/\/[^@]*@?(127\.0\.0\.1|localhost)[:/]/.test(a.databaseUrl)) throw new Error('--database-url must be on 127.0.0.1');
  return a;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const args = parseArgs(process.argv.slice(2));
let cluster: PgCluster | null = null;
let dbUrl = args.databaseUrl;
if (!dbUrl) {
  cluster = await startPgCluster(args.pgPort, { fsync: true });
  dbUrl = await cluster.createDatabase('hq_load');
}
const hqUrl = `http://127.0.0.1:${args.hqPort}/`;
const hq = spawn(process.execPath, ['bin/atelier.mjs', 'hq', '--database-url', dbUrl, '--listen-port', String(args.hqPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
const stop = async () => {
  hq.kill('SIGTERM');
  await new Promise((r) => hq.once('exit', r));
  cluster?.stop();
};
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(new URL('healthz', hqUrl))).ok) break;
    } catch {
      // Not listening yet.
    }
    if (i > 200) throw new Error('HQ did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();

  // The fleet, enrolled straight in the database (the enrollment endpoint is not what is measured).
  const stores = Array.from({ length: args.stores }, (_, i) => `store-${String(i).padStart(4, '0')}`);
  await db.query('INSERT INTO stores(id, name) SELECT s, s FROM unnest($1::text[]) s ON CONFLICT DO NOTHING', [stores]);
  const mirrors = Array.from({ length: args.mirrors }, (_, i) => ({ id: crypto.randomUUID(), store: stores[i % stores.length]!, token: `atm_${crypto.randomBytes(32).toString('base64url')}` }));
  await db.query(
    'INSERT INTO mirrors(id, store_id, name, token_hash) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])',
    [mirrors.map((m) => m.id), mirrors.map((m) => m.store), mirrors.map((_, i) => `load ${i}`), mirrors.map((m) => crypto.createHash('sha256').update(m.token).digest('hex'))],
  );
  // A small catalog so the feed has something to version.
  await db.query("INSERT INTO catalog_heads(scope, version) VALUES ('global', 1) ON CONFLICT DO NOTHING");

  // --- phase 1: ingest ----------------------------------------------------------------------------------------
  type Job = { mirror: (typeof mirrors)[number]; events: unknown[] };
  const skus = Array.from({ length: 300 }, (_, i) => `SKU-${i}`);
  const nowMs = Date.now();
  function* jobs(): Generator<Job> {
    // Round-robin over mirrors, as a fleet's sends interleave.
    const perMirrorBatches = Math.ceil(args.eventsPerMirror / args.batch);
    for (let b = 0; b < perMirrorBatches; b++) {
      for (const mirror of mirrors) {
        const n = Math.min(args.batch, args.eventsPerMirror - b * args.batch);
        const events = Array.from({ length: n }, (_, k) => ({
          id: crypto.randomUUID(),
          kind: 'tryon',
          sessionId: `v${mirror.id.slice(0, 8)}${b}${Math.floor(k / 3)}`,
          sku: skus[(k * 7 + b) % skus.length],
          occurredAt: new Date(nowMs - Math.floor(Math.random() * args.days * 86_400_000)).toISOString(),
          durationMs: 2000 + Math.floor(Math.random() * 20_000),
        }));
        yield { mirror, events };
      }
    }
  }
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  const it = jobs();
  const t0 = performance.now();
  let lastPrint = t0;
  await Promise.all(
    Array.from({ length: args.concurrency }, async () => {
      for (let r = it.next(); !r.done; r = it.next()) {
        const { mirror, events } = r.value;
        const s = performance.now();
        const res = await fetch(new URL('api/v1/events', hqUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${mirror.token}` },
          body: JSON.stringify({ events }),
        });
        const body = (await res.json()) as { accepted?: number };
        latencies.push(performance.now() - s);
        if (res.ok) sent += body.accepted ?? 0;
        else failed++;
        if (performance.now() - lastPrint > 10_000) {
          lastPrint = performance.now();
          process.stderr.write(`  … ${fmt(sent)} events (${fmt(sent / ((lastPrint - t0) / 1000))}/s)\n`);
        }
      }
    }),
  );
  const ingestS = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const { rows: size } = await db.query<{ bytes: string; n: string }>(
    `SELECT (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'events'::regclass) AS bytes, (SELECT count(*) FROM events) AS n`,
  );
  const bytes = Number(size[0]!.bytes);
  const stored = Number(size[0]!.n);
  const { rows: parts } = await db.query<{ n: string }>("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'events'::regclass");

  // --- phase 2: feed polling with ETags -----------------------------------------------------------------------
  const etags = new Map<string, string>();
  for (const m of mirrors) {
    if (etags.has(m.store)) continue;
    const r = await fetch(new URL('feed', hqUrl), { headers: { authorization: `Bearer ${m.token}` } });
    await r.arrayBuffer();
    etags.set(m.store, r.headers.get('etag') ?? '');
  }
  const pollLat: number[] = [];
  let notModified = 0;
  let other = 0;
  let next = 0;
  const pollUntil = performance.now() + args.pollS * 1000;
  const p0 = performance.now();
  await Promise.all(
    Array.from({ length: args.concurrency }, async () => {
      while (performance.now() < pollUntil) {
        const m = mirrors[next++ % mirrors.length]!;
        const s = performance.now();
        const r = await fetch(new URL('feed', hqUrl), { headers: { authorization: `Bearer ${m.token}`, 'if-none-match': etags.get(m.store)! } });
        await r.arrayBuffer();
        pollLat.push(performance.now() - s);
        if (r.status === 304) notModified++;
        else other++;
      }
    }),
  );
  const pollS = (performance.now() - p0) / 1000;
  pollLat.sort((a, b) => a - b);
  await db.end();

  const lines = [
    `atelier hq load: ${fmt(args.mirrors)} mirrors in ${args.stores} stores, ${args.eventsPerMirror} events each in batches of ${args.batch}, ${args.concurrency} requests in flight, one HQ process, PostgreSQL ${cluster ? 'throw-away cluster (fsync on)' : 'given'} on this machine`,
    `ingest: ${fmt(stored)} events stored (${fmt(sent)} accepted, ${failed} requests failed) in ${fmt(ingestS, 1)} s = ${fmt(sent / ingestS)} events/s, ${fmt(latencies.length / ingestS)} batches/s`,
    `ingest latency per batch: p50 ${fmt(quantile(latencies, 0.5), 1)} ms, p95 ${fmt(quantile(latencies, 0.95), 1)} ms, p99 ${fmt(quantile(latencies, 0.99), 1)} ms`,
    `PostgreSQL: events ${fmt(bytes / 1048576, 1)} MiB in ${parts[0]!.n} day partitions = ${fmt((bytes / Math.max(1, stored)) * 1e6 / 1048576, 0)} MiB per million events (${fmt(bytes / Math.max(1, stored), 0)} bytes/event, indexes included)`,
    `feed polling with ETags: ${fmt(notModified)} × 304 (${other} other) in ${fmt(pollS, 1)} s = ${fmt(notModified / pollS)} requests/s held; p50 ${fmt(quantile(pollLat, 0.5), 1)} ms, p95 ${fmt(quantile(pollLat, 0.95), 1)} ms`,
    `at one poll per mirror per 5 minutes, 5,000 mirrors need ${fmt(5000 / 300, 1)} polls/s and 100,000 need ${fmt(100_000 / 300)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  await stop();
}
