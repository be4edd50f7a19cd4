import { VN_OFFSET_MINUTES, parsePeriod, type ReportPeriodicity } from '@ioc/protocol';

const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Year and month (1-12) of the Vietnam civil date containing `ms`. */
export function vnMonthOf(ms: number): { year: number; month: number } {
  const d = new Date(ms + OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** `2025-07` for year 2025, month 7. */
export function monthPeriod(year: number, month: number): string {
  return `${year}-${pad(month)}`;
}

/** The month (year, 1-12) in which a period of a report set ends: its "last month". */
export function lastMonthOf(period: string): { year: number; month: number } | null {
  const p = parsePeriod(period);
  if (!p || (p.kind !== 'month' && p.kind !== 'quarter' && p.kind !== 'year')) return null;
  return vnMonthOf(p.end - 1);
}

/**
 * When the report for `period` falls due: 23:59:59.999 Vietnam time on `dueDay` of the
 * period's last month (the month itself; March, June, September or December for a quarter;
 * December for a year). Decree 09/2019/ND-CP puts the deadline of periodic reports between the
 * 15th and the 25th of that month.
 */
export function dueAt(period: string, dueDay: number): number {
  const last = lastMonthOf(period);
  if (!last) throw new Error(`"${period}" is not a month, quarter or year`);
  return Date.UTC(last.year, last.month - 1, dueDay + 1) - OFFSET_MS - 1;
}

/** The period of a report set whose last month is (year, month), or null when none ends then. */
export function periodEndingIn(periodicity: ReportPeriodicity, year: number, month: number): string | null {
  switch (periodicity) {
    case 'month':
      return monthPeriod(year, month);
    case 'quarter':
      return month % 3 === 0 ? `${year}-Q${month / 3}` : null;
    case 'year':
      return month === 12 ? String(year) : null;
  }
}

/** Every month (year, month) from the one containing `fromMs` to the one containing `toMs`. */
export function monthsBetween(fromMs: number, toMs: number): Array<{ year: number; month: number }> {
  const out: Array<{ year: number; month: number }> = [];
  let { year, month } = vnMonthOf(fromMs);
  const end = vnMonthOf(toMs);
  while (year < end.year || (year === end.year && month <= end.month)) {
    out.push({ year, month });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

/** Whether `period` is spelled as a period of that periodicity (`2025-07`, `2025-Q3`, `2025`). */
export function fitsPeriodicity(period: string, periodicity: ReportPeriodicity): boolean {
  return parsePeriod(period)?.kind === periodicity;
}
