import type { SessionInfo, StaffRole, StaffUser } from '../../shared/admin';
import { ApiError } from '../../shared/contract-kit';
import type { CatalogDb } from '../catalog/db';
import type { AuditLog } from './audit';
import { dummyHash, hashSecret, verifySecret } from './hash';
import { afterFailure, afterSuccess, lockedForMs, MAX_FAILURES, type LockState } from './lockout';
import { addressKey, HashGate, KeyedLock, LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MS, RateWindow } from './login-guard';
import { SessionStore, type Session } from './sessions';

interface UserRow {
  id: string;
  display_name: string;
  role: StaffRole;
  pin_hash: string;
  created_at: string;
  disabled_at: string | null;
  failed_attempts: number;
  lockouts: number;
  locked_until_ms: number;
}

/** The signed-in caller, as the shells put it in `CallContext`. */
export interface Principal {
  userId: string;
  role: StaffRole;
}

/**
 * Staff accounts, sign-in and sessions. There is no default account and no default PIN: until a manager is set up
 * (`setup`, allowed exactly once) nobody can sign in. Every change is written to the audit log.
 */
export class StaffAccounts {
  readonly sessions: SessionStore;
  private readonly perAccount = new KeyedLock();
  private readonly hashes = new HashGate();
  private readonly perAddress: RateWindow;

  /** @param minPinDigits digits a new PIN needs (config `security.minPinDigits`), read on each use. @default 6 */
  constructor(
    private readonly db: CatalogDb,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    private readonly minPinDigits: () => number = () => 6,
  ) {
    this.sessions = new SessionStore(now);
    this.perAddress = new RateWindow(LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MS, now);
  }

  /**
   * Refuses a new PIN shorter than the configured minimum (a password of 8+ characters is fine). Existing shorter
   * PINs keep working: this applies when a PIN is set, never at sign-in.
   */
  checkNewSecret(secret: string): void {
    const min = this.minPinDigits();
    if (/^\d+$/.test(secret) && secret.length < min) throw new ApiError('bad_request', `a new PIN needs at least ${min} digits`, [`pin: at least ${min} digits`]);
  }

  /**
   * Counts a sign-in attempt from `address` (`ws:1.2.3.4`, `http:…`).
   * @throws ApiError `rate_limited` over the per-address limit: nothing is hashed then.
   */
  takeAttempt(address: string): void {
    const key = addressKey(address);
    if (!this.perAddress.take(key)) {
      const waitS = this.perAddress.waitS(key);
      throw new ApiError('rate_limited', `Too many sign-in attempts from this device. Try again in ${waitWords(waitS)}.`, [`retryInS: ${waitS}`]);
    }
  }

  private row(id: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM staff_users WHERE id = ?').get(id) as UserRow | undefined;
  }

  /** True until the first manager account exists. */
  needsSetup(): boolean {
    return !this.db.prepare(`SELECT 1 FROM staff_users WHERE role = 'manager' LIMIT 1`).get();
  }

  /** First run: creates the manager account and signs it in. Refused once any manager exists. */
  async setup(id: string, displayName: string, pin: string): Promise<{ token: string; info: SessionInfo }> {
    this.checkNewSecret(pin);
    const hash = await hashSecret(pin);
    // Checked again after the (slow) hash so two concurrent first-run requests cannot both create a manager.
    const created = this.db.transaction(() => {
      if (!this.needsSetup()) return false;
      this.insert(id, displayName, 'manager', hash);
      return true;
    }).immediate();
    if (!created) throw new ApiError('conflict', 'the store is already set up: sign in instead');
    this.audit.write(id, 'setup', id, { displayName });
    return this.startSession(this.row(id)!);
  }

