import type { WarningReference, WarningRule, WarningSeverity, WarningState } from '@ioc/protocol';
import { placeholders, type Sql, type SqlParam } from '../store/sql.js';
import type { Finding } from './rules.js';

/** A stored warning (table `warnings`, migration 8), before names are added for the wire. */
export interface WarningRow {
  id: number;
  indicator: string;
  unit: string;
  period: string;
  rule: WarningRule;
  severity: WarningSeverity;
  value: number;
  reference: WarningReference;
  synthetic: boolean;
  estimate: boolean;
  message: { vi: string; en: string };
  state: WarningState;
  raisedAt: number;
  updatedAt: number;
  ackBy: string | null;
  ackRole: string | null;
  ackAt: number | null;
  ackNote: string | null;
  resolvedAt: number | null;
}

interface Raw {
  id: number;
  indicator: string;
  unit: string;
  period: string;
  rule: WarningRule;
  severity: WarningSeverity;
  value: number;
  reference: string;
  synthetic: number;
  estimate: number;
  message_vi: string;
  message_en: string;
  state: WarningState;
  raised_at: number;
  updated_at: number;
  ack_by: string | null;
  ack_role: string | null;
  ack_at: number | null;
  ack_note: string | null;
  resolved_at: number | null;
}

const toRow = (r: Raw): WarningRow => ({
  id: r.id,
  indicator: r.indicator,
  unit: r.unit,
  period: r.period,
  rule: r.rule,
  severity: r.severity,
  value: r.value,
  reference: JSON.parse(r.reference) as WarningReference,
  synthetic: r.synthetic === 1,
  estimate: r.estimate === 1,
  message: { vi: r.message_vi, en: r.message_en },
  state: r.state,
  raisedAt: r.raised_at,
  updatedAt: r.updated_at,
  ackBy: r.ack_by,
  ackRole: r.ack_role,
  ackAt: r.ack_at,
  ackNote: r.ack_note,
  resolvedAt: r.resolved_at,
});

export interface WarningFilter {
  state?: WarningState | undefined;
  /** Not resolved: open or acknowledged (what walls and consoles get as a snapshot). */
  active?: boolean;
  severity?: WarningSeverity | undefined;
  indicator?: string | undefined;
  unit?: string | undefined;
  limit?: number;
}

const INSERT = `INSERT INTO warnings (indicator, unit, period, rule, severity, value, reference, synthetic, estimate, message_vi, message_en, state, raised_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
  ON CONFLICT (indicator, unit, period, rule) DO NOTHING RETURNING *`;

// `reopen` = 1 makes the row open again (a resolved warning breaking the rule anew, or a severity
// that rose after an acknowledgement) and forgets the acknowledgement.
const UPDATE_FINDING = `UPDATE warnings SET severity = ?, value = ?, reference = ?, synthetic = ?, estimate = ?, message_vi = ?, message_en = ?, updated_at = ?,
    state = CASE WHEN ? = 1 THEN 'open' ELSE state END,
    raised_at = CASE WHEN ? = 1 THEN ? ELSE raised_at END,
    ack_by = CASE WHEN ? = 1 THEN NULL ELSE ack_by END,
    ack_role = CASE WHEN ? = 1 THEN NULL ELSE ack_role END,
    ack_at = CASE WHEN ? = 1 THEN NULL ELSE ack_at END,
    ack_note = CASE WHEN ? = 1 THEN NULL ELSE ack_note END,
    resolved_at = CASE WHEN ? = 1 THEN NULL ELSE resolved_at END
  WHERE id = ? RETURNING *`;

const BY_KEY = 'SELECT * FROM warnings WHERE indicator = ? AND unit = ? AND period = ? AND rule = ?';

/**
 * Reads and writes the `warnings` table; one row per (indicator, unit, period, rule). Writes that
 * belong to an evaluation take its transaction as their last argument.
 */
export class WarningsRepo {
  constructor(private readonly sql: Sql) {}

  async get(id: number, tx: Sql = this.sql): Promise<WarningRow | null> {
    const r = await tx.get<Raw>('SELECT * FROM warnings WHERE id = ?', [id]);
    return r ? toRow(r) : null;
  }

