import type { Server } from 'node:http';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import * as v from 'valibot';
import { describeIssues } from '../shared/contract-kit';
import { EnrollRequestSchema, HeartbeatSchema, HqEventBatchSchema, RemoteSettingsSchema } from '../shared/hq-protocol';
import type { Logger } from '../core/log';
import { MirrorTokens, createEnrollmentCode, enrollMirror, may, staffFromSession, staffLogin, staffLogout, type Permission, type StaffIdentity } from './auth';
import { checkBacks, listProducts, parseProduct, parseVariantPatch, patchVariant, readAsset, setStoreOverride, writeCatalog } from './catalog';
import { HqError, type HqPool } from './db';
import { FeedHeads, feedEtag, feedPage } from './feed';
import { fleet, pushStoreSettings, recordHeartbeat } from './fleet';
import { figures } from './figures';
import { ingestEvents } from './ingest';
import { hqPageHtml } from './page';

export interface HqServerOptions {
  pool: HqPool;
  host: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  /** Seconds without a heartbeat before a mirror is silent. */
  silentAfterS?: number;
}

export interface HqServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The HttpOnly, SameSite=Strict cookie of an HQ staff session (the HQ page); scripts send it as a bearer token. */
const SESSION_COOKIE = 'atelier_hq';
/** Largest request body: a batch of 500 events is ~100 KB, a product a few KB. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

function parse<T extends v.GenericSchema>(schema: T, raw: unknown): v.InferOutput<T> {
  const r = v.safeParse(schema, raw);
  if (!r.success) throw new HqError(describeIssues(r.issues)[0] ?? 'bad request');
  return r.output;
}

/**
 * `atelier hq`: the chain's catalog as each store's feed, the mirrors' analytics ingest and heartbeat, and the
 * staff API and page (docs/hq.md). Plain HTTP: TLS is terminated by the chain's reverse proxy.
 */
