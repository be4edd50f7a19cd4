// The synthetic store bench:restore restores: ten years of the center's data, sized from the
// catalog (assets/catalog) and written the same way into PostgreSQL and into SQLite. Every value
// is deterministic and labelled synthetic; the audit hashes have the real hashes' size (64 hex
// characters) but chain nothing.
import { CatalogRegistry, paths } from '@ioc/content-server';

export interface Sizing {
  years: number;
  from: string;
  to: string;
  /** Indicator id, its periodicity, and the units it is reported for (nation, provinces, ministries). */
  series: Array<{ indicator: string; periodicity: string; units: string[]; periods: number }>;
  observations: number;
  revisions: number;
  audit: number;
  assumptions: string[];
}

const DAY_MS = 86_400_000;

export function periodsPerYear(periodicity: string, instantsPerDay: number): number {
  return ({ year: 1, quarter: 4, month: 12, day: 365.25, instant: 365.25 * instantsPerDay } as Record<string, number>)[periodicity] ?? 0;
}

/**
 * Rows of ten years: every catalog indicator x the units of its levels (N: the nation, P: the 63
 * provinces before the 2025 merger, an upper bound for the years after it; M: every ministry and
 * agency of the catalog, past and present) x its periods.
 */
export function sizeFromCatalog(opts: { years: number; auditPerDay: number; instantsPerDay: number; revisedShare: number }): Sizing {
  const catalog = CatalogRegistry.load(paths).catalog;
  const provinces = catalog.units.filter((u) => u.kind !== 'nation' && u.kind !== 'agency' && u.validTo === '2025-06-30').map((u) => u.code);
  const agencies = catalog.units.filter((u) => u.kind === 'agency').map((u) => u.code);
  const unitsOf = (levels: string[]) => [...(levels.includes('N') ? ['VN'] : []), ...(levels.includes('P') ? provinces : []), ...(levels.includes('M') ? agencies : [])];
  const lastYear = 2025;
  const from = `${lastYear - opts.years + 1}-01-01`;
  const to = `${lastYear + 1}-01-01`;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
  const series = catalog.indicators.map((i) => ({
    indicator: i.id,
    periodicity: i.periodicity,
    units: unitsOf(i.levels),
    periods: i.periodicity === 'day' ? days : i.periodicity === 'instant' ? days * opts.instantsPerDay : Math.round(periodsPerYear(i.periodicity, 0) * opts.years),
  }));
  const observations = series.reduce((n, s) => n + s.units.length * s.periods, 0);
  const periodic = series.filter((s) => s.periodicity !== 'instant').reduce((n, s) => n + s.units.length * s.periods, 0);
  return {
    years: opts.years,
    from,
    to,
    series,
    observations,
    revisions: Math.round(periodic * opts.revisedShare),
    audit: days * opts.auditPerDay,
    assumptions: [
      `${catalog.indicators.length} catalog indicators x their levels (N 1, P ${provinces.length} provinces, M ${agencies.length} ministries and agencies) x their periods over ${opts.years} years (${days} days)`,
      `the live reading (power_load, periodicity instant) stored at ${opts.instantsPerDay} a day`,
      `${Math.round(opts.revisedShare * 100)}% of periodic observations revised once (one revision row each)`,
      `${opts.auditPerDay} audit lines a day`,
    ],
  };
}

/** The step and label format of each periodicity, for PostgreSQL's generate_series and to_char. */
export function pgPeriods(periodicity: string, instantsPerDay: number): { step: string; format: string } {
  switch (periodicity) {
    case 'year':
      return { step: '1 year', format: 'YYYY' };
    case 'quarter':
      return { step: '3 months', format: 'YYYY-"Q"Q' };
    case 'month':
      return { step: '1 month', format: 'YYYY-MM' };
    case 'day':
      return { step: '1 day', format: 'YYYY-MM-DD' };
    default:
      return { step: `${86_400 / instantsPerDay} seconds`, format: 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"' };
  }
}

/** The same periods in JavaScript, for SQLite: [label, start ms, end ms]. */
export function* jsPeriods(periodicity: string, from: string, to: string, instantsPerDay: number): Generator<[string, number, number]> {
  const end = Date.parse(to);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  if (periodicity === 'day' || periodicity === 'instant') {
    const step = periodicity === 'day' ? DAY_MS : DAY_MS / instantsPerDay;
    for (let t = Date.parse(from); t < end; t += step) {
      const d = new Date(t);
      const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      yield [periodicity === 'day' ? day : `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`, t, t + step];
    }
    return;
  }
  const months = periodicity === 'year' ? 12 : periodicity === 'quarter' ? 3 : 1;
  const first = new Date(Date.parse(from));
  for (let m = 0; ; m += months) {
    const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1);
    if (start >= end) return;
    const d = new Date(start);
    const label = periodicity === 'year' ? `${d.getUTCFullYear()}` : periodicity === 'quarter' ? `${d.getUTCFullYear()}-Q${d.getUTCMonth() / 3 + 1}` : `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
    yield [label, start, Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m + months, 1)];
  }
}

export const AUDIT_ACTIONS = ['command.wall.scene.show', 'observations.ingest', 'auth.login', 'report.export', 'catalog.edit'];

export const PG_SCHEMA = `
  CREATE TABLE audit_log (
    id bigint NOT NULL, ts bigint NOT NULL, actor text NOT NULL, role text, action text NOT NULL,
    target text, detail text, ok smallint NOT NULL, duration_ms integer, prev_hash text, hash text, key_id text
  );`;

/** Built after the load: the same store, filled in a fraction of the time. */
export const PG_AUDIT_INDEXES = `
  ALTER TABLE audit_log ADD PRIMARY KEY (id);
  CREATE INDEX audit_log_ts ON audit_log (ts);
  CREATE INDEX audit_log_actor ON audit_log (actor, ts);
  CREATE INDEX audit_log_action ON audit_log (action, ts);`;
