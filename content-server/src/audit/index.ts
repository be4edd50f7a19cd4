import type { Db } from '../store/index.js';
import { GENESIS_HASH, rowHash, verifyChain, type ChainReport, type ChainedRow } from './chain.js';

export { GENESIS_HASH, rowHash, verifyChain, type ChainReport } from './chain.js';

export interface AuditEntry {
  /** Who: `key:<name>`, `user:<name>`, `cli:<user>`, `demo`, `system`. Never a secret. */
  actor: string;
  /** The role the actor acted in, where there is one. */
  role?: string | null;
  /** What, dotted: `ingest.batch`, `command.wall.scene.show`, `apikey.create`. */
  action: string;
  target?: string | null;
  /** Arguments, bytes sent, replies, errors: anything that explains the entry. */
  detail?: unknown;
  ok: boolean;
  durationMs?: number | null;
}

export interface AuditRecord {
  id: number;
  ts: number;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ok: boolean;
  durationMs: number | null;
  hash: string;
}

export interface AuditQuery {
  actor?: string;
  target?: string;
  command?: string;
  action?: string;
  from?: number;
  to?: number;
  ok?: boolean;
  limit?: number;
}

/**
 * The audit log: one row per ingest batch, command and key change, so that "who caused this"
 * has an answer. Append-only and tamper-evident: each row carries the hash of the row before
 * it (chain.ts), so an edited, deleted or inserted row is found by `verify()` and
 * `ops audit verify`. Written synchronously with the change it records.
 */
export class Audit {
  private readonly last;
  private readonly insert;
  private readonly append;

  constructor(private readonly db: Db) {
    this.last = db.prepare<[], { id: number; hash: string | null }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, ts, actor, role, action, target, detail, ok, duration_ms, prev_hash, hash)
       VALUES (@id, @ts, @actor, @role, @action, @target, @detail, @ok, @duration_ms, @prev_hash, @hash)`,
    );
    // IMMEDIATE: the server and the CLI may both append; reading the last hash and inserting
    // must happen under the write lock or the chain would fork.
    const appendTx = db.transaction((entry: AuditEntry) => this.appendRow(entry));
    this.append = (entry: AuditEntry) => (db.inTransaction ? this.appendRow(entry) : appendTx.immediate(entry));
    this.sealUnchained();
  }

  write(entry: AuditEntry): void {
    this.append(entry);
  }

  /** Checks the whole chain, streaming the rows. */
  verify(): ChainReport {
    return verifyChain(this.db.prepare<[], ChainedRow>('SELECT * FROM audit_log ORDER BY id').iterate());
  }

  /** The latest entries, newest first (for the CLI and tests). */
  recent(limit = 50, action?: string): AuditRecord[] {
    const rows = this.db
      .prepare<[string | null, string | null, number], ChainedRow>('SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?')
      .all(action ?? null, action ?? null, limit);
    return rows.map(toRecord);
  }

  /**
   * Entries matching every given filter, newest first: the actor (`user:ana`, or just `ana`
   * for any kind), the device or wall the command went to, the command (exact, or a prefix
   * ending in `.`, e.g. `display.`), a time range in epoch ms, and the outcome.
   */
  search(q: AuditQuery): AuditRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.actor) {
      where.push(q.actor.includes(':') ? 'actor = ?' : "(actor = ? OR actor LIKE '%:' || ?)");
      params.push(q.actor, ...(q.actor.includes(':') ? [] : [q.actor]));
    }
    if (q.target) {
      where.push('target = ?');
      params.push(q.target);
    }
    if (q.command) {
      if (q.command.endsWith('.')) {
        where.push("action LIKE ? ESCAPE '\\'");
        params.push(`command.${q.command.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      } else {
        where.push('action = ?');
        params.push(`command.${q.command}`);
      }
    }
    if (q.action) {
      where.push('action = ?');
      params.push(q.action);
    }
    if (q.from !== undefined) {
      where.push('ts >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('ts < ?');
      params.push(q.to);
    }
    if (q.ok !== undefined) {
      where.push('ok = ?');
      params.push(q.ok ? 1 : 0);
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    params.push(Math.min(q.limit ?? 100, 1000));
    return this.db.prepare<unknown[], ChainedRow>(sql).all(...params).map(toRecord);
  }

  private appendRow(entry: AuditEntry): void {
    const last = this.last.get();
    const row: Omit<ChainedRow, 'hash'> = {
      id: (last?.id ?? 0) + 1,
      ts: Date.now(),
      actor: entry.actor,
      role: entry.role ?? null,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ok: entry.ok ? 1 : 0,
      duration_ms: entry.durationMs ?? null,
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    this.insert.run({ ...row, hash: rowHash(row) });
  }

  /** Rows written before the chain existed (schema version 1) are sealed into it once. */
  private sealUnchained(): void {
    const unchained = this.db.prepare<[], ChainedRow>('SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id').all();
    if (unchained.length === 0) return;
    this.db.transaction(() => {
      const update = this.db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
      let prev = GENESIS_HASH;
      for (const row of this.db.prepare<[], ChainedRow>('SELECT * FROM audit_log ORDER BY id').all()) {
        if (row.hash === null) {
          const sealed = { ...row, prev_hash: prev };
          const hash = rowHash(sealed);
          update.run(prev, hash, row.id);
          prev = hash;
        } else {
          prev = row.hash;
        }
      }
    }).immediate();
  }
}

function toRecord(r: ChainedRow): AuditRecord {
  return {
    id: r.id,
    ts: r.ts,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    detail: r.detail === null ? null : JSON.parse(r.detail),
    ok: r.ok === 1,
    durationMs: r.duration_ms,
    hash: r.hash ?? '',
  };
}
