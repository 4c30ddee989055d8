import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCsrf from '@fastify/csrf-protection';
import * as v from 'valibot';
import { LoginRequestSchema } from '../shared/admin';
import { ApiError, describeIssues } from '../shared/contract-kit';
import type { Config } from '../shared/config-schema';
import type { Dispatcher } from '../core/api/dispatch';
import { callerOf, type SessionBinding } from '../core/admin/binding';
import { addressKey } from '../core/admin/login-guard';
import { adminOf, CONFIG_CHANGED } from '../core/admin/service';
import { SESSION_MAX_MS } from '../core/admin/sessions';
import type { CoreServices } from '../core/services';
import { attachBridge } from './bridge';
import { MAX_BODY_BYTES, originProblem, webGuard } from './web-guard';

/** The HttpOnly, SameSite=Strict cookie holding a tablet's staff session token. */
export const SESSION_COOKIE = 'atelier_admin';

const STATUS: Partial<Record<string, number>> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, busy: 503, rate_limited: 429 };

let connections = 0;

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
    this.off = opts.services.events.subscribe(CONFIG_CHANGED, (c) => void this.reconcile(c.admin));
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
    const app = Fastify({ loggerInstance: services.log.child({ mod: 'web-admin' }, { level: 'warn' }), bodyLimit: MAX_BODY_BYTES });
    await webGuard(app, {
      services,
      bindHost: this.opts.services.loaded.config.admin.host,
      extraHeaders: { 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' },
      bridge: (socket, req) => {
        const token = req.cookies[SESSION_COOKIE] ?? null;
        // The cookie's session, checked again on each call; signing in or out happens over HTTP (then the page reloads).
        const session: SessionBinding = { token: () => token, bind: null, clear: () => accounts().logout(token) };
        const origin = `ws-admin:${req.socket.remoteAddress ?? '?'}`;
        const address = addressKey(req.socket.remoteAddress);
        attachBridge(socket, {
          dispatcher,
          events: services.events,
          poses: services.poses,
          log: services.log,
          peer: `ws-admin:${++connections}`,
          // A tablet is never the kiosk's screen, wherever it connects from.
          context: () => ({ ...callerOf((t) => accounts().principal(t), session, origin), kiosk: false, address }),
        });
      },
    });
    // Double-submit CSRF tokens (secret in an HttpOnly cookie, token in `X-CSRF-Token`) for the sign-in forms.
    await app.register(fastifyCsrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true } });

    const fail = (reply: FastifyReply, e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError('internal', 'internal error');
      if (!(e instanceof ApiError)) services.log.error({ err: e }, 'admin: request failed');
      return reply.code(STATUS[err.code] ?? 500).send({ error: err.toJSON() });
    };
    /** State-changing requests: only from a page we served (Origin = this Host), then the CSRF token. */
    const sameOrigin = async (req: FastifyRequest, reply: FastifyReply) => {
      const problem = originProblem(req.headers);
      if (!problem) return;
      services.log.warn({ problem }, 'admin: refused request (Origin)');
      return fail(reply, new ApiError('forbidden', `request refused: ${problem}`));
    };
    const guarded = { onRequest: [sameOrigin, app.csrfProtection], config: { rateLimit: { max: 30, timeWindow: 60_000 } } };
    const setSession = (reply: FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: Math.floor(SESSION_MAX_MS / 1000) });
    app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
      // The CSRF plugin and the rate limit answer with errors of their own: give them our error shape.
      const status = err.statusCode ?? 500;
      if (status === 403) return fail(reply, new ApiError('forbidden', `request refused: ${err.message}`));
      if (status === 429) return fail(reply, new ApiError('rate_limited', err.message));
      if (status < 500) return fail(reply, new ApiError('bad_request', err.message));
      return fail(reply, err);
    });

    app.get('/', (_req, reply) => reply.redirect('/admin'));
    app.get('/admin', (_req, reply) => reply.type('text/html; charset=utf-8').send(fs.readFileSync(path.join(rendererDir, 'index.html'))));

    app.get('/admin/api/csrf', (_req, reply) => ({ token: reply.generateCsrf() }));
    app.post('/admin/api/setup', guarded, (_req, reply) =>
      // The admin listener is opened by a manager, so the store is set up; and first-run setup needs the kiosk's screen.
      fail(reply, new ApiError('forbidden', "first-run setup is done on the mirror's own screen")),
    );
    app.post('/admin/api/login', guarded, async (req, reply) => {
      const body = v.safeParse(LoginRequestSchema, req.body);
      if (!body.success) return fail(reply, new ApiError('bad_request', 'invalid sign-in', describeIssues(body.issues)));
      try {
        const remote = req.socket.remoteAddress;
        const { token, info } = await accounts().login(body.output.id, body.output.pin, `http:${remote ?? '?'}`, addressKey(remote));
        accounts().logout(req.cookies[SESSION_COOKIE]);
        setSession(reply, token);
        return { session: info };
      } catch (e) {
        return fail(reply, e);
      }
    });
    app.post('/admin/api/logout', guarded, async (req, reply) => {
      accounts().logout(req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return {};
    });

    await app.register(fastifyStatic, { root: rendererDir, index: false, cacheControl: false });
    return app;
  }
}
