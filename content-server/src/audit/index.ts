import type { Db } from '../store/index.js';

export interface AuditEntry {
  /** Who: `key:<name>`, `cli`, `demo`, `system`. Never a secret. */
  actor: string;
  /** What, dotted: `ingest.batch`, `command.wall.scene.show`, `apikey.create`. */
  action: string;
  target?: string | null;
  detail?: unknown;
  ok: boolean;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'detail'>> {
  id: number;
  ts: number;
  detail: unknown;
}

/**
 * The audit log: one row per ingest batch, command and key change, so that "who caused this"
 * has an answer. Written synchronously in the same process as the change it records.
 */
export class Audit {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO audit_log (ts, actor, action, target, detail, ok) VALUES (?, ?, ?, ?, ?, ?)');
  }

  write(entry: AuditEntry): void {
    const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
    this.insert.run(Date.now(), entry.actor, entry.action, entry.target ?? null, detail, entry.ok ? 1 : 0);
  }

  /** The latest entries, newest first (for the CLI and tests). */
  recent(limit = 50, action?: string): AuditRecord[] {
    const rows = this.db
      .prepare<[string | null, string | null, number], { id: number; ts: number; actor: string; action: string; target: string | null; detail: string | null; ok: number }>(
        'SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?',
      )
      .all(action ?? null, action ?? null, limit);
    return rows.map((r) => ({
      id: r.id,
      ts: r.ts,
      actor: r.actor,
      action: r.action,
      target: r.target,
      detail: r.detail === null ? null : JSON.parse(r.detail),
      ok: r.ok === 1,
    }));
  }
}
