import type { WarningReference, WarningRule, WarningSeverity, WarningState } from '@ioc/protocol';
import type { Db } from '../store/index.js';
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

/** Reads and writes the `warnings` table; one row per (indicator, unit, period, rule). */
export class WarningsRepo {
  private readonly byId;
  private readonly byKey;
  private readonly forPeriod;
  private readonly insertStmt;
  private readonly updateFinding;
  private readonly resolveStmt;
  private readonly ackStmt;

  constructor(private readonly db: Db) {
    this.byId = db.prepare<[number], Raw>('SELECT * FROM warnings WHERE id = ?');
    this.byKey = db.prepare<[string, string, string, string], Raw>('SELECT * FROM warnings WHERE indicator = ? AND unit = ? AND period = ? AND rule = ?');
    this.forPeriod = db.prepare<[string, string, string], Raw>('SELECT * FROM warnings WHERE indicator = ? AND unit = ? AND period = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO warnings (indicator, unit, period, rule, severity, value, reference, synthetic, estimate, message_vi, message_en, state, raised_at, updated_at)
       VALUES (@indicator, @unit, @period, @rule, @severity, @value, @reference, @synthetic, @estimate, @messageVi, @messageEn, 'open', @now, @now)`,
    );
    // `reopen` = 1 makes the row open again (a resolved warning breaking the rule anew, or a severity
    // that rose after an acknowledgement) and forgets the acknowledgement.
    this.updateFinding = db.prepare(
      `UPDATE warnings SET severity = @severity, value = @value, reference = @reference, synthetic = @synthetic, estimate = @estimate, message_vi = @messageVi, message_en = @messageEn, updated_at = @now,
         state = CASE WHEN @reopen = 1 THEN 'open' ELSE state END,
         raised_at = CASE WHEN @reopen = 1 THEN @now ELSE raised_at END,
         ack_by = CASE WHEN @reopen = 1 THEN NULL ELSE ack_by END,
         ack_role = CASE WHEN @reopen = 1 THEN NULL ELSE ack_role END,
         ack_at = CASE WHEN @reopen = 1 THEN NULL ELSE ack_at END,
         ack_note = CASE WHEN @reopen = 1 THEN NULL ELSE ack_note END,
         resolved_at = CASE WHEN @reopen = 1 THEN NULL ELSE resolved_at END
       WHERE id = @id`,
    );
    this.resolveStmt = db.prepare<[number, number, number]>("UPDATE warnings SET state = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ?");
    this.ackStmt = db.prepare<[string, string, number, string | null, number, number]>(
      "UPDATE warnings SET state = 'acknowledged', ack_by = ?, ack_role = ?, ack_at = ?, ack_note = ?, updated_at = ? WHERE id = ? AND state = 'open'",
    );
  }

  get(id: number): WarningRow | null {
    const r = this.byId.get(id);
    return r ? toRow(r) : null;
  }

  find(indicator: string, unit: string, period: string, rule: WarningRule): WarningRow | null {
    const r = this.byKey.get(indicator, unit, period, rule);
    return r ? toRow(r) : null;
  }

  /** Every warning of one period of one series, any rule and state. */
  ofPeriod(indicator: string, unit: string, period: string): WarningRow[] {
    return this.forPeriod.all(indicator, unit, period).map(toRow);
  }

  insert(key: { indicator: string; unit: string; period: string }, f: Finding, now: number): WarningRow {
    const { lastInsertRowid } = this.insertStmt.run({ ...key, ...this.findingParams(f), now });
    return this.get(Number(lastInsertRowid))!;
  }

  update(id: number, f: Finding, now: number, reopen: boolean): WarningRow {
    this.updateFinding.run({ id, ...this.findingParams(f), now, reopen: reopen ? 1 : 0 });
    return this.get(id)!;
  }

  resolve(id: number, now: number): WarningRow {
    this.resolveStmt.run(now, now, id);
    return this.get(id)!;
  }

  /** Acknowledges an open warning; null when it was not open (someone else was first, or resolved). */
  acknowledge(id: number, by: string, role: string, note: string | null, now: number): WarningRow | null {
    return this.ackStmt.run(by, role, now, note, now, id).changes === 1 ? this.get(id) : null;
  }

  list(f: WarningFilter = {}): WarningRow[] {
    const where: string[] = f.active ? ["state <> 'resolved'"] : [];
    const args: Array<string | number> = [];
    for (const column of ['state', 'severity', 'indicator', 'unit'] as const) {
      const value = f[column];
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    const sql = `SELECT * FROM warnings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_at DESC, id DESC LIMIT ?`;
    return this.db.prepare<Array<string | number>, Raw>(sql).all(...args, f.limit ?? 200).map(toRow);
  }

  private findingParams(f: Finding) {
    return { rule: f.rule, severity: f.severity, value: f.value, reference: JSON.stringify(f.reference), synthetic: f.synthetic ? 1 : 0, estimate: f.estimate ? 1 : 0, messageVi: f.message.vi, messageEn: f.message.en };
  }
}