export async function startHqServer(opts: HqServerOptions): Promise<HqServer> {
  const { pool } = opts;
  const tokens = new MirrorTokens(pool);
  const heads = new FeedHeads(pool);
  // The chain's TLS proxy forwards to loopback: its X-Forwarded-Proto says whether the staff cookie is Secure.
  const app = Fastify({ loggerInstance: opts.log.child({ mod: 'hq-http' }, { level: 'warn' }), bodyLimit: MAX_BODY_BYTES, trustProxy: 'loopback' });
  await app.register(fastifyCookie);
  // Per-route limits (sign-in, enrollment), keyed by the client's address (the proxy's X-Forwarded-For).
  await app.register(fastifyRateLimit, { global: false });
  /** Guesses at a password or an enrollment code: a few per minute per address is plenty for a person. */
  const guessLimit = { config: { rateLimit: { max: 20, timeWindow: 60_000 } } };

  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    if (err instanceof HqError) return reply.code(err.status).send({ error: err.message });
    if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
    opts.log.error({ err }, 'hq: request failed');
    // The database down (a restart, a failover) is worth a retry; the mirrors back off and send again.
    return reply.code(503).send({ error: 'HQ is unavailable, try again later' });
  });

  const mirror = (req: FastifyRequest) => tokens.verify(req.headers.authorization);
  const sessionToken = (req: FastifyRequest): string | undefined => {
    const h = req.headers.authorization;
    if (h?.startsWith('Bearer ats_')) return h.slice(7);
    return req.cookies[SESSION_COOKIE];
  };
  // Every catalog write through this server: the feed heads are read again at the next poll.
  app.addHook('onSend', async (req) => {
    if (req.method !== 'GET' && (req.url.startsWith('/api/products') || req.url.startsWith('/api/variants') || req.url.startsWith('/api/stores/'))) heads.clear();
  });
  const staff = async (req: FastifyRequest, p: Permission): Promise<StaffIdentity> => {
    const who = await staffFromSession(pool, sessionToken(req));
    if (!may(who.role, p)) throw new HqError(`a ${who.role} may not do this (needs ${p})`, 403);
    return who;
  };

  app.get('/healthz', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });

  // --- the mirrors ------------------------------------------------------------------------------------------
  app.post('/api/v1/enroll', guessLimit, async (req) => {
    const body = parse(EnrollRequestSchema, req.body);
    return enrollMirror(pool, body.code, body.name);
  });

  app.get('/feed', async (req, reply: FastifyReply) => {
    const who = await mirror(req);
    const q = req.query as Record<string, string | undefined>;
    const num = (s: string | undefined, name: string): number => {
      if (s === undefined || s === '') return 0;
      if (!/^\d{1,15}$/.test(s)) throw new HqError(`${name} must be a catalog version number`);
      return Number(s);
    };
    const since = num(q.updated_since, 'updated_since');
    const after = q.after ?? '';
    let upto = num(q.upto, 'upto');
    if (after === '') {
      const head = await heads.get(who.storeId);
      const etag = feedEtag(who.storeId, head);
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      upto = Math.max(head.global, head.store);
    }
    const { doc, lastId } = await feedPage(pool, { storeId: who.storeId, since, upto, after });
    if (lastId !== null) {
      const next = new URLSearchParams({ upto: String(upto), after: lastId });
      if (since > 0) next.set('updated_since', String(since));
      doc.next = `feed?${next}`;
    }
    return doc;
  });

  // Garment files by content hash: immutable, public like the web shop's product pictures (a CDN can serve them).
  app.get<{ Params: { sha256: string } }>('/assets/:sha256', async (req, reply) => {
    const a = await readAsset(pool, req.params.sha256);
    if (!a) throw new HqError('no such asset', 404);
    return reply.header('content-type', a.mime).header('cache-control', 'public, max-age=31536000, immutable').send(a.data);
  });

  app.post('/api/v1/events', async (req) => {
    const who = await mirror(req);
    const batch = parse(HqEventBatchSchema, req.body);
    return ingestEvents(pool, who, batch.events);
  });

  app.post('/api/v1/heartbeat', async (req) => {
    const who = await mirror(req);
    const settings = await recordHeartbeat(pool, who, parse(HeartbeatSchema, req.body));
    return { serverTime: new Date().toISOString(), settings };
  });

  // --- staff ------------------------------------------------------------------------------------------------
  // Staff POSTs take JSON only: a cross-site form can POST, but not as application/json without a CORS preflight,
  // which this server never answers (PUT, PATCH and DELETE always need one); with SameSite=Strict cookies that
  // is the CSRF defence.
  app.addHook('preHandler', async (req) => {
    if (req.method === 'POST' && req.url.startsWith('/api/') && !req.url.startsWith('/api/v1/')) {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HqError('send JSON (Content-Type: application/json)', 415);
    }
  });

  app.post('/api/login', guessLimit, async (req, reply) => {
    const body = parse(v.strictObject({ id: v.string(), password: v.string() }), req.body);
    const { token, staff: who } = await staffLogin(pool, body.id, body.password);
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.protocol === 'https' });
    return { token, ...who };
  });
  app.post('/api/logout', async (req, reply) => {
    const t = sessionToken(req);
    if (t) await staffLogout(pool, t);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return {};
  });
  app.get('/api/me', async (req) => staffFromSession(pool, sessionToken(req)));

  app.get('/api/products', async (req) => {
    await staff(req, 'catalog');
    return listProducts(pool);
  });
  app.put<{ Params: { id: string } }>('/api/products/:id', async (req) => {
    await staff(req, 'catalog');
    const p = parseProduct(req.body);
    if (p.id !== req.params.id) throw new HqError(`the product's id ${p.id} is not the URL's ${req.params.id}`);
    await checkBacks(pool, p);
    return writeCatalog(pool, { products: [p] });
  });
  app.delete<{ Params: { id: string } }>('/api/products/:id', async (req) => {
    await staff(req, 'catalog');
    return writeCatalog(pool, { deleted: [req.params.id] });
  });
  app.patch<{ Params: { sku: string } }>('/api/variants/:sku', async (req) => {
    await staff(req, 'catalog');
    return patchVariant(pool, req.params.sku, parseVariantPatch(req.body));
  });

  app.get('/api/stores', async (req) => {
    await staff(req, 'fleet');
    return (await pool.query('SELECT id, name FROM stores ORDER BY id')).rows;
  });
  app.post('/api/stores', async (req) => {
    await staff(req, 'stores');
    const body = parse(v.strictObject({ id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'store id must be a lower-case slug')), name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)) }), req.body);
    await pool.query('INSERT INTO stores(id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name', [body.id, body.name]);
    return body;
  });
  app.put<{ Params: { store: string; sku: string } }>('/api/stores/:store/overrides/:sku', async (req) => {
    await staff(req, 'overrides');
    const Nullable = v.optional(v.nullable(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'))));
    const body = parse(v.strictObject({ priceMinor: Nullable, stock: Nullable }), req.body);
    return { version: await setStoreOverride(pool, req.params.store, req.params.sku, body) };
  });
  app.put<{ Params: { store: string } }>('/api/stores/:store/settings', async (req) => {
    await staff(req, 'stores');
    return { version: await pushStoreSettings(pool, req.params.store, parse(RemoteSettingsSchema, req.body)) };
  });
  app.post<{ Params: { store: string } }>('/api/stores/:store/enrollment-codes', async (req) => {
    const who = await staff(req, 'mirrors');
    return createEnrollmentCode(pool, req.params.store, who.id);
  });

  app.get('/api/fleet', async (req) => {
    await staff(req, 'fleet');
    const q = req.query as { store?: string };
    return fleet(pool, { storeId: q.store, silentAfterS: opts.silentAfterS });
  });
  app.post<{ Params: { id: string } }>('/api/mirrors/:id/revoke', async (req) => {
    await staff(req, 'mirrors');
    if (!/^[0-9a-f-]{36}$/.test(req.params.id)) throw new HqError('not a mirror id', 404);
    await tokens.revoke(req.params.id);
    return {};
  });

  app.get('/api/figures', async (req) => {
    await staff(req, 'figures');
    const q = req.query as { from?: string; to?: string; store?: string };
    try {
      return await figures(pool, { from: q.from, to: q.to, storeId: q.store });
    } catch (e) {
      if ((e as Error).message.startsWith('from/to')) throw new HqError((e as Error).message);
      throw e;
    }
  });

  app.get('/', async (_req, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
      .send(hqPageHtml()),
  );

  await app.listen({ host: opts.host, port: opts.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}/`,
    server: app.server,
    close: () => app.close(),
  };
}
