import type { CommandResult } from '@ioc/protocol';
import type { Sql } from '../store/sql.js';

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
  runner: string | null;
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
  constructor(private readonly sql: Sql) {}

  /**
   * Commands whose server stopped while they ran are failed: they may have half happened, and an
   * admin may re-send them. `alive(runner)` says whether the server that runs a command is still
   * there (its liveness lease, cluster/server-lease.ts); a command of no known server (logged before
   * servers were named) counts as cut off. Returns how many were failed.
   */
  async failInterrupted(alive: (runner: string) => Promise<boolean>, now = Date.now()): Promise<number> {
    const running = await this.sql.all<Row>("SELECT * FROM command_ids WHERE status = 'running'");
    const verdicts = new Map<string, boolean>();
    let failed = 0;
    for (const r of running) {
      if (r.runner) {
        if (!verdicts.has(r.runner)) verdicts.set(r.runner, await alive(r.runner));
        if (verdicts.get(r.runner)) continue;
      }
      if (await this.failCutOff(r, now)) failed++;
    }
    return failed;
  }

  /**
   * The command `clientId` if it ended, or was cut off by the stop of its server (then failed
   * here, as `failInterrupted` does); `running` while its server still runs it.
   */
  async outcome(clientId: string, alive: (runner: string) => Promise<boolean>, now = Date.now()): Promise<LoggedCommand | 'running' | null> {
    const r = await this.sql.get<Row>('SELECT * FROM command_ids WHERE client_id = ?', [clientId]);
    if (!r) return null;
    if (r.status !== 'running') return toLogged(r);
    if (r.runner && (await alive(r.runner))) return 'running';
    await this.failCutOff(r, now);
    // Failed here, or ended meanwhile by its own server: either way no longer running.
    return (await this.get(clientId)) ?? null;
  }

  /** Fails a command left running by a server that stopped; false when it ended meanwhile. */
  private async failCutOff(r: Row, now: number): Promise<boolean> {
    const result: CommandResult = { ok: false, clientId: r.client_id, name: r.name, error: { code: 'failed', message: 'interrupted: the server stopped while the command ran' } };
    const done = await this.sql.run("UPDATE command_ids SET status = 'failed', result = ?, finished_at = ? WHERE client_id = ? AND status = 'running'", [JSON.stringify(result), now, r.client_id]);
    return done.changes > 0;
  }

  /**
   * Claims a client id and records the command as running; false when the id is already known.
   * One statement, so that of two servers given the same id at once exactly one claims it.
   */
  async begin(entry: { clientId: string; name: string; args: unknown; actor: string; owner: string; role: string; target: string | null; resendOf?: string | null; runner?: string | null }, now = Date.now()): Promise<boolean> {
    const claimed = await this.sql.get<{ client_id: string }>(
      `INSERT INTO command_ids (client_id, name, args, actor, principal, role, target, status, result, executed_at, resend_of, runner)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'running', '', ?, ?, ?) ON CONFLICT (client_id) DO NOTHING RETURNING client_id`,
      [entry.clientId, entry.name, JSON.stringify(entry.args ?? null), entry.actor, entry.owner, entry.role, entry.target, now, entry.resendOf ?? null, entry.runner ?? null],
    );
    return claimed !== undefined;
  }

  async finish(clientId: string, result: CommandResult, now = Date.now()): Promise<void> {
    // Only a command still running: one failed meanwhile as cut off (its server was frozen past
    // its liveness lease, and another answered a resend) keeps that verdict, already given out.
    await this.sql.run("UPDATE command_ids SET status = ?, result = ?, finished_at = ? WHERE client_id = ? AND status = 'running'", [result.ok ? 'done' : 'failed', JSON.stringify(result), now, clientId]);
  }

  async get(clientId: string): Promise<LoggedCommand | null> {
    const r = await this.sql.get<Row>('SELECT * FROM command_ids WHERE client_id = ?', [clientId]);
    return r ? toLogged(r) : null;
  }

  /** Latest commands, newest first, optionally of one status. */
  async list(opts: { status?: LoggedCommand['status']; limit?: number } = {}): Promise<LoggedCommand[]> {
    const text = this.sql.engine === 'sqlite' ? LIST_SQLITE : LIST_POSTGRES;
    const rows = await this.sql.all<Row>(text, [opts.status ?? null, opts.status ?? null, Math.min(opts.limit ?? 100, 1000)]);
    return rows.map(toLogged);
  }
}

// Ties of the same millisecond: SQLite lists the later insert first (rowid); PostgreSQL has no
// insertion order to read, so ties go by client id there.
const LIST = 'SELECT * FROM command_ids WHERE (CAST(? AS text) IS NULL OR status = ?) ORDER BY executed_at DESC, ';
const LIST_SQLITE = `${LIST}rowid DESC LIMIT ?`;
const LIST_POSTGRES = `${LIST}client_id DESC LIMIT ?`;
