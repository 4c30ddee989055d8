import crypto from 'node:crypto';

/**
 * Cookies and CSRF checks of the web admin listener. The session token lives in an HttpOnly, SameSite=Strict
 * cookie page script cannot read; state-changing HTTP requests must also carry the CSRF token (double submit:
 * the `atelier_csrf` cookie echoed in `X-CSRF-Token`) and an Origin of this very host.
 */
export const SESSION_COOKIE = 'atelier_admin';
export const CSRF_COOKIE = 'atelier_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** `Cookie:` header → name/value pairs (first occurrence wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        // A cookie we did not set (bad escape): ignore it.
      }
    }
  }
  return out;
}

/** @param maxAgeS 0 deletes the cookie. */
export function cookie(name: string, value: string, opts: { httpOnly: boolean; maxAgeS?: number; secure?: boolean }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
  if (opts.httpOnly) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  if (opts.maxAgeS !== undefined) parts.push(`Max-Age=${opts.maxAgeS}`);
  return parts.join('; ');
}

export function newCsrfToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/**
 * Why a state-changing request must be refused, or null if it may go on. `host` is the request's Host header;
 * the Origin must name exactly that host (a page we served), and the header token must equal the cookie's.
 */
export function csrfProblem(headers: { origin?: string | undefined; host?: string | undefined; cookie?: string | undefined; token?: string | undefined }): string | null {
  if (!headers.origin || !headers.host) return 'missing Origin';
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return 'bad Origin';
  }
  if (originHost !== headers.host) return 'foreign Origin';
  const expected = parseCookies(headers.cookie).get(CSRF_COOKIE);
  const given = headers.token;
  if (!expected || !given) return 'missing CSRF token';
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return 'CSRF token mismatch';
  return null;
}
