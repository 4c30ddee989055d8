import { mirrorCsp } from '../shared/csp';

/** The part of a reply the hook needs (any Fastify instance's reply, whatever its logger type). */
interface HeaderSink {
  header(name: string, value: string): unknown;
}

/**
 * An `onSend` hook giving every response of ours the same headers: the page's CSP (its `connect-src 'self'` is the
 * network fence), no MIME sniffing, no referrer, and cross-origin isolation (COOP/COEP) so no other origin can share
 * the page's process or embed our resources. `extra` adds per-listener headers (the admin listener forbids framing
 * and caching). Use: `app.addHook('onSend', securityHeaders())`.
 */
export function securityHeaders(extra: Record<string, string> = {}) {
  return async (_req: unknown, reply: HeaderSink, payload: unknown): Promise<unknown> => {
    reply.header('Content-Security-Policy', mirrorCsp());
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Embedder-Policy', 'require-corp');
    for (const [name, value] of Object.entries(extra)) reply.header(name, value);
    return payload;
  };
}
