import { parsePeriod, type Indicator } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { positionInYear, ruleInput } from './context.js';
import { formatNumber } from './messages.js';
import { evaluateRules, hasRules, offPlan, suddenChange, threshold, type SeriesPoint } from './rules.js';

const cpi = (over: Partial<Indicator> = {}): Indicator => ({
  id: 'cpi_yoy',
  name: { vi: 'Chỉ số giá tiêu dùng', en: 'Consumer price index' },
  unitLabel: { vi: '%', en: '%' },
  periodicity: 'month',
  levels: ['N', 'P'],
  decimals: 2,
  higherIsBetter: false,
  reportedBy: 'GSO',
  aggregation: { rule: 'none' },
  targets: {},
  ...over,
});
const exports = (over: Partial<Indicator> = {}): Indicator =>
  cpi({ id: 'exports', name: { vi: 'Kim ngạch xuất khẩu', en: 'Exports' }, unitLabel: { vi: 'tỷ USD', en: 'billion USD' }, higherIsBetter: true, aggregation: { rule: 'sum' }, ...over });
const VN = { vi: 'Việt Nam', en: 'Viet Nam' };
const pt = (period: string, value: number): SeriesPoint => ({ period, t: parsePeriod(period)!.start, value });
/** Monthly points from `first` (YYYY-MM) on. */
const months = (first: string, values: number[]): SeriesPoint[] => {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return values.map((v, i) => pt(`${y + Math.floor((m - 1 + i) / 12)}-${String(((m - 1 + i) % 12) + 1).padStart(2, '0')}`, v));
};
/** The rule input for the last of `points`. */
const inputOf = (ind: Indicator, points: SeriesPoint[], unit = 'VN') => ruleInput(ind, unit, unit === 'VN' ? VN : { vi: 'Hà Nội', en: 'Hà Nội' }, points, points.at(-1)!);

describe('numbers in messages', () => {
  it('writes a decimal comma in Vietnamese and a decimal point in English, with the indicator decimals', () => {
    expect(formatNumber('vi', 1234.5, 2)).toBe('1.234,50');
    expect(formatNumber('en', 1234.5, 2)).toBe('1,234.50');
    expect(formatNumber('vi', -0.04, 1)).toBe('0,0');
    expect(formatNumber('vi', -1.25, 1)).toBe('-1,3');
    expect(formatNumber('en', 7, 0)).toBe('7');
  });
});

describe('threshold', () => {
  const ind = cpi({ thresholds: { warnAbove: 4.5, warnBelow: 0 } });
  it('warns above warnAbove, critical when beyond it by more than 10 % of the bound', () => {
    const f = threshold(inputOf(ind, [pt('2026-03', 4.9)]))!;
    expect(f).toMatchObject({ rule: 'threshold', severity: 'warning', value: 4.9, reference: { kind: 'warn_above', value: 4.5 } });
    expect(f.message).toEqual({
      vi: 'Chỉ số giá tiêu dùng — Việt Nam, kỳ 2026-03: 4,90 % cao hơn ngưỡng cảnh báo 4,50 %.',
      en: 'Consumer price index — Viet Nam, 2026-03: 4.90 % is above the warning threshold of 4.50 %.',
    });
    expect(threshold(inputOf(ind, [pt('2026-03', 5.2)]))?.severity).toBe('critical');
    expect(threshold(inputOf(ind, [pt('2026-03', 4.5)]))).toBeNull();
  });
  it('warns below warnBelow; a bound of 0 is never critical', () => {
    expect(threshold(inputOf(ind, [pt('2026-03', -3)]))).toMatchObject({ severity: 'warning', reference: { kind: 'warn_below', value: 0 } });
    expect(threshold(inputOf(ind, [pt('2026-03', -3)]))?.message.en).toContain('is below the warning threshold of 0.00 %');
  });
  it('says nothing for an indicator without bounds', () => {
    expect(threshold(inputOf(cpi(), [pt('2026-03', 99)]))).toBeNull();
    expect(hasRules(cpi())).toBe(false);
    expect(hasRules(cpi({ thresholds: {} }))).toBe(true);
  });
});

