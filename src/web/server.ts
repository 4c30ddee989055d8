import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { BRIDGE_PATH } from '../shared/bridge-protocol';
import { contract } from '../shared/contract';
import { isSha256, WEB_ASSET_PATH } from '../shared/asset-url';
import { createDispatcher } from '../core/api/dispatch';
import { createHandlers, createSenders } from '../core/api/handlers';
import type { CoreServices } from '../core/services';
import { isLoopback } from '../core/health';
import { attachBridge } from './bridge';
import { securityHeaders } from './security-headers';
import { AdminListener } from './admin-listener';
import { callerOf, memoryBinding } from '../core/admin/binding';
import { adminOf } from '../core/admin/service';
import { assetResponseHeaders } from '../core/catalog/asset-intake';

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
  close(): Promise<void>;
}

/** Largest bridge message accepted: a 1280×720 RGBA frame plus envelope. */
const MAX_MESSAGE_BYTES = 1280 * 720 * 4 + 64 * 1024;

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
  const app = Fastify({ loggerInstance: services.log.child({ mod: 'web' }, { level: 'warn' }), bodyLimit: 1024 * 1024 });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });

  app.addHook('onSend', securityHeaders());

  app.get('/healthz', async (req, reply) => {
    // Remote monitoring is opt-in (config `health.remote`): by default only this machine may ask.
    if (!services.loaded.config.health.remote && !isLoopback(req.socket.remoteAddress)) {
      return reply.code(403).send({ error: 'health is only answered on loopback (set health.remote to allow)' });
    }
    const r = await dispatcher.invoke('app.health', {}, { role: 'shopper', origin: 'http:/healthz' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  });

  // Catalog assets by sha256: immutable, so cacheable for a year. Only 64-hex names reach the file system.
  app.get<{ Params: { sha: string } }>(`/${WEB_ASSET_PATH}:sha`, async (req, reply) => {
    const sha = req.params.sha;
    if (!isSha256(sha)) return reply.code(400).send({ error: 'asset id must be a sha256' });
    const ref = services.catalog.asset(sha);
    const file = services.catalog.assets.pathOf(sha);
    if (!ref || !fs.existsSync(file)) return reply.code(404).send({ error: 'no such asset' });
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    // The type its content was checked to be (core/catalog/asset-intake.ts); non-pictures download.
    reply.headers(assetResponseHeaders(ref.mime));
    return reply.send(fs.createReadStream(file));
  });

  app.register(async (scope) => {
    scope.get(BRIDGE_PATH, { websocket: true }, (socket, req) => {
      // Only pages we served may open the bridge: refuse cross-site WebSocket hijacking.
      const origin = req.headers.origin;
      const host = req.headers.host;
      if (origin && host && new URL(origin).host !== host) {
        services.log.warn({ origin }, 'bridge: refused foreign origin');
        socket.close(1008, 'origin not allowed');
        return;
      }
      const session = memoryBinding();
      attachBridge(socket, {
        dispatcher,
        events: services.events,
        log: services.log,
        // The mirror's own connection: a PIN on the mirror binds a session to this socket only.
        context: () => callerOf((t) => adminOf(services).accounts.principal(t), session, `ws:${req.socket.remoteAddress ?? '?'}`),
      });
    });
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
    close: async () => {
      await admin.close();
      await app.close();
    },
  };
}
