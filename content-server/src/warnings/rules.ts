import { severityRank, type Indicator, type Label, type Language, type WarningReference, type WarningRule, type WarningSeverity } from '@ioc/protocol';
import { both, formatNumber, head, pct, withUnit } from './messages.js';
import { median } from '../stats.js';

/**
 * The warning rules, as pure functions of one series point and its history. The numbers below are
 * the documented ones (content-server/README.md, "Warnings"); change both together.
 */
export const RULES = {
  /** threshold: critical when beyond the bound by more than this share of the bound's size. */
  thresholdCriticalBeyond: 0.1,
  /** sudden_change (changePct): critical when the change exceeds this multiple of changePct. */
  changeCriticalFactor: 2,
  /** sudden_change (history): how many earlier periods, and how many at least. */
  historyPeriods: 24,
  historyMinimum: 12,
  /** |value - median| / (1.4826 MAD) above this is sudden (info); above `zStrong`, a warning. */
  zLimit: 3.5,
  zStrong: 7,
  /** off_plan: relative shortfall against the target (or its pro-rata share) that counts, then warning, then critical. */
  planTolerance: 0.02,
  planWarning: 0.05,
  planCritical: 0.15,
} as const;

export interface SeriesPoint {
  period: string;
  t: number;
  value: number;
}

/** The year-to-date sum of a flow, and how many of the year's periods it covers. */
export interface YearToDate {
  sum: number;
  /** Periods of the year up to and including the evaluated one (3 for March). */
  elapsed: number;
  /** Periods in the year (12, 4, 365 or 366). */
  of: number;
  /** True when every one of the `elapsed` periods has a value. */
  complete: boolean;
}

export interface RuleInput {
  indicator: Indicator;
  /** The reporting unit's code (`VN`, a province code, an agency id). */
  unit: string;
  unitName: Label;
  point: SeriesPoint;
  /** The immediately preceding period, when stored (and of the same unit vintage). */
  previous: SeriesPoint | null;
  /** Values of up to `historyPeriods` earlier periods. */
  history: readonly number[];
  /** For flows (aggregation `sum`, reported per day, month or quarter); null otherwise. */
  yearToDate: YearToDate | null;
}

export interface Finding {
  rule: WarningRule;
  severity: WarningSeverity;
  value: number;
  reference: WarningReference;
  message: Label;
  /** Judged on synthetic (demo) values: set by the evaluator from the points it read. */
  synthetic?: boolean;
  /** Judged on an estimate published before the period ended. */
  estimate?: boolean;
}

/** Whether the catalog asks for warnings on this indicator at all. */
export function hasRules(ind: Indicator): boolean {
  return ind.thresholds !== undefined || Object.keys(ind.targets).length > 0;
}

/** Every rule that the newest point breaks (at most one finding per rule). */
export function evaluateRules(input: RuleInput): Finding[] {
  return [threshold(input), suddenChange(input), offPlan(input)].filter((f): f is Finding => f !== null);
}

export function threshold({ indicator: ind, unitName, point }: RuleInput): Finding | null {
  const t = ind.thresholds;
  const below = t?.warnBelow !== undefined && point.value < t.warnBelow;
  const above = t?.warnAbove !== undefined && point.value > t.warnAbove;
  if (!below && !above) return null;
  const bound = below ? t!.warnBelow! : t!.warnAbove!;
  const beyond = Math.abs(point.value - bound);
  const severity: WarningSeverity = bound !== 0 && beyond > RULES.thresholdCriticalBeyond * Math.abs(bound) ? 'critical' : 'warning';
  const h = (l: Language) => head(l, ind.name, unitName, point.period);
  const message = both((l) =>
    l === 'vi'
      ? `${h(l)}: ${withUnit(l, point.value, ind)} ${below ? 'thấp hơn' : 'cao hơn'} ngưỡng cảnh báo ${withUnit(l, bound, ind)}.`
      : `${h(l)}: ${withUnit(l, point.value, ind)} is ${below ? 'below' : 'above'} the warning threshold of ${withUnit(l, bound, ind)}.`,
  );
  return { rule: 'threshold', severity, value: point.value, reference: { kind: below ? 'warn_below' : 'warn_above', value: bound }, message };
}

/** Against the previous period (changePct) and against the history (robust z-score); the more severe wins. */
export function suddenChange(input: RuleInput): Finding | null {
  const byChange = changeAgainstPrevious(input);
  const byHistory = changeAgainstHistory(input);
  if (!byChange || !byHistory) return byChange ?? byHistory;
  return severityRank(byHistory.severity) > severityRank(byChange.severity) ? byHistory : byChange;
}

function changeAgainstPrevious({ indicator: ind, unitName, point, previous }: RuleInput): Finding | null {
  const limit = ind.thresholds?.changePct;
  if (limit === undefined || !previous || previous.value === 0) return null;
  const change = ((point.value - previous.value) / Math.abs(previous.value)) * 100;
  if (Math.abs(change) <= limit) return null;
  const severity: WarningSeverity = Math.abs(change) > RULES.changeCriticalFactor * limit ? 'critical' : 'warning';
  const up = change > 0;
  const h = (l: Language) => head(l, ind.name, unitName, point.period);
  const message = both((l) =>
    l === 'vi'
      ? `${h(l)}: ${withUnit(l, point.value, ind)}, ${up ? 'tăng' : 'giảm'} ${pct(l, change)} so với ${withUnit(l, previous.value, ind)} kỳ ${previous.period} (ngưỡng ±${pct(l, limit)}).`
      : `${h(l)}: ${withUnit(l, point.value, ind)}, ${up ? 'up' : 'down'} ${pct(l, change)} on ${withUnit(l, previous.value, ind)} in ${previous.period} (limit ±${pct(l, limit)}).`,
  );
  return { rule: 'sudden_change', severity, value: point.value, reference: { kind: 'previous', value: previous.value, period: previous.period, limitPct: limit }, message };
}

