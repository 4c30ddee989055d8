import type { AuditEntry, AuditQuery } from '../../shared/admin';
import type { CatalogDb } from '../catalog/db';
import { chainHead, rowHash, setChainHead, verifyChain, type ChainedRow, type ChainReport } from './audit-chain';

/** Where an action came from: the caller's address and which screen — the kiosk itself, a staff tablet, the CLI. */
export interface AuditPlace {
  address: string | null;
  via: 'kiosk' | 'tablet' | 'lan' | 'cli' | 'system';
}

/**
 * Reads a CallContext's `origin` (`ipc:<url>` from Electron, `ws:<address>` from the mirror listener,
 * `ws-admin:<address>` from the staff tablet listener, `cli:<os user>` from the command line).
 */
export function placeOf(origin: string | undefined): AuditPlace {
  if (!origin) return { address: null, via: 'system' };
  const [kind, ...rest] = origin.split(':');
  const address = rest.join(':') || null;
  if (kind === 'ipc') return { address: null, via: 'kiosk' };
  if (kind === 'ws-admin') return { address, via: 'tablet' };
  if (kind === 'cli') return { address: null, via: 'cli' };
  // The mirror listener: the kiosk's own browser on loopback, anything else is another machine on the LAN.
  if (kind === 'ws') return { address, via: address && /^(127\.|::1$|::ffff:127\.)/.test(address) ? 'kiosk' : 'lan' };
  return { address, via: 'system' };
}

/**
 * Writes and reads the audit log: who changed what, when and from where. Rows are never updated or deleted by the
 * app, and each one is chained to the one before by its hash (audit-chain.ts), so `verify()` finds one that was.
 */
export class AuditLog {
  constructor(
    private readonly db: CatalogDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * `details` is stored as JSON; never put a PIN, a hash or a token in it. `origin` is the caller's
   * CallContext origin (see `placeOf`).
   */
  write(userId: string | null, action: string, target: string | null, details?: unknown, origin?: string): void {
    const place = placeOf(origin);
    // One writer at a time extends the chain: read the head, insert, move the head, in one immediate transaction.
    this.db
      .transaction(() => {
        const head = chainHead(this.db);
        const maxId = (this.db.prepare('SELECT max(id) AS m FROM audit_log').get() as { m: number | null }).m ?? 0;
        const row = {
          id: Math.max(maxId, head.lastId) + 1,
          at: this.now().toISOString(),
          user_id: userId,
          action,
          target,
          details_json: details === undefined ? null : JSON.stringify(details),
          actor_address: place.address,
          actor_via: place.via,
        };
        const hash = rowHash(head.hash, row);
        this.db
          .prepare(
            `INSERT INTO audit_log(id, at, user_id, action, target, details_json, actor_address, actor_via, prev_hash, row_hash)
             VALUES (@id, @at, @user_id, @action, @target, @details_json, @actor_address, @actor_via, @prev, @hash)`,
          )
          .run({ ...row, prev: head.hash, hash });
        setChainHead(this.db, row.id, hash);
      })
      .immediate();
  }

  /** Checks the whole hash chain; the first bad row is named. */
  verify(): ChainReport {
    return verifyChain(this.db);
  }

  /** Newest first. Filters combine with AND; `action` is a prefix, `target` a substring. */
  query(q: AuditQuery): { items: AuditEntry[]; total: number } {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (q.userId) {
      where.push('user_id = ?');
      args.push(q.userId);
    }
    if (q.action) {
      where.push(`action LIKE ? ESCAPE '\\'`);
      args.push(`${escapeLike(q.action)}%`);
    }
    if (q.target) {
      where.push(`target LIKE ? ESCAPE '\\'`);
      args.push(`%${escapeLike(q.target)}%`);
    }
    if (q.from) {
      where.push('at >= ?');
      args.push(new Date(q.from).toISOString());
    }
    if (q.to) {
      where.push('at <= ?');
      args.push(new Date(q.to).toISOString());
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT id, at, user_id, action, target, details_json, actor_address, actor_via FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as ChainedRow[];
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        action: r.action,
        target: r.target,
        details: r.details_json ? (JSON.parse(r.details_json) as unknown) : null,
        address: r.actor_address,
        via: r.actor_via,
      })),
    };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
