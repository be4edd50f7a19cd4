import type { ReportSet, ReportSubmissionStatus, ReportSubmissionSummary } from '@ioc/protocol';
import type { CatalogRegistry, UnitVintage } from '../feeds/index.js';
import { placeholders, type Sql } from '../store/sql.js';
import { dueAt, periodEndingIn } from './due-dates.js';

/** One unit's report for one period, times as epoch ms. */
export interface UnitReport {
  unit: string;
  name: string;
  status: ReportSubmissionStatus;
  /** When the last of the set's indicators first arrived; null until all have. */
  receivedAt: number | null;
  dueAt: number;
  missingIndicators: string[];
  /** Some value of the report came from a synthetic source (the demo feed). */
  synthetic: boolean;
}

/**
 * Status of a report from what has arrived: complete reports are on time or late by their
 * receipt time, whatever the clock says; an incomplete one is partial if anything arrived,
 * otherwise expected until the due time and missing after it.
 */
export function classify(due: number, now: number, received: number, total: number, receivedAt: number | null): ReportSubmissionStatus {
  if (received === total && receivedAt !== null) return receivedAt <= due ? 'received_on_time' : 'late';
  if (received > 0) return 'partial';
  return now > due ? 'missing' : 'expected';
}

export function summarize(reports: readonly UnitReport[]): ReportSubmissionSummary {
  const count = (s: ReportSubmissionStatus) => reports.filter((r) => r.status === s).length;
  return { expected: count('expected'), onTime: count('received_on_time'), late: count('late'), missing: count('missing'), partial: count('partial') };
}

/** Hours a late report came after its due time, one decimal. */
export function lateByHours(r: Pick<UnitReport, 'receivedAt' | 'dueAt' | 'status'>): number | undefined {
  if (r.status !== 'late' || r.receivedAt === null) return undefined;
  return Math.round((r.receivedAt - r.dueAt) / 360_000) / 10;
}

interface ArrivalRow {
  indicator: string;
  received_at: number;
  first: number | null;
  synthetic: number;
}

/**
 * Who must send which report, and what has arrived. Reads the observations store: a value's
 * receipt time is its first revision's (a correction later does not make a report late).
 */
export class SubmissionTracker {
  private readonly byId = new Map<string, ReportSet>();
  private readonly byIndicator = new Map<string, ReportSet[]>();
  constructor(
    private readonly sql: Sql,
    private readonly catalog: CatalogRegistry,
    readonly sets: readonly ReportSet[],
  ) {
    for (const set of sets) {
      this.byId.set(set.id, set);
      for (const id of set.indicators) this.byIndicator.set(id, [...(this.byIndicator.get(id) ?? []), set]);
    }
  }

  set(id: string): ReportSet | undefined {
    return this.byId.get(id);
  }

  /** Every vintage of a unit code of the catalog (none: an unknown code). */
  catalogVintages(code: string): readonly UnitVintage[] {
    return this.catalog.vintages(code);
  }

  setsWithIndicator(indicator: string): readonly ReportSet[] {
    return this.byIndicator.get(indicator) ?? [];
  }

  /**
   * The units that must send `set` for `period`: those valid when it falls due, so a period
   * before July 2025 expects the 63 provinces and a later one the 34 (a year 2025 report,
   * due in December, is the 34's).
   */
  expectedUnits(set: ReportSet, period: string): UnitVintage[] {
    const due = dueAt(period, set.dueDay);
    switch (set.units.kind) {
      case 'provinces':
        return this.catalog.provincesOn(due);
      case 'agencies': {
        const codes = set.units.codes;
        return this.catalog.agenciesOn(due).filter((v) => codes.includes(v.code)).sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
      }
      case 'nation':
        return this.catalog.vintages('VN').filter((v) => v.level === 'N');
    }
  }

  /** Whether `unit` must send `set` for `period`. */
  expects(set: ReportSet, period: string, unit: string): UnitVintage | undefined {
    return this.expectedUnits(set, period).find((v) => v.code === unit);
  }

  async report(set: ReportSet, period: string, unit: UnitVintage, now: number): Promise<UnitReport> {
    const due = dueAt(period, set.dueDay);
    const missing: string[] = [];
    let last: number | null = null;
    let synthetic = false;
    // One statement for the set's indicators (its text is the same for every unit and period of the set).
    const rows = await this.sql.all<ArrivalRow>(
      `SELECT o.indicator, o.received_at, o.synthetic,
         (SELECT MIN(r.received_at) FROM observation_revisions r WHERE r.indicator = o.indicator AND r.unit = o.unit AND r.period = o.period) AS first
       FROM observations o WHERE o.unit = ? AND o.period = ? AND o.indicator IN (${placeholders(set.indicators.length)})`,
      [unit.code, period, ...set.indicators],
    );
    const byIndicator = new Map(rows.map((r) => [r.indicator, r]));
    for (const indicator of set.indicators) {
      const row = byIndicator.get(indicator);
      if (!row) {
        missing.push(indicator);
        continue;
      }
      const first = row.first ?? row.received_at;
      last = last === null ? first : Math.max(last, first);
      synthetic ||= row.synthetic === 1;
    }
    const received = set.indicators.length - missing.length;
    const receivedAt = missing.length === 0 ? last : null;
    const status = classify(due, now, received, set.indicators.length, receivedAt);
    return { unit: unit.code, name: unit.name, status, receivedAt, dueAt: due, missingIndicators: missing, synthetic };
  }

  /** Every expected unit's report for one period of a set. */
  reports(set: ReportSet, period: string, now: number): Promise<UnitReport[]> {
    return Promise.all(this.expectedUnits(set, period).map((u) => this.report(set, period, u, now)));
  }

  /**
   * The share of `unit`'s reports due in the month (year, month) and already due at `now`
   * that arrived on time, or null when none was due.
   */
  async onTime(unit: string, year: number, month: number, now: number): Promise<{ due: number; onTime: number; synthetic: boolean } | null> {
    let due = 0;
    let onTime = 0;
    let synthetic = false;
    for (const set of this.sets) {
      const period = periodEndingIn(set.periodicity, year, month);
      if (period === null || dueAt(period, set.dueDay) >= now) continue;
      const vintage = this.expects(set, period, unit);
      if (!vintage) continue;
      const r = await this.report(set, period, vintage, now);
      due += 1;
      if (r.status === 'received_on_time') onTime += 1;
      synthetic ||= r.synthetic;
    }
    return due === 0 ? null : { due, onTime, synthetic };
  }
}
