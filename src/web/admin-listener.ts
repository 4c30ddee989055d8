import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import * as v from 'valibot';
import { LoginRequestSchema, SetupRequestSchema } from '../shared/admin';
import { BRIDGE_PATH } from '../shared/bridge-protocol';
import { ApiError, describeIssues } from '../shared/contract-kit';
import { isSha256, WEB_ASSET_PATH } from '../shared/asset-url';
import type { Config } from '../shared/config-schema';
import type { Dispatcher } from '../core/api/dispatch';
import { callerOf, type SessionBinding } from '../core/admin/binding';
import { adminOf, CONFIG_CHANGED } from '../core/admin/service';
import { SESSION_MAX_MS } from '../core/admin/sessions';
import type { CoreServices } from '../core/services';
import { attachBridge } from './bridge';
import { cookie, CSRF_COOKIE, CSRF_HEADER, csrfProblem, newCsrfToken, parseCookies, SESSION_COOKIE } from './admin-cookies';
import { securityHeaders } from './security-headers';
import { assetResponseHeaders } from '../core/catalog/asset-intake';

/** Same limit as the mirror's bridge: garment uploads travel as one binary message. */
const MAX_MESSAGE_BYTES = 1280 * 720 * 4 + 64 * 1024;

const STATUS: Partial<Record<string, number>> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409 };

export interface AdminListenerOptions {
  services: CoreServices;
  dispatcher: Dispatcher;
  rendererDir: string;
}

/**
 * The web shell's `/admin` for a staff tablet: its own HTTP listener on the address a manager chose
 * (`config.admin`), off by default, opened and closed live when the setting changes. The session is an HttpOnly
 * SameSite=Strict cookie set by the sign-in form's POST (CSRF-checked); every bridge call derives the caller's
 * role from that cookie's session again.
 */
export class AdminListener {
  private app: Awaited<ReturnType<AdminListener['build']>> | null = null;
  private bound: { host: string; port: number } | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly off: () => void;
  url: string | null = null;

  constructor(private readonly opts: AdminListenerOptions) {
    this.off = opts.services.events.subscribe(CONFIG_CHANGED, (c) => void this.reconcile((c as Config).admin));
  }

  /** Opens, moves or closes the listener to match `want`; calls are serialised. */
  reconcile(want: Config['admin']): Promise<void> {
    this.chain = this.chain.then(async () => {
      const same = this.bound && want.enabled && this.bound.host === want.host && this.bound.port === want.port;
      if (same) return;
      await this.closeApp();
      if (!want.enabled) return;
      try {
        this.app = await this.build();
        await this.app.listen({ host: want.host, port: want.port });
        const addr = this.app.server.address();
        const port = typeof addr === 'object' && addr ? addr.port : want.port;
        this.bound = { host: want.host, port: want.port };
        this.url = `http://${want.host.includes(':') ? `[${want.host}]` : want.host}:${port}/admin`;
        this.opts.services.log.info({ url: this.url }, 'admin: web admin listening');
      } catch (err) {
        this.opts.services.log.error({ err, host: want.host, port: want.port }, 'admin: cannot open the web admin listener');
        await this.closeApp();
      }
    });
    return this.chain;
  }

  async close(): Promise<void> {
    this.off();
    await this.chain;
    await this.closeApp();
  }

  private async closeApp(): Promise<void> {
    const app = this.app;
    this.app = null;
    this.bound = null;
    this.url = null;
    if (app) await app.close();
  }

