import type { Sql } from '../store/sql.js';

/**
 * Leases: work that must happen once in the center (an AV device's queue, the notification
 * outbox, warnings evaluation, schedules) is owned by one server at a time. A lease is a row:
 * its owner, when it ends, and a fencing token that grows each time the lease changes owner.
 * The owner renews well before the end; when it dies the lease runs out and a survivor takes
 * it with the next token. A write done for leased work checks its token in the same transaction
 * (`fence`), so an owner that stalled past its lease (a long GC pause, a partition) cannot act
 * after its successor started: its token is no longer the lease's.
 *
 * Time is the database's on PostgreSQL (servers' clocks do not decide who owns what); on SQLite
 * there is one server, and its clock.
 */
export interface Lease {
  name: string;
  owner: string;
  token: number;
  expiresAt: number;
}

const PG_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** The upsert that takes or renews a lease: it changes the row only when free, ended, or ours. */
function acquireText(now: string): string {
  return `INSERT INTO leases (name, owner, token, acquired_at, expires_at) VALUES (?, ?, 1, ${now}, ${now} + ?)
    ON CONFLICT (name) DO UPDATE SET
      token = CASE WHEN leases.owner = excluded.owner THEN leases.token ELSE leases.token + 1 END,
      acquired_at = CASE WHEN leases.owner = excluded.owner THEN leases.acquired_at ELSE excluded.acquired_at END,
      owner = excluded.owner,
      expires_at = excluded.expires_at
    WHERE leases.owner = excluded.owner OR leases.expires_at < ${now}
    RETURNING owner, token, expires_at`;
}
const ACQUIRE_PG = acquireText(PG_NOW);
const ACQUIRE_SQLITE = acquireText('?');

export class LeaseLost extends Error {
  constructor(readonly lease: string) {
    super(`lease ${lease} is no longer held by this server / máy chủ này không còn giữ ${lease}`);
    this.name = 'LeaseLost';
  }
}

/** Takes or renews `name` for `owner` for `ttlMs`; null while another owner holds it. */
export async function acquireLease(sql: Sql, name: string, owner: string, ttlMs: number, now = Date.now()): Promise<Lease | null> {
  const row =
    sql.engine === 'postgres'
      ? await sql.get<{ owner: string; token: number; expires_at: number }>(ACQUIRE_PG, [name, owner, ttlMs])
      : await sql.get<{ owner: string; token: number; expires_at: number }>(ACQUIRE_SQLITE, [name, owner, now, now, ttlMs, now]);
  return row ? { name, owner: row.owner, token: row.token, expiresAt: row.expires_at } : null;
}

/** Ends `owner`'s lease now (a clean stop), so another server takes it without waiting it out. */
export async function releaseLease(sql: Sql, name: string, owner: string): Promise<boolean> {
  return (await sql.run('UPDATE leases SET expires_at = 0 WHERE name = ? AND owner = ?', [name, owner])).changes > 0;
}

/** Who holds `name` now (null: nobody, or it ran out). */
export async function leaseHolder(sql: Sql, name: string, now = Date.now()): Promise<Lease | null> {
  const row =
    sql.engine === 'postgres'
      ? await sql.get<{ owner: string; token: number; expires_at: number }>(`SELECT owner, token, expires_at FROM leases WHERE name = ? AND expires_at >= ${PG_NOW}`, [name])
      : await sql.get<{ owner: string; token: number; expires_at: number }>('SELECT owner, token, expires_at FROM leases WHERE name = ? AND expires_at >= ?', [name, now]);
  return row ? { name, owner: row.owner, token: row.token, expiresAt: row.expires_at } : null;
}

/**
 * Throws LeaseLost unless `lease` still holds its token. Call it inside the transaction of the
 * write it guards: on PostgreSQL the row stays share-locked until that transaction ends, so a
 * takeover (which updates the row) waits for the write to commit and comes after it.
 */
export async function fence(tx: Sql, lease: Pick<Lease, 'name' | 'owner' | 'token'>): Promise<void> {
  const lock = tx.engine === 'postgres' ? ' FOR SHARE' : '';
  const row = await tx.get(`SELECT 1 AS held FROM leases WHERE name = ? AND owner = ? AND token = ?${lock}`, [lease.name, lease.owner, lease.token]);
  if (!row) throw new LeaseLost(lease.name);
}