  /**
   * Checks a PIN. Limited per client address (`address`, see `takeAttempt`), one at a time per account, and the
   * failure is counted before the hash (a crash or a parallel guess cannot skip it); the lock is read again after
   * the hash, so a guess that raced a lock-out is still refused. While locked even the right PIN is refused without
   * being checked. Unknown ids take as long as wrong PINs and get the same message.
   * @param origin for the audit log; @param address the caller's address for the per-address limit (default: origin).
   */
  async login(id: string, pin: string, origin: string, address: string = origin): Promise<{ token: string; info: SessionInfo }> {
    this.takeAttempt(address);
    return this.perAccount.run(id, async () => {
      const user = this.row(id);
      if (!user || user.disabled_at) {
        await this.hashes.run(async () => verifySecret(pin, await dummyHash()));
        this.audit.write(null, 'login.failed', id, { origin });
        throw new ApiError('unauthorized', 'Wrong staff id or PIN.');
      }
      const lockWait = lockedForMs(lockState(user), this.now());
      if (lockWait > 0) {
        this.audit.write(null, 'login.locked', id, { origin });
        throw lockedError(lockWait);
      }
      // Reserve the attempt: it counts as a failure until the hash proves otherwise.
      const reserved = afterFailure(lockState(user), this.now());
      this.saveLock(id, reserved);
      const ok = await this.hashes.run(() => verifySecret(pin, user.pin_hash));
      const after = this.row(id);
      if (!after || after.disabled_at) throw new ApiError('unauthorized', 'Wrong staff id or PIN.');
      if (ok) {
        // Someone else (another process, a manager) locked the account while we hashed: the lock wins.
        const state = lockState(after);
        const changed = state.failures !== reserved.failures || state.lockouts !== reserved.lockouts || state.lockedUntilMs !== reserved.lockedUntilMs;
        if (changed && lockedForMs(state, this.now()) > 0) {
          this.audit.write(null, 'login.locked', id, { origin });
          throw lockedError(lockedForMs(state, this.now()));
        }
        this.saveLock(id, afterSuccess());
        this.audit.write(id, 'login', id, { origin });
        return this.startSession(after);
      }
      if (reserved.lockedUntilMs > this.now()) {
        this.audit.write(null, 'lockout', id, { origin, lockedForS: Math.ceil((reserved.lockedUntilMs - this.now()) / 1000) });
        throw lockedError(reserved.lockedUntilMs - this.now());
      }
      this.audit.write(null, 'login.failed', id, { origin, attempt: reserved.failures });
      const left = MAX_FAILURES - reserved.failures;
      throw new ApiError('unauthorized', `Wrong staff id or PIN. ${left} ${left === 1 ? 'try' : 'tries'} left.`, [`triesLeft: ${left}`]);
    });
  }

  /**
   * At the kiosk, with a code shown on its screen (checked by the caller): signs in with the right PIN whatever the
   * lock-out, and clears it. A manager locked out by someone guessing from the network can always get back in.
   * Limited per address like `login`; the caller's code is used up by each try.
   */
  async unlockAtKiosk(id: string, pin: string, origin: string, address: string = origin): Promise<{ token: string; info: SessionInfo }> {
    this.takeAttempt(address);
    return this.perAccount.run(id, async () => {
      const user = this.row(id);
      const ok = await this.hashes.run(async () => verifySecret(pin, user && !user.disabled_at ? user.pin_hash : await dummyHash()));
      if (!user || user.disabled_at || !ok) {
        this.audit.write(null, 'unlock.failed', id, { origin });
        throw new ApiError('unauthorized', 'Wrong staff id or PIN. Ask the mirror for a new code.');
      }
      this.saveLock(id, afterSuccess());
      this.audit.write(id, 'unlock.kiosk', id, { origin });
      return this.startSession(user);
    });
  }

  logout(token: string | null | undefined): void {
    const s = this.sessions.check(token, false);
    this.sessions.revoke(token);
    if (s) this.audit.write(s.userId, 'logout', s.userId);
  }

  /** The caller behind `token` (touching its idle timer), or null: unknown, expired, idle, or user disabled. */
  principal(token: string | null | undefined): Principal | null {
    const s = this.sessions.check(token);
    return s ? { userId: s.userId, role: s.role } : null;
  }

  info(token: string | null | undefined): SessionInfo | null {
    const s = this.sessions.check(token);
    const u = s ? this.row(s.userId) : undefined;
    return s && u ? sessionInfo(u, s) : null;
  }

  list(): StaffUser[] {
    const rows = this.db.prepare('SELECT * FROM staff_users ORDER BY role DESC, id').all() as UserRow[];
    return rows.map((r) => this.view(r));
  }

  async create(by: Principal, u: { id: string; displayName: string; role: StaffRole; pin: string }): Promise<StaffUser> {
    if (this.row(u.id)) throw new ApiError('conflict', `the staff id "${u.id}" is taken`);
    this.checkNewSecret(u.pin);
    this.insert(u.id, u.displayName, u.role, await hashSecret(u.pin));
    this.audit.write(by.userId, 'user.create', u.id, { role: u.role, displayName: u.displayName });
    return this.view(this.row(u.id)!);
  }

