import crypto from 'node:crypto';

/**
 * PIN/password hashing with scrypt (node:crypto): a random salt per secret, the parameters stored with the hash so
 * they can be raised later without breaking stored accounts, and a constant-time comparison.
 * Stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 */

/** scrypt cost: N = 2^15, r = 8, p = 1 — OWASP's minimum for scrypt; ≈50 ms here, 32 MiB of memory. */
const SCRYPT_N = 1 << 15;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Node refuses N·r·128 above its default 32 MiB maxmem; allow a little headroom. */
const MAX_MEM_BYTES = 64 * 1024 * 1024;

function scrypt(secret: string, salt: Buffer, n: number, r: number, p: number, len: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(secret.normalize('NFKC'), salt, len, { N: n, r, p, maxmem: MAX_MEM_BYTES }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES);
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True if `secret` matches `stored`. A malformed stored hash never matches (and never throws). */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (!Number.isInteger(n) || !Number.isInteger(r) || !Number.isInteger(p) || expected.length === 0 || salt.length === 0) return false;
  let actual: Buffer;
  try {
    actual = await scrypt(secret, salt, n, r, p, expected.length);
  } catch {
    return false;
  }
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * A hash of a random secret, checked when the account named does not exist, so that "no such user" takes as
 * long as "wrong PIN" and login timing does not reveal which staff ids exist.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashSecret(crypto.randomBytes(16).toString('hex')));
}
