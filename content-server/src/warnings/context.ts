import { parsePeriod, previousPeriod, type Indicator, type Label, type Periodicity } from '@ioc/protocol';
import { RULES, type RuleInput, type SeriesPoint, type YearToDate } from './rules.js';

const DAY_MS = 86_400_000;
/** The longest a period of each kind lasts, to size the window of history read. */
const LONGEST: Record<Exclude<Periodicity, 'instant'>, number> = { day: DAY_MS, month: 31 * DAY_MS, quarter: 92 * DAY_MS, year: 366 * DAY_MS };

/** Whether the off_plan rule judges this indicator by its year-to-date sum (a flow). */
export const isFlow = (ind: Indicator): boolean =>
  ind.aggregation.rule === 'sum' && (ind.periodicity === 'day' || ind.periodicity === 'month' || ind.periodicity === 'quarter');

/** The start (epoch ms) of the year of a period. */
export function yearStart(period: string): number {
  return parsePeriod(period.slice(0, 4))!.start;
}

/**
 * The earliest period start a rule may need for a point at `t` in `period`: the history
 * (`historyPeriods` periods back) and, for a flow, the start of its year.
 */
export function windowStart(ind: Indicator, period: string, t: number): number {
  if (ind.periodicity === 'instant') return t - DAY_MS;
  return Math.min(yearStart(period), t - (RULES.historyPeriods + 1) * LONGEST[ind.periodicity]);
}

/** Which of the year's periods `period` is (1-based), and how many the year has. */
export function positionInYear(period: string, kind: Periodicity): { elapsed: number; of: number } | null {
  const p = parsePeriod(period);
  if (!p) return null;
  switch (kind) {
    case 'month':
      return { elapsed: Number(period.slice(5, 7)), of: 12 };
    case 'quarter':
      return { elapsed: Number(period.slice(6, 7)), of: 4 };
    case 'day': {
      const y = parsePeriod(period.slice(0, 4))!;
      return { elapsed: Math.round((p.start - y.start) / DAY_MS) + 1, of: Math.round((y.end - y.start) / DAY_MS) };
    }
    default:
      return null;
  }
}

/**
 * The rule input for `point`, from the series' points in period order (`points` may hold later
 * points too; they are ignored). The points must be of one administrative map (see evaluator.ts),
 * so that a merged province is never compared with the old province that had its code.
 */
export function ruleInput(ind: Indicator, unit: string, unitName: Label, points: readonly SeriesPoint[], point: SeriesPoint): RuleInput {
  const earlier = points.filter((p) => p.t < point.t);
  const last = earlier.at(-1);
  const previous = last && last.period === previousPeriod(point.period) ? last : null;
  let yearToDate: YearToDate | null = null;
  if (isFlow(ind)) {
    const pos = positionInYear(point.period, ind.periodicity);
    const from = yearStart(point.period);
    const ytd = [...earlier.filter((p) => p.t >= from), point];
    if (pos) yearToDate = { sum: ytd.reduce((s, p) => s + p.value, 0), elapsed: pos.elapsed, of: pos.of, complete: ytd.length === pos.elapsed };
  }
  return { indicator: ind, unit, unitName, point, previous, history: earlier.slice(-RULES.historyPeriods).map((p) => p.value), yearToDate };
}