function changeAgainstHistory({ indicator: ind, unitName, point, history }: RuleInput): Finding | null {
  // Only for indicators that opted in to warnings with a `thresholds` entry (even an empty one).
  if (ind.thresholds === undefined || history.length < RULES.historyMinimum) return null;
  const recent = history.slice(-RULES.historyPeriods);
  const m = median(recent);
  const scale = 1.4826 * median(recent.map((v) => Math.abs(v - m)));
  // A flat history has no spread to measure against; changePct covers that case.
  if (scale === 0) return null;
  const z = Math.abs(point.value - m) / scale;
  if (z <= RULES.zLimit) return null;
  const severity: WarningSeverity = z > RULES.zStrong ? 'warning' : 'info';
  const low = m - RULES.zLimit * scale;
  const high = m + RULES.zLimit * scale;
  const n = recent.length;
  const h = (l: Language) => head(l, ind.name, unitName, point.period);
  const range = (l: Language) => `${formatNumber(l, low, ind.decimals)}–${withUnit(l, high, ind)}`;
  const message = both((l) =>
    l === 'vi'
      ? `${h(l)}: ${withUnit(l, point.value, ind)} nằm ngoài khoảng thường gặp ${range(l)} của ${n} kỳ trước (điểm z bền vững ${formatNumber(l, z, 1)}).`
      : `${h(l)}: ${withUnit(l, point.value, ind)} is outside the usual range ${range(l)} of the previous ${n} periods (robust z-score ${formatNumber(l, z, 1)}).`,
  );
  return { rule: 'sudden_change', severity, value: point.value, reference: { kind: 'history', value: m, low, high, periods: n }, message };
}

function planSeverity(shortfall: number): WarningSeverity | null {
  if (shortfall <= RULES.planTolerance) return null;
  return shortfall > RULES.planCritical ? 'critical' : shortfall > RULES.planWarning ? 'warning' : 'info';
}

/**
 * The catalog's targets are the national plan's: they judge the nation's series only. A province
 * or agency has its own plan, which the catalog does not hold, so it is not warned against the
 * nation's (the rankings compare units with the national targets instead).
 */
export const targetApplies = (ind: Indicator, unit: string): boolean => ind.levels.includes('N') && unit === 'VN';

/**
 * Against the plan target of the period's year, in the indicator's direction. A flow (rule `sum`,
 * reported more often than yearly) is judged by its year-to-date sum against the target's linear
 * share; anything else by its latest value against the target itself.
 */
export function offPlan({ indicator: ind, unit, unitName, point, yearToDate }: RuleInput): Finding | null {
  const year = point.period.slice(0, 4);
  const target = ind.targets[year];
  if (target === undefined || target === 0 || ind.higherIsBetter === null || ind.periodicity === 'instant' || !targetApplies(ind, unit)) return null;
  const flow = ind.aggregation.rule === 'sum' && ind.periodicity !== 'year';
  if (flow && !yearToDate?.complete) return null;
  const actual = flow ? yearToDate!.sum : point.value;
  const expected = flow ? (target * yearToDate!.elapsed) / yearToDate!.of : target;
  const gap = ind.higherIsBetter ? expected - actual : actual - expected;
  const shortfall = gap / Math.abs(expected);
  const severity = planSeverity(shortfall);
  if (!severity) return null;
  const hib = ind.higherIsBetter;
  const h = (l: Language) => head(l, ind.name, unitName, point.period);
  const side = (l: Language) => (l === 'vi' ? (hib ? 'thấp hơn' : 'cao hơn') : hib ? 'below' : 'above');
  const by = (l: Language) => (l === 'vi' ? `${hib ? 'kém' : 'vượt'} ${pct(l, shortfall * 100)}` : `${hib ? 'short by' : 'over by'} ${pct(l, shortfall * 100)}`);
  if (!flow) {
    const message = both((l) =>
      l === 'vi'
        ? `${h(l)}: ${withUnit(l, actual, ind)} ${side(l)} chỉ tiêu kế hoạch năm ${year} là ${withUnit(l, target, ind)} (${by(l)}).`
        : `${h(l)}: ${withUnit(l, actual, ind)} is ${side(l)} the ${year} plan target of ${withUnit(l, target, ind)} (${by(l)}).`,
    );
    return { rule: 'off_plan', severity, value: actual, reference: { kind: 'target', value: target, year }, message };
  }
  const { elapsed, of } = yearToDate!;
  const message = both((l) =>
    l === 'vi'
      ? `${h(l)}: lũy kế từ đầu năm ${withUnit(l, actual, ind)}, ${side(l)} tiến độ kế hoạch ${withUnit(l, expected, ind)} (${elapsed}/${of} chỉ tiêu năm ${year} là ${withUnit(l, target, ind)}, chia đều theo kỳ; ${by(l)}).`
      : `${h(l)}: year to date ${withUnit(l, actual, ind)}, ${side(l)} the plan trajectory of ${withUnit(l, expected, ind)} (${elapsed}/${of} of the ${year} target of ${withUnit(l, target, ind)}, spread evenly over the year; ${by(l)}).`,
  );
  return { rule: 'off_plan', severity, value: actual, reference: { kind: 'target_pro_rata', value: expected, target, year, elapsed, of }, message };
}