  /**
   * The warning of one (indicator, unit, period, rule). With `lock`, on PostgreSQL the row stays
   * locked to `tx` until it ends, so that another server's evaluation of the same period waits
   * for this one (SQLite's write transaction already excludes every other writer).
   */
  async find(indicator: string, unit: string, period: string, rule: WarningRule, tx: Sql = this.sql, lock = false): Promise<WarningRow | null> {
    const r = await tx.get<Raw>(lock && tx.engine === 'postgres' ? `${BY_KEY} FOR UPDATE` : BY_KEY, [indicator, unit, period, rule]);
    return r ? toRow(r) : null;
  }

  /** Every warning of one period of one series, any rule and state. */
  async ofPeriod(indicator: string, unit: string, period: string, tx: Sql = this.sql): Promise<WarningRow[]> {
    return (await tx.all<Raw>('SELECT * FROM warnings WHERE indicator = ? AND unit = ? AND period = ?', [indicator, unit, period])).map(toRow);
  }

  /**
   * The periods of the given series that have a warning not resolved, as `indicator\0unit\0period`
   * keys: one statement for a batch's series (only such a period may change when it is revised).
   */
  async activePeriods(indicators: readonly string[], tx: Sql = this.sql): Promise<Set<string>> {
    if (indicators.length === 0) return new Set();
    const rows = await tx.all<{ indicator: string; unit: string; period: string }>(
      `SELECT DISTINCT indicator, unit, period FROM warnings WHERE state <> 'resolved' AND indicator IN (${placeholders(indicators.length)})`,
      indicators,
    );
    return new Set(rows.map((r) => `${r.indicator}\u0000${r.unit}\u0000${r.period}`));
  }

  /** Raises a warning; null when the row exists already (another server raised it first). */
  async insert(key: { indicator: string; unit: string; period: string }, f: Finding, now: number, tx: Sql = this.sql): Promise<WarningRow | null> {
    const p = findingParams(f);
    const r = await tx.get<Raw>(INSERT, [key.indicator, key.unit, key.period, f.rule, p.severity, p.value, p.reference, p.synthetic, p.estimate, p.messageVi, p.messageEn, now, now]);
    return r ? toRow(r) : null;
  }

  async update(id: number, f: Finding, now: number, reopen: boolean, tx: Sql = this.sql): Promise<WarningRow> {
    const p = findingParams(f);
    const o = reopen ? 1 : 0;
    const r = await tx.get<Raw>(UPDATE_FINDING, [p.severity, p.value, p.reference, p.synthetic, p.estimate, p.messageVi, p.messageEn, now, o, o, now, o, o, o, o, o, id]);
    return toRow(r!);
  }

  async resolve(id: number, now: number, tx: Sql = this.sql): Promise<WarningRow> {
    const r = await tx.get<Raw>("UPDATE warnings SET state = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ? RETURNING *", [now, now, id]);
    return toRow(r!);
  }

  /** Acknowledges an open warning; null when it was not open (someone else was first, or resolved). */
  async acknowledge(id: number, by: string, role: string, note: string | null, now: number, tx: Sql = this.sql): Promise<WarningRow | null> {
    const r = await tx.get<Raw>(
      "UPDATE warnings SET state = 'acknowledged', ack_by = ?, ack_role = ?, ack_at = ?, ack_note = ?, updated_at = ? WHERE id = ? AND state = 'open' RETURNING *",
      [by, role, now, note, now, id],
    );
    return r ? toRow(r) : null;
  }

  async list(f: WarningFilter = {}): Promise<WarningRow[]> {
    const where: string[] = f.active ? ["state <> 'resolved'"] : [];
    const args: SqlParam[] = [];
    for (const column of ['state', 'severity', 'indicator', 'unit'] as const) {
      const value = f[column];
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    const text = `SELECT * FROM warnings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_at DESC, id DESC LIMIT ?`;
    return (await this.sql.all<Raw>(text, [...args, f.limit ?? 200])).map(toRow);
  }
}

function findingParams(f: Finding) {
  return { severity: f.severity, value: f.value, reference: JSON.stringify(f.reference), synthetic: f.synthetic ? 1 : 0, estimate: f.estimate ? 1 : 0, messageVi: f.message.vi, messageEn: f.message.en };
}