  async update(
    by: Principal,
    u: { id: string; displayName?: string | undefined; role?: StaffRole | undefined; pin?: string | undefined; disabled?: boolean | undefined; unlock?: boolean | undefined },
  ): Promise<StaffUser> {
    const cur = this.row(u.id);
    if (!cur) throw new ApiError('not_found', `no staff account "${u.id}"`);
    const demotes = (u.role && u.role !== 'manager') || u.disabled === true;
    if (cur.role === 'manager' && demotes && this.activeManagers() <= 1) {
      throw new ApiError('conflict', 'this is the last manager: make another manager first');
    }
    if (u.pin) this.checkNewSecret(u.pin);
    const hash = u.pin ? await hashSecret(u.pin) : null;
    this.db
      .prepare(
        `UPDATE staff_users SET display_name = coalesce(?, display_name), role = coalesce(?, role), pin_hash = coalesce(?, pin_hash),
           disabled_at = CASE WHEN ? IS NULL THEN disabled_at WHEN ? = 1 THEN coalesce(disabled_at, ?) ELSE NULL END
         WHERE id = ?`,
      )
      .run(u.displayName ?? null, u.role ?? null, hash, u.disabled === undefined ? null : 1, u.disabled ? 1 : 0, new Date(this.now()).toISOString(), u.id);
    if (u.unlock || hash) this.saveLock(u.id, afterSuccess());
    // A new role, PIN or a disabled account must not keep working through an old session.
    if (u.role || hash || u.disabled) this.sessions.revokeUser(u.id);
    const changed = Object.keys(u).filter((k) => k !== 'id' && k !== 'pin');
    this.audit.write(by.userId, 'user.update', u.id, { changed, pinChanged: hash !== null });
    return this.view(this.row(u.id)!);
  }

  async changeOwnPin(by: Principal, currentPin: string, newPin: string): Promise<void> {
    const cur = this.row(by.userId);
    this.checkNewSecret(newPin);
    if (!cur || !(await this.hashes.run(() => verifySecret(currentPin, cur.pin_hash)))) throw new ApiError('unauthorized', 'the current PIN is wrong');
    this.db.prepare('UPDATE staff_users SET pin_hash = ? WHERE id = ?').run(await hashSecret(newPin), by.userId);
    this.audit.write(by.userId, 'user.pin', by.userId);
  }

  private activeManagers(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM staff_users WHERE role = 'manager' AND disabled_at IS NULL`).get() as { n: number }).n;
  }

  private insert(id: string, displayName: string, role: StaffRole, hash: string): void {
    this.db
      .prepare('INSERT INTO staff_users(id, display_name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, displayName, role, hash, new Date(this.now()).toISOString());
  }

  private saveLock(id: string, s: LockState): void {
    this.db.prepare('UPDATE staff_users SET failed_attempts = ?, lockouts = ?, locked_until_ms = ? WHERE id = ?').run(s.failures, s.lockouts, s.lockedUntilMs, id);
  }

  private startSession(u: UserRow): { token: string; info: SessionInfo } {
    const { token, session } = this.sessions.create(u.id, u.role);
    return { token, info: sessionInfo(u, session) };
  }

  private view(r: UserRow): StaffUser {
    return {
      id: r.id,
      displayName: r.display_name,
      role: r.role,
      createdAt: r.created_at,
      disabled: r.disabled_at !== null,
      lockedForS: Math.ceil(lockedForMs(lockState(r), this.now()) / 1000),
    };
  }
}

function lockState(r: UserRow): LockState {
  return { failures: r.failed_attempts, lockouts: r.lockouts, lockedUntilMs: r.locked_until_ms };
}

/** The lock-out as staff read it ("Too many wrong PINs. Try again in 30 seconds."); `lockedForS` lets a screen count down. */
function lockedError(ms: number): ApiError {
  const s = Math.ceil(ms / 1000);
  return new ApiError('forbidden', `Too many wrong PINs. Try again in ${waitWords(s)}.`, [`lockedForS: ${s}`]);
}

/** `1 second`, `30 seconds`, `2 minutes` (rounded up: never promises a try that would still be refused). */
export function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

function sessionInfo(u: UserRow, s: Session): SessionInfo {
  return { userId: u.id, displayName: u.display_name, role: s.role, expiresAt: new Date(s.expiresAtMs).toISOString() };
}
