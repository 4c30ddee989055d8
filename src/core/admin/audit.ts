import type { AuditEntry, AuditQuery } from '../../shared/admin';
import type { CatalogDb } from '../catalog/db';

/** Writes and reads the audit log: who changed what and when. Rows are never updated or deleted by the app. */
export class AuditLog {
  constructor(
    private readonly db: CatalogDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** `details` is stored as JSON; never put a PIN, a hash or a token in it. */
  write(userId: string | null, action: string, target: string | null, details?: unknown): void {
    this.db
      .prepare('INSERT INTO audit_log(at, user_id, action, target, details_json) VALUES (?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), userId, action, target, details === undefined ? null : JSON.stringify(details));
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
      .prepare(`SELECT id, at, user_id, action, target, details_json FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as Array<{ id: number; at: string; user_id: string | null; action: string; target: string | null; details_json: string | null }>;
    return {
      total,
      items: rows.map((r) => ({ id: r.id, at: r.at, userId: r.user_id, action: r.action, target: r.target, details: r.details_json ? (JSON.parse(r.details_json) as unknown) : null })),
    };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
