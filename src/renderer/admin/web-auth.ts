import type { SessionInfo } from '../../shared/admin';
import { ApiError, type ApiErrorCode } from '../../shared/contract-kit';

/**
 * Sign-in for the web admin page (a staff tablet): the session cookie is HttpOnly, so it can only be set by an
 * HTTP response — these POSTs, CSRF-protected with the token from `/admin/api/csrf`. The page reloads afterwards
 * so its bridge connection carries the new cookie.
 */
async function csrf(): Promise<string> {
  const r = await fetch('/admin/api/csrf', { credentials: 'same-origin' });
  return ((await r.json()) as { token: string }).token;
}

async function post(path: string, body: unknown): Promise<unknown> {
  const r = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': await csrf() },
    body: JSON.stringify(body),
  });
  const json = (await r.json().catch(() => ({}))) as { error?: { code: ApiErrorCode; message: string; details?: string[] }; session?: SessionInfo };
  if (!r.ok) throw new ApiError(json.error?.code ?? 'internal', json.error?.message ?? `HTTP ${r.status}`, json.error?.details);
  return json;
}

/** True on the web admin listener's page; false inside the mirror (Electron or the mirror's own page). */
export const isWebAdmin = (): boolean => location.pathname.endsWith('/admin') && !location.hash.startsWith('#/admin');

/** Sign-in on the tablet; first-run setup and the lock-out unlock happen on the kiosk's own screen only. */
export const webAuth = {
  login: (b: { id: string; pin: string }) => post('/admin/api/login', b),
  logout: () => post('/admin/api/logout', {}),
};

/** `message (detail; detail)` for showing an API error to staff. */
export function explain(e: unknown): string {
  if (e instanceof ApiError || (e && typeof e === 'object' && 'message' in e)) {
    const err = e as { message: string; details?: string[] };
    return err.details?.length ? `${err.message}: ${err.details.map((d) => d.replace(/^[^:]*: /, '')).join('; ')}` : err.message;
  }
  return String(e);
}