describe('sudden_change against the previous period (changePct)', () => {
  const ind = exports({ thresholds: { changePct: 20 } });
  it('warns past changePct, critical past twice changePct', () => {
    const f = suddenChange(inputOf(ind, months('2026-02', [30, 37.5])))!;
    expect(f).toMatchObject({ rule: 'sudden_change', severity: 'warning', reference: { kind: 'previous', value: 30, period: '2026-02', limitPct: 20 } });
    expect(f.message.vi).toBe('Kim ngạch xuất khẩu — Việt Nam, kỳ 2026-03: 37,50 tỷ USD, tăng 25,0 % so với 30,00 tỷ USD kỳ 2026-02 (ngưỡng ±20,0 %).');
    expect(f.message.en).toBe('Exports — Viet Nam, 2026-03: 37.50 billion USD, up 25.0 % on 30.00 billion USD in 2026-02 (limit ±20.0 %).');
    expect(suddenChange(inputOf(ind, months('2026-02', [30, 15])))).toMatchObject({ severity: 'critical', message: { en: expect.stringContaining('down 50.0 %') } });
    expect(suddenChange(inputOf(ind, months('2026-02', [30, 35])))).toBeNull();
  });
  it('needs the immediately previous period, and a non-zero one', () => {
    expect(suddenChange(inputOf(ind, [pt('2026-01', 30), pt('2026-03', 60)]))).toBeNull();
    expect(suddenChange(inputOf(ind, months('2026-02', [0, 60])))).toBeNull();
  });
});

describe('sudden_change against the history (robust z-score)', () => {
  const history = [10, 10.2, 9.8, 10.1, 9.9, 10, 10.3, 9.7, 10, 10.1, 9.9, 10]; // median 10, MAD 0.1
  const ind = cpi({ thresholds: {} });
  it('is info beyond 3.5 robust standard deviations and a warning beyond 7', () => {
    const f = suddenChange(inputOf(ind, months('2025-01', [...history, 10.6])))!;
    expect(f).toMatchObject({ severity: 'info', reference: { kind: 'history', value: 10, periods: 12 } });
    expect(f.message.en).toBe('Consumer price index — Viet Nam, 2026-01: 10.60 % is outside the usual range 9.48–10.52 % of the previous 12 periods (robust z-score 4.0).');
    expect(f.message.vi).toContain('nằm ngoài khoảng thường gặp 9,48–10,52 % của 12 kỳ trước (điểm z bền vững 4,0)');
    expect(suddenChange(inputOf(ind, months('2025-01', [...history, 11.2])))?.severity).toBe('warning');
    expect(suddenChange(inputOf(ind, months('2025-01', [...history, 10.4])))).toBeNull();
  });
  it('needs 12 earlier periods, some spread, and an indicator with a thresholds entry', () => {
    expect(suddenChange(inputOf(ind, months('2025-01', [...history.slice(1), 20])))).toBeNull();
    expect(suddenChange(inputOf(ind, months('2025-01', [...history.map(() => 5), 20])))).toBeNull();
    expect(suddenChange(inputOf(cpi({ targets: { '2026': 4 } }), months('2025-01', [...history, 20])))).toBeNull();
  });
  it('keeps the more severe of the two tests', () => {
    const both = cpi({ thresholds: { changePct: 5 } });
    // +6 % on the previous period (warning) and z = 4 (info): the change wins.
    expect(suddenChange(inputOf(both, months('2025-01', [...history, 10.6])))?.reference.kind).toBe('previous');
  });
});

