import type { SessionInfo, StaffRole, StaffUser } from '../../shared/admin';
import { ApiError } from '../../shared/contract-kit';
import type { CatalogDb } from '../catalog/db';
import type { AuditLog } from './audit';
import { dummyHash, hashSecret, verifySecret } from './hash';
import { afterFailure, afterSuccess, lockedForMs, MAX_FAILURES, type LockState } from './lockout';
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

  constructor(
    private readonly db: CatalogDb,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {
    this.sessions = new SessionStore(now);
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
   * Checks a PIN. Wrong PINs count towards a lock-out (see lockout.ts); while locked, even the right PIN is refused
   * without being checked. Unknown ids take as long as wrong PINs and get the same message.
   */
  async login(id: string, pin: string, origin: string): Promise<{ token: string; info: SessionInfo }> {
    const user = this.row(id);
    if (!user || user.disabled_at) {
      await verifySecret(pin, await dummyHash());
      this.audit.write(null, 'login.failed', id, { origin });
      throw new ApiError('unauthorized', 'wrong staff id or PIN');
    }
    const lockWait = lockedForMs(lockState(user), this.now());
    if (lockWait > 0) {
      this.audit.write(null, 'login.locked', id, { origin });
      throw lockedError(lockWait);
    }
    if (!(await verifySecret(pin, user.pin_hash))) {
      const next = afterFailure(lockState(this.row(id) ?? user), this.now());
      this.saveLock(id, next);
      if (next.lockedUntilMs > this.now()) {
        this.audit.write(null, 'lockout', id, { origin, lockedForS: Math.ceil((next.lockedUntilMs - this.now()) / 1000) });
        throw lockedError(next.lockedUntilMs - this.now());
      }
      this.audit.write(null, 'login.failed', id, { origin, attempt: next.failures });
      throw new ApiError('unauthorized', `wrong staff id or PIN (${MAX_FAILURES - next.failures} tries left before a lock-out)`);
    }
    this.saveLock(id, afterSuccess());
    this.audit.write(id, 'login', id, { origin });
    return this.startSession(user);
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
    if (!cur || !(await verifySecret(currentPin, cur.pin_hash))) throw new ApiError('unauthorized', 'the current PIN is wrong');
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

function lockedError(ms: number): ApiError {
  return new ApiError('forbidden', `locked after too many wrong PINs: try again in ${Math.ceil(ms / 1000)} s`, [`lockedForS: ${Math.ceil(ms / 1000)}`]);
}

function sessionInfo(u: UserRow, s: Session): SessionInfo {
  return { userId: u.id, displayName: u.display_name, role: s.role, expiresAt: new Date(s.expiresAtMs).toISOString() };
}
