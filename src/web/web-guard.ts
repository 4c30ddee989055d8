import fs from 'node:fs';
import os from 'node:os';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { BRIDGE_PATH } from '../shared/bridge-protocol';
import { isSha256, WEB_ASSET_PATH } from '../shared/asset-url';
import { assetResponseHeaders } from '../core/catalog/asset-intake';
import { adminOf } from '../core/admin/service';
import type { CoreServices } from '../core/services';
import { isLoopback } from '../core/health';
import { securityHeaders } from './security-headers';

/** Largest bridge message accepted: a 1280×720 RGBA frame plus envelope. */
export const MAX_MESSAGE_BYTES = 1280 * 720 * 4 + 64 * 1024;
/** Largest HTTP body (sign-in forms; uploads travel over the bridge). @default 1 MiB */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Open bridge connections one address may hold. @default 16 */
export const MAX_CONNECTIONS_PER_ADDRESS = 16;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export interface WebGuardOptions {
  services: CoreServices;
  /** The address this listener binds to: a wildcard allows this machine's own addresses as Host. */
  bindHost: string;
  /** Headers this listener adds to every response (the admin listener forbids framing and caching). */
  extraHeaders?: Record<string, string>;
  /** Serves the contract on a bridge connection whose Host and Origin passed. */
  bridge: (socket: WebSocket, req: FastifyRequest) => void;
}

/** The host name of a `Host` header or URL host, lower-case, without port or IPv6 brackets. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** True when `host` (a Host header) names this machine's loopback: the page was opened on the kiosk itself. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = hostName(host);
  return LOOPBACK_NAMES.has(name) || name.startsWith('127.');
}

/**
 * Why a WebSocket or state-changing request must be refused for its Origin, or null: browsers always send Origin
 * there, so it must be present, parse as a URL (`null` from a sandboxed frame or a file does not) and name exactly the
 * Host the request came to (a page we served). Never throws.
 */
export function originProblem(headers: IncomingHttpHeaders): string | null {
  const origin = headers.origin;
  const host = headers.host;
  if (!origin || origin === 'null') return 'missing Origin';
  if (!host) return 'missing Host';
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'unparsable Origin';
  }
  return originHost.toLowerCase() === host.toLowerCase() ? null : 'foreign Origin';
}

/**
 * The one set of network checks both web listeners (the mirror's and the staff tablet's) use, so theirs cannot
 * differ: a Host allow-list on every request (DNS rebinding), Origin on the bridge, security headers, body and
 * message limits, connections per address, cookies, rate limits, the catalog asset route and the bridge route.
 * Register it first, then the listener's own routes.
 */
export async function webGuard<L extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>,
  opts: WebGuardOptions,
): Promise<void> {
  const { services } = opts;
  const log = services.log.child({ mod: 'web-guard' });
  await app.register(fastifyCookie);
  // Per-route limits (routes opt in with `config.rateLimit`); keyed by the client's address.
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  app.addHook('onSend', securityHeaders(opts.extraHeaders));

  const ownAddresses = (): Set<string> => {
    const names = new Set<string>();
    if (!WILDCARD.has(opts.bindHost)) names.add(hostName(opts.bindHost));
    else for (const i of Object.values(os.networkInterfaces()).flat()) if (i) names.add(i.address.toLowerCase());
    return names;
  };
  let own = ownAddresses();
  let ownAtMs = Date.now();
  const hostAllowed = (host: string | undefined): boolean => {
    if (!host) return false;
    const name = hostName(host);
    if (isLoopbackHost(host)) return true;
    if (Date.now() - ownAtMs > 10_000) {
      // Interfaces come and go (DHCP); re-read them now and then, not per request.
      own = ownAddresses();
      ownAtMs = Date.now();
    }
    return own.has(name) || services.loaded.config.security.allowedHosts.some((h) => h.toLowerCase() === name);
  };

  app.addHook('onRequest', async (req, reply) => {
    if (!hostAllowed(req.headers.host)) {
      log.warn({ host: req.headers.host?.slice(0, 100), url: req.url.slice(0, 100) }, 'refused: Host not allowed');
      return reply.code(403).send({ error: 'this address is not served here (Host not allowed)' });
    }
  });

  // Catalog assets by sha256: immutable, so cacheable for a year. Only 64-hex names reach the file system.
  app.get<{ Params: { sha: string } }>(
    `/${WEB_ASSET_PATH}:sha`,
    { config: { rateLimit: { max: 1200, timeWindow: 60_000, allowList: (req) => isLoopback(req.socket.remoteAddress) } } },
    async (req, reply) => {
      const sha = req.params.sha;
      if (!isSha256(sha)) return reply.code(400).send({ error: 'asset id must be a sha256' });
      // A garment, or one of the store's attract-loop pictures and clips.
      const mime = services.catalog.asset(sha)?.mime ?? adminOf(services).media.mime(sha);
      const file = services.catalog.assets.pathOf(sha);
      if (!mime || !fs.existsSync(file)) return reply.code(404).send({ error: 'no such asset' });
      reply.header('Cache-Control', 'public, max-age=31536000, immutable');
      reply.header('Cross-Origin-Resource-Policy', 'same-origin');
      // The type its content was checked to be (core/catalog/asset-intake.ts); anything not a picture downloads.
      reply.headers(assetResponseHeaders(mime));
      return reply.send(fs.createReadStream(file));
    },
  );

  const perAddress = new Map<string, number>();
  app.register(async (scope) => {
    scope.get(BRIDGE_PATH, { websocket: true }, (socket, req) => {
      // Only pages we served may open the bridge (cross-site WebSocket hijacking): refused with a clean close.
      const problem = originProblem(req.headers);
      if (problem) {
        log.warn({ origin: req.headers.origin?.slice(0, 100), problem }, 'bridge: refused');
        socket.close(1008, `origin not allowed: ${problem}`);
        return;
      }
      const address = req.socket.remoteAddress ?? '?';
      const open = perAddress.get(address) ?? 0;
      if (open >= MAX_CONNECTIONS_PER_ADDRESS) {
        log.warn({ address }, 'bridge: too many connections from one address');
        socket.close(1013, 'too many connections from this address');
        return;
      }
      perAddress.set(address, open + 1);
      socket.once('close', () => {
        const n = (perAddress.get(address) ?? 1) - 1;
        if (n > 0) perAddress.set(address, n);
        else perAddress.delete(address);
      });
      opts.bridge(socket, req);
    });
  });
}
