import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { HqError, transaction, type HqPool } from './db';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

/** Minutes an enrollment code stays valid. @default 60 */
export const ENROLL_CODE_TTL_MIN = 60;
/** Hours a staff sign-in lasts. @default 12 */
export const STAFF_SESSION_HOURS = 12;
/** Characters of a staff password at least. @default 10 */
export const MIN_PASSWORD_CHARS = 10;

export type StaffRole = 'admin' | 'editor' | 'analyst';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'editor', 'analyst'];

/** What each role may do; admin may do everything. */
export type Permission = 'catalog' | 'overrides' | 'figures' | 'fleet' | 'stores' | 'mirrors' | 'staff';
const ROLE_PERMISSIONS: Record<StaffRole, ReadonlySet<Permission>> = {
  admin: new Set(['catalog', 'overrides', 'figures', 'fleet', 'stores', 'mirrors', 'staff']),
  editor: new Set(['catalog', 'overrides', 'figures', 'fleet']),
  analyst: new Set(['figures', 'fleet']),
};
export function may(role: StaffRole, p: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(p);
}

/** sha256 of a secret: tokens and codes are stored only this way, so a database dump enrolls nothing. */
export function secretHash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** A random secret of `bytes` bytes, URL-safe. */
function randomSecret(bytes: number): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * A one-time enrollment code for a new mirror of `storeId`: 12 characters of Crockford base32 in groups of four
 * (typed on the mirror, read over the phone), valid ENROLL_CODE_TTL_MIN minutes.
 */
