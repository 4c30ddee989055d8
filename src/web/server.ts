import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { contract } from '../shared/contract';
import { createDispatcher } from '../core/api/dispatch';
import { createHandlers, createSenders } from '../core/api/handlers';
import type { CoreServices } from '../core/services';
import { collectHealth, isLoopback } from '../core/health';
import { attachBridge } from './bridge';
import { AdminListener } from './admin-listener';
import { callerOf, memoryBinding } from '../core/admin/binding';
import { addressKey } from '../core/admin/login-guard';
import { adminOf } from '../core/admin/service';
import { isLoopbackHost, MAX_BODY_BYTES, webGuard } from './web-guard';

export interface WebShellOptions {
  services: CoreServices;
  /** Built renderer (index.html + assets). */
  rendererDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface WebShell {
  readonly url: string;
  readonly server: Server;
  /** The staff tablet's `/admin` URL while that listener is open, else null. */
  adminUrl(): string | null;
  close(): Promise<void>;
}

let connections = 0;

/**
 * The web shell: the built renderer over HTTP plus the WebSocket bridge that implements `window.atelier`, over
 * the same core services as Electron. `GET /healthz` answers JSON status.
 */
export async function startWebShell(opts: WebShellOptions): Promise<WebShell> {
  const { services } = opts;
  if (!fs.existsSync(path.join(opts.rendererDir, 'index.html'))) {
    throw new Error(`renderer not built: ${opts.rendererDir}/index.html is missing (run npm run build)`);
  }
  const handlers = createHandlers(services);
  const dispatcher = createDispatcher(contract, handlers, createSenders(services), services.log);

  // Request logs are info-level noise on a kiosk: the web module logs warnings and up.
  const app = Fastify({ loggerInstance: services.log.child({ mod: 'web' }, { level: 'warn' }), bodyLimit: MAX_BODY_BYTES });
  await webGuard(app, {
    services,
    bindHost: opts.host,
    bridge: (socket, req) => {
      const session = memoryBinding();
      const remote = req.socket.remoteAddress;
      // The kiosk's own screen: a page opened on this machine, by a loopback name (never a rebound DNS name).
      const kiosk = isLoopback(remote) && isLoopbackHost(req.headers.host);
      const origin = `ws:${remote ?? '?'}`;
      attachBridge(socket, {
        dispatcher,
        events: services.events,
        poses: services.poses,
        log: services.log,
        peer: `ws:${++connections}`,
        // The mirror's own connection: a PIN on the mirror binds a session to this socket only.
        context: () => ({ ...callerOf((t) => adminOf(services).accounts.principal(t), session, origin), kiosk, address: addressKey(remote) }),
      });
    },
  });

  app.get('/healthz', async (req, reply) => {
    // Remote monitoring is opt-in (config `health.remote`): by default only this machine may ask.
    if (!services.loaded.config.health.remote && !isLoopback(req.socket.remoteAddress)) {
      return reply.code(403).send({ error: 'health is only answered on loopback (set health.remote to allow)' });
    }
    return collectHealth(services);
  });

  await app.register(fastifyStatic, { root: opts.rendererDir, index: ['index.html'], cacheControl: false });

  await app.listen({ host: opts.host, port: opts.port });
  // The staff tablet's /admin: its own listener, only when a manager turned it on (and live when they do).
  const admin = new AdminListener({ services, dispatcher, rendererDir: opts.rendererDir });
  await admin.reconcile(services.loaded.config.admin);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    server: app.server,
    adminUrl: () => admin.url,
    close: async () => {
      await admin.close();
      await app.close();
    },
  };
}