  private async build() {
    const { services, dispatcher, rendererDir } = this.opts;
    const accounts = () => adminOf(services).accounts;
    const app = Fastify({ loggerInstance: services.log.child({ mod: 'web-admin' }, { level: 'warn' }), bodyLimit: 1024 * 1024 });
    await app.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
    app.addHook('onSend', securityHeaders({ 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' }));

    const fail = (reply: FastifyReply, e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError('internal', 'internal error');
      if (!(e instanceof ApiError)) services.log.error({ err: e }, 'admin: request failed');
      return reply.code(STATUS[err.code] ?? 500).send({ error: err.toJSON() });
    };
    /** Refuses a state-changing request that is not from a page we served, with our CSRF token. */
    const guard = (req: { headers: Record<string, string | string[] | undefined> }, reply: FastifyReply): boolean => {
      const h = (k: string) => (typeof req.headers[k] === 'string' ? (req.headers[k] as string) : undefined);
      const problem = csrfProblem({ origin: h('origin'), host: h('host'), cookie: h('cookie'), token: h(CSRF_HEADER) });
      if (!problem) return true;
      services.log.warn({ problem }, 'admin: refused request (CSRF)');
      void fail(reply, new ApiError('forbidden', `request refused: ${problem}`));
      return false;
    };
    const setSession = (reply: FastifyReply, token: string) =>
      reply.header('Set-Cookie', cookie(SESSION_COOKIE, token, { httpOnly: true, maxAgeS: Math.floor(SESSION_MAX_MS / 1000) }));

    app.get('/', (_req, reply) => reply.redirect('/admin'));
    app.get('/admin', (_req, reply) => reply.type('text/html; charset=utf-8').send(fs.readFileSync(path.join(rendererDir, 'index.html'))));

    app.get('/admin/api/csrf', (req, reply) => {
      let token = parseCookies(req.headers.cookie).get(CSRF_COOKIE);
      if (!token || token.length < 16) {
        token = newCsrfToken();
        reply.header('Set-Cookie', cookie(CSRF_COOKIE, token, { httpOnly: false }));
      }
      return { token };
    });
    app.post('/admin/api/setup', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      const body = v.safeParse(SetupRequestSchema, req.body);
      if (!body.success) return fail(reply, new ApiError('bad_request', 'invalid setup', describeIssues(body.issues)));
      try {
        const { token, info } = await accounts().setup(body.output.id, body.output.displayName, body.output.pin);
        setSession(reply, token);
        return { session: info };
      } catch (e) {
        return fail(reply, e);
      }
    });
    app.post('/admin/api/login', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      const body = v.safeParse(LoginRequestSchema, req.body);
      if (!body.success) return fail(reply, new ApiError('bad_request', 'invalid sign-in', describeIssues(body.issues)));
      try {
        const { token, info } = await accounts().login(body.output.id, body.output.pin, `http:${req.socket.remoteAddress ?? '?'}`);
        accounts().logout(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
        setSession(reply, token);
        return { session: info };
      } catch (e) {
        return fail(reply, e);
      }
    });
    app.post('/admin/api/logout', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      accounts().logout(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
      reply.header('Set-Cookie', cookie(SESSION_COOKIE, '', { httpOnly: true, maxAgeS: 0 }));
      return {};
    });

    app.get<{ Params: { sha: string } }>(`/${WEB_ASSET_PATH}:sha`, async (req, reply) => {
      const sha = req.params.sha;
      if (!isSha256(sha)) return reply.code(400).send({ error: 'asset id must be a sha256' });
      const ref = services.catalog.asset(sha);
      const file = services.catalog.assets.pathOf(sha);
      if (!ref || !fs.existsSync(file)) return reply.code(404).send({ error: 'no such asset' });
      reply.headers(assetResponseHeaders(ref.mime));
      return reply.send(fs.createReadStream(file));
    });

    app.register(async (scope) => {
      scope.get(BRIDGE_PATH, { websocket: true }, (socket, req) => {
        // Browsers always send Origin on a WebSocket handshake: require it, and require it to be this host.
        const origin = req.headers.origin;
        let ok: boolean;
        try {
          ok = !!origin && new URL(origin).host === req.headers.host;
        } catch {
          ok = false;
        }
        if (!ok) {
          services.log.warn({ origin }, 'admin bridge: refused foreign origin');
          socket.close(1008, 'origin not allowed');
          return;
        }
        const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? null;
        // The cookie's session, checked again on each call; signing in or out happens over HTTP (then the page reloads).
        const session: SessionBinding = { token: () => token, bind: null, clear: () => accounts().logout(token) };
        const origin0 = `ws-admin:${req.socket.remoteAddress ?? '?'}`;
        attachBridge(socket, {
          dispatcher,
          events: services.events,
          log: services.log,
          context: () => callerOf((t) => accounts().principal(t), session, origin0),
        });
      });
    });
    await app.register(fastifyStatic, { root: rendererDir, index: false, cacheControl: false });
    return app;
  }
}
