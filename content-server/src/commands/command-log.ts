import type { CommandResult } from '@ioc/protocol';
import type { Db } from '../store/index.js';

/** One command as the log keeps it. */
export interface LoggedCommand {
  clientId: string;
  name: string;
  args: unknown;
  actor: string | null;
  /** Who owns the id (`user#12`, `key#3`); null for commands logged before ids were scoped. */
  principal: string | null;
  role: string | null;
  target: string | null;
  status: 'running' | 'done' | 'failed';
  result: CommandResult | null;
  receivedAt: number;
  finishedAt: number | null;
  resendOf: string | null;
}

interface Row {
  client_id: string;
  name: string;
  args: string | null;
  actor: string | null;
  principal: string | null;
  role: string | null;
  target: string | null;
  status: LoggedCommand['status'];
  result: string;
  executed_at: number;
  finished_at: number | null;
  resend_of: string | null;
}

const toLogged = (r: Row): LoggedCommand => ({
  clientId: r.client_id,
  name: r.name,
  args: r.args === null ? null : JSON.parse(r.args),
  actor: r.actor,
  principal: r.principal,
  role: r.role,
  target: r.target,
  status: r.status,
  result: r.result === '' ? null : (JSON.parse(r.result) as CommandResult),
  receivedAt: r.executed_at,
  finishedAt: r.finished_at,
  resendOf: r.resend_of,
});

/**
 * The command log (table `command_ids`): every accepted command by its client id and the
 * principal that owns the id, so that the same id is never executed twice nor answered to another, with its arguments and how it ended, so that failed ones can
 * be listed and re-sent. Refused commands (invalid, forbidden) are not kept here: the sender may
 * correct and resend them with the same id; they are in the audit log.
 */
export class CommandLog {
  private readonly insert;
  private readonly finishStmt;
  private readonly getStmt;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO command_ids (client_id, name, args, actor, principal, role, target, status, result, executed_at, resend_of)
       VALUES (@clientId, @name, @args, @actor, @owner, @role, @target, 'running', '', @receivedAt, @resendOf) ON CONFLICT (client_id) DO NOTHING`,
    );
    this.finishStmt = db.prepare('UPDATE command_ids SET status = ?, result = ?, finished_at = ? WHERE client_id = ?');
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM command_ids WHERE client_id = ?');
  }

  /** Commands a restart cut off are failed: they may have half happened, and an admin may re-send them. */
  failInterrupted(now = Date.now()): number {
    const rows = this.db.prepare<[], Row>("SELECT * FROM command_ids WHERE status = 'running'").all();
    for (const r of rows) {
      const result: CommandResult = { ok: false, clientId: r.client_id, name: r.name, error: { code: 'failed', message: 'interrupted: the server stopped while the command ran' } };
      this.finishStmt.run('failed', JSON.stringify(result), now, r.client_id);
    }
    return rows.length;
  }

  /** Records a command as running; false when its client id is already known. */
  begin(entry: { clientId: string; name: string; args: unknown; actor: string; owner: string; role: string; target: string | null; resendOf?: string | null }, now = Date.now()): boolean {
    const info = this.insert.run({ ...entry, args: JSON.stringify(entry.args ?? null), receivedAt: now, resendOf: entry.resendOf ?? null });
    return info.changes === 1;
  }

  finish(clientId: string, result: CommandResult, now = Date.now()): void {
    this.finishStmt.run(result.ok ? 'done' : 'failed', JSON.stringify(result), now, clientId);
  }

  get(clientId: string): LoggedCommand | null {
    const r = this.getStmt.get(clientId);
    return r ? toLogged(r) : null;
  }

  /** Latest commands, newest first, optionally of one status. */
  list(opts: { status?: LoggedCommand['status']; limit?: number } = {}): LoggedCommand[] {
    return this.db
      .prepare<[string | null, string | null, number], Row>('SELECT * FROM command_ids WHERE (? IS NULL OR status = ?) ORDER BY executed_at DESC, rowid DESC LIMIT ?')
      .all(opts.status ?? null, opts.status ?? null, Math.min(opts.limit ?? 100, 1000))
      .map(toLogged);
  }
}