describe('off_plan', () => {
  it('compares a rate with the year target in its direction, with a 2 % tolerance', () => {
    const gdp = cpi({ id: 'gdp_growth', name: { vi: 'Tăng trưởng GDP', en: 'GDP growth' }, unitLabel: { vi: '%', en: '% y/y' }, periodicity: 'quarter', higherIsBetter: true, targets: { '2026': 8 } });
    const at = (v: number) => offPlan(inputOf(gdp, [pt('2026-Q1', v)]));
    expect(at(7.9)).toBeNull();
    expect(at(7.7)?.severity).toBe('info');
    expect(at(7.4)?.severity).toBe('warning');
    expect(at(6.5)).toMatchObject({ severity: 'critical', value: 6.5, reference: { kind: 'target', value: 8, year: '2026' } });
    expect(at(6.5)?.message.en).toBe('GDP growth — Viet Nam, 2026-Q1: 6.50 % y/y is below the 2026 plan target of 8.00 % y/y (short by 18.8 %).');
    expect(at(9)).toBeNull();
  });
  it('warns a lower-is-better rate above its target; a non-aggregable monthly rate is compared as a level', () => {
    const f = offPlan(inputOf(cpi({ targets: { '2026': 4.5 } }), months('2026-01', [4, 5])))!;
    expect(f).toMatchObject({ severity: 'warning', value: 5, reference: { kind: 'target', value: 4.5 } });
    expect(f.message.vi).toBe('Chỉ số giá tiêu dùng — Việt Nam, kỳ 2026-02: 5,00 % cao hơn chỉ tiêu kế hoạch năm 2026 là 4,50 % (vượt 11,1 %).');
  });
  it('judges the national target on the nation only: provinces have plans of their own', () => {
    expect(offPlan(inputOf(cpi({ targets: { '2026': 4.5 } }), [pt('2026-02', 9)], '01'))).toBeNull();
    const provincial = cpi({ id: 'grdp_growth', levels: ['P'], higherIsBetter: true, targets: { '2026': 10 } });
    expect(offPlan(inputOf(provincial, [pt('2026-02', 8)], '01'))).toBeNull();
    const national = cpi({ id: 'gdp_growth', levels: ['N'], higherIsBetter: true, targets: { '2026': 10 } });
    expect(offPlan(inputOf(national, [pt('2026-02', 8)]))).toMatchObject({ severity: 'critical', message: { vi: expect.stringContaining('8,00 % thấp hơn chỉ tiêu kế hoạch năm 2026 là 10,00 %') } });
  });
  it('raises nothing for a year without a target, or without a direction', () => {
    expect(offPlan(inputOf(cpi({ targets: { '2025': 4.5 } }), [pt('2026-02', 9)]))).toBeNull();
    expect(offPlan(inputOf(cpi({ targets: { '2026': 4.5 }, higherIsBetter: null }), [pt('2026-02', 9)]))).toBeNull();
  });
  it('judges a flow by its year-to-date sum against a linear share of the target', () => {
    const ind = exports({ targets: { '2026': 480 } });
    const f = offPlan(inputOf(ind, [pt('2025-12', 50), ...months('2026-01', [30, 30, 30])]))!;
    expect(f).toMatchObject({ severity: 'critical', value: 90, reference: { kind: 'target_pro_rata', value: 120, target: 480, year: '2026', elapsed: 3, of: 12 } });
    expect(f.message.en).toBe(
      'Exports — Viet Nam, 2026-03: year to date 90.00 billion USD, below the plan trajectory of 120.00 billion USD (3/12 of the 2026 target of 480.00 billion USD, spread evenly over the year; short by 25.0 %).',
    );
    expect(f.message.vi).toContain('lũy kế từ đầu năm 90,00 tỷ USD, thấp hơn tiến độ kế hoạch 120,00 tỷ USD (3/12 chỉ tiêu năm 2026 là 480,00 tỷ USD');
    expect(offPlan(inputOf(ind, months('2026-01', [40, 40, 40])))).toBeNull();
  });
  it('does not judge a year to date with a missing period', () => {
    expect(offPlan(inputOf(exports({ targets: { '2026': 480 } }), [pt('2026-01', 1), pt('2026-03', 1)]))).toBeNull();
  });
  it('counts quarters and days of the year', () => {
    expect(positionInYear('2026-Q3', 'quarter')).toEqual({ elapsed: 3, of: 4 });
    expect(positionInYear('2024-03-01', 'day')).toEqual({ elapsed: 61, of: 366 });
    expect(positionInYear('2025-12-31', 'day')).toEqual({ elapsed: 365, of: 365 });
  });
});

describe('evaluateRules', () => {
  it('returns one finding per broken rule', () => {
    const ind = cpi({ thresholds: { warnAbove: 4.5, changePct: 20 }, targets: { '2026': 4 } });
    expect(evaluateRules(inputOf(ind, months('2026-01', [3, 6]))).map((f) => [f.rule, f.severity])).toEqual([
      ['threshold', 'critical'],
      ['sudden_change', 'critical'],
      ['off_plan', 'critical'],
    ]);
  });
});