export async function createEnrollmentCode(pool: HqPool, storeId: string, by: string | null): Promise<{ code: string; expiresAt: string }> {
  const store = await pool.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
  if (store.rowCount === 0) throw new HqError(`no store ${storeId}`, 404);
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const raw = Array.from(crypto.randomBytes(12), (b) => alphabet[b % 32]).join('');
  const code = raw.match(/.{4}/g)!.join('-');
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO enrollment_codes(code_hash, store_id, created_by, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING expires_at`,
    [secretHash(normaliseCode(code)), storeId, by, ENROLL_CODE_TTL_MIN],
  );
  return { code, expiresAt: rows[0]!.expires_at.toISOString() };
}

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export interface Enrollment {
  mirrorId: string;
  storeId: string;
  /** The mirror's bearer token: shown once, stored by HQ only as its hash. */
  token: string;
}

/** Trades a one-time code for a mirror identity and token. A used, expired or unknown code gets one line. */
export async function enrollMirror(pool: HqPool, code: string, name: string): Promise<Enrollment> {
  const cleanName = name.trim().slice(0, 100) || 'mirror';
  return transaction(pool, async (c) => {
    const { rows } = await c.query<{ store_id: string; used_at: Date | null; expired: boolean }>(
      'SELECT store_id, used_at, expires_at < now() AS expired FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE',
      [secretHash(normaliseCode(code))],
    );
    const row = rows[0];
    if (!row) throw new HqError('unknown enrollment code', 403);
    if (row.used_at) throw new HqError('this enrollment code was already used: ask HQ for a new one', 403);
    if (row.expired) throw new HqError('this enrollment code has expired: ask HQ for a new one', 403);
    const mirrorId = crypto.randomUUID();
    const token = `atm_${randomSecret(32)}`;
    await c.query('INSERT INTO mirrors(id, store_id, name, token_hash) VALUES ($1, $2, $3, $4)', [mirrorId, row.store_id, cleanName, secretHash(token)]);
    await c.query('UPDATE enrollment_codes SET used_at = now(), mirror_id = $2 WHERE code_hash = $1', [secretHash(normaliseCode(code)), mirrorId]);
    return { mirrorId, storeId: row.store_id, token };
  });
}

export interface MirrorIdentity {
  mirrorId: string;
  storeId: string;
}

/** Seconds a verified mirror token is remembered, so a poll costs no token query. Revocation clears it at once. */
const TOKEN_CACHE_S = 30;

/** Checks mirror bearer tokens against the database, with a short in-process cache. */
export class MirrorTokens {
  private readonly cache = new Map<string, { id: MirrorIdentity; untilMs: number }>();
  constructor(private readonly pool: HqPool) {}

  async verify(authorization: string | undefined): Promise<MirrorIdentity> {
    const m = /^Bearer (atm_[A-Za-z0-9_-]{20,})$/.exec(authorization ?? '');
    if (!m) throw new HqError('a mirror token is needed (Authorization: Bearer atm_…)', 401);
    const hash = secretHash(m[1]!);
    const hit = this.cache.get(hash);
    if (hit && hit.untilMs > Date.now()) return hit.id;
    const { rows } = await this.pool.query<{ id: string; store_id: string; revoked_at: Date | null }>('SELECT id, store_id, revoked_at FROM mirrors WHERE token_hash = $1', [hash]);
    const row = rows[0];
    if (!row) throw new HqError('unknown mirror token', 401);
    if (row.revoked_at) throw new HqError('this mirror was revoked at HQ: enroll it again with a new code', 401);
    const id = { mirrorId: row.id, storeId: row.store_id };
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(hash, { id, untilMs: Date.now() + TOKEN_CACHE_S * 1000 });
    return id;
  }

  /** Revokes a mirror: its token stops working now (this process) and within TOKEN_CACHE_S on every other. */
  async revoke(mirrorId: string): Promise<void> {
    const r = await this.pool.query<{ token_hash: string }>('UPDATE mirrors SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING token_hash', [mirrorId]);
    if (r.rowCount === 0) throw new HqError(`no mirror ${mirrorId}`, 404);
    this.cache.delete(r.rows[0]!.token_hash);
  }
}

// --- staff ------------------------------------------------------------------------------------------------------

async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [kind, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const got = await scrypt(password, Buffer.from(salt, 'base64'), 32, { N: 16384, r: 8, p: 1 });
  return crypto.timingSafeEqual(got, Buffer.from(key, 'base64'));
}

/** Adds or updates an HQ staff account. */
export async function putStaff(pool: HqPool, id: string, role: StaffRole, password: string, displayName = id): Promise<void> {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(id)) throw new HqError(`staff id "${id.slice(0, 64)}" must be lower-case letters, digits and . _ -`);
  if (!STAFF_ROLES.includes(role)) throw new HqError(`role must be ${STAFF_ROLES.join(', ')}`);
  if (password.length < MIN_PASSWORD_CHARS) throw new HqError(`a staff password needs at least ${MIN_PASSWORD_CHARS} characters`);
  await pool.query(
    `INSERT INTO staff(id, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role, password_hash = excluded.password_hash, disabled_at = NULL`,
    [id, displayName, role, await hashPassword(password)],
  );
}

export interface StaffIdentity {
  id: string;
  role: StaffRole;
}

/** Signs staff in: a session token (cookie) valid STAFF_SESSION_HOURS. Wrong id or password: one line, no hint which. */
export async function staffLogin(pool: HqPool, id: string, password: string): Promise<{ token: string; staff: StaffIdentity }> {
  const { rows } = await pool.query<{ role: StaffRole; password_hash: string; disabled_at: Date | null }>('SELECT role, password_hash, disabled_at FROM staff WHERE id = $1', [id]);
  const row = rows[0];
  // Hash anyway for an unknown id, so the answer's timing does not say which ids exist.
  const ok = await checkPassword(password, row?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  if (!row || !ok || row.disabled_at) throw new HqError('wrong staff id or password', 401);
  const token = `ats_${randomSecret(32)}`;
  await pool.query(`INSERT INTO staff_sessions(token_hash, staff_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`, [secretHash(token), id, STAFF_SESSION_HOURS]);
  return { token, staff: { id, role: row.role } };
}

export async function staffFromSession(pool: HqPool, token: string | undefined): Promise<StaffIdentity> {
  if (!token || !token.startsWith('ats_')) throw new HqError('sign in first', 401);
  const { rows } = await pool.query<{ id: string; role: StaffRole }>(
    `SELECT s.id, s.role FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
     WHERE x.token_hash = $1 AND x.expires_at > now() AND s.disabled_at IS NULL`,
    [secretHash(token)],
  );
  if (!rows[0]) throw new HqError('sign in first (the session expired or was ended)', 401);
  return rows[0];
}

export async function staffLogout(pool: HqPool, token: string): Promise<void> {
  await pool.query('DELETE FROM staff_sessions WHERE token_hash = $1', [secretHash(token)]);
}
