import crypto from 'node:crypto';
import type { CatalogDb } from '../catalog/db';

/**
 * The audit log's hash chain. Each row stores the hash of the row before it (`prev_hash`) and its own
 * (`row_hash` = sha256 of that and every column), and `audit_head` stores the last row's id and hash. Editing a
 * row changes its hash; deleting one breaks the next row's link; deleting the last rows leaves `audit_head`
 * pointing past the end. Someone able to rewrite the whole chain and the head is not stopped by this (that needs
 * a copy kept elsewhere), but a changed or removed row no longer goes unnoticed.
 */

/** `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedRow {
  id: number;
  at: string;
  user_id: string | null;
  action: string;
  target: string | null;
  details_json: string | null;
  actor_address: string | null;
  actor_via: string | null;
}

/** sha256 (hex) of the previous row's hash and every column of `r`, in a fixed order. */
export function rowHash(prevHash: string, r: ChainedRow): string {
  const canonical = JSON.stringify([prevHash, r.id, r.at, r.user_id, r.action, r.target, r.details_json, r.actor_address, r.actor_via]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/** The chain's current end: the last row's id and hash (0 and GENESIS_HASH for an empty log). */
export function chainHead(db: CatalogDb): { lastId: number; hash: string } {
  const h = db.prepare<[], { last_id: number; row_hash: string }>('SELECT last_id, row_hash FROM audit_head WHERE id = 1').get();
  return h ? { lastId: h.last_id, hash: h.row_hash } : { lastId: 0, hash: GENESIS_HASH };
}

/** Records the new end of the chain; call inside the transaction that inserted the row. */
export function setChainHead(db: CatalogDb, lastId: number, hash: string): void {
  db.prepare('INSERT INTO audit_head(id, last_id, row_hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, row_hash = excluded.row_hash').run(
    lastId,
    hash,
  );
}

/** Migration step: seals the rows an older version wrote (no hashes yet), in id order. */
export function sealUnchainedRows(db: CatalogDb): void {
  let prev = GENESIS_HASH;
  let lastId = 0;
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?');
  for (const r of db.prepare<[], ChainedRow>('SELECT id, at, user_id, action, target, details_json, actor_address, actor_via FROM audit_log ORDER BY id').all()) {
    const hash = rowHash(prev, r);
    update.run(prev, hash, r.id);
    prev = hash;
    lastId = r.id;
  }
  if (lastId > 0) setChainHead(db, lastId, prev);
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** The first problem, one line naming the row. */
  problem: string | null;
}

/** Walks the whole chain in id order; stops at the first row that does not check out. */
export function verifyChain(db: CatalogDb): ChainReport {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let n = 0;
  const bad = (problem: string): ChainReport => ({ ok: false, rows: n, problem });
  for (const r of db
    .prepare<[], ChainedRow & { prev_hash: string | null; row_hash: string | null }>(
      'SELECT id, at, user_id, action, target, details_json, actor_address, actor_via, prev_hash, row_hash FROM audit_log ORDER BY id',
    )
    .iterate()) {
    if (r.prev_hash !== prev) return bad(`audit row ${r.id} (${r.action}): the row before it was deleted or changed (its link does not match)`);
    if (r.row_hash !== rowHash(prev, r)) return bad(`audit row ${r.id} (${r.action} at ${r.at}): the row was edited (its hash does not match)`);
    prev = r.row_hash;
    lastId = r.id;
    n++;
  }
  const head = chainHead(db);
  if (head.lastId !== lastId || head.hash !== prev) {
    return bad(head.lastId > lastId ? `audit log ends at row ${lastId} but row ${head.lastId} was written: the last rows were deleted` : `audit log: the chain head does not match row ${lastId}`);
  }
  return { ok: true, rows: n, problem: null };
}
