import { describe, expect, it } from 'vitest';
import { describeChange, formatAge, formatNumber, formatPeriod, formatPeriodShort, formatPointPeriod, formatWallClock, withEstimateMark } from './format';

describe('numbers', () => {
  it('uses a decimal comma and dot thousands in Vietnamese', () => {
    expect(formatNumber(1234.5, 'vi', 1)).toBe('1.234,5');
    expect(formatNumber(1234567.891, 'vi', 2)).toBe('1.234.567,89');
    expect(formatNumber(7.1, 'vi', 2)).toBe('7,10');
    expect(formatNumber(49000, 'vi', 0)).toBe('49.000');
  });

  it('uses a decimal point and comma thousands in English', () => {
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatNumber(49000, 'en', 0)).toBe('49,000');
  });

  it('writes negatives and never writes minus zero', () => {
    expect(formatNumber(-1.26, 'vi', 1)).toBe('-1,3');
    expect(formatNumber(-0.04, 'vi', 1)).toBe('0,0');
    expect(formatNumber(-0, 'en', 0)).toBe('0');
  });
});

describe('change against the previous period', () => {
  it('points up, green when higher is better', () => {
    expect(describeChange(7.4, 7.1, 1, true, 'vi')).toEqual({ direction: 'up', tone: 'good', magnitude: '0,3', signed: '+0,3', arrow: '▲' });
  });

  it('points down, green when lower is better', () => {
    const c = describeChange(3.2, 3.5, 1, false, 'en');
    expect(c).toMatchObject({ direction: 'down', tone: 'good', magnitude: '0.3', arrow: '▼' });
    expect(c.signed).toBe('\u22120.3');
  });

  it('is red when it moves the wrong way, neutral when the catalog does not say', () => {
    expect(describeChange(3.8, 3.5, 1, false, 'vi').tone).toBe('bad');
    expect(describeChange(100, 90, 0, null, 'vi').tone).toBe('neutral');
  });

  it('is flat when the change rounds to zero at the shown decimals', () => {
    expect(describeChange(5.04, 5.0, 1, true, 'vi')).toMatchObject({ direction: 'flat', tone: 'neutral', signed: '0,0', arrow: '●' });
  });

  it('formats large changes with thousands', () => {
    expect(describeChange(12_500, 10_000, 0, true, 'vi').signed).toBe('+2.500');
  });
});

describe('periods', () => {
  it('writes periods for people in each language', () => {
    expect(formatPeriod('2025-07', 'vi')).toBe('Tháng 7/2025');
    expect(formatPeriod('2025-07', 'en')).toBe('Jul 2025');
    expect(formatPeriod('2025-Q3', 'vi')).toBe('Quý 3/2025');
    expect(formatPeriod('2025-Q3', 'en')).toBe('Q3 2025');
    expect(formatPeriod('2024', 'vi')).toBe('Năm 2024');
    expect(formatPeriod('2025-07-14', 'vi')).toBe('14/07/2025');
    expect(formatPeriod('2025-07-14', 'en')).toBe('Jul 14, 2025');
    expect(formatPeriod('2025-07-14T01:05:00Z', 'en')).toBe('2025-07-14T08:05:00+07:00');
    expect(formatPeriod('not a period', 'vi')).toBe('not a period');
  });

  it('writes short axis labels', () => {
    expect(formatPeriodShort('2025-07', 'vi')).toBe('T7/2025');
    expect(formatPeriodShort('2025-Q1', 'en')).toBe('Q1 2025');
    expect(formatPeriodShort('2025-07-14', 'vi')).toBe('14/07');
    expect(formatPeriodShort('2025-07-14T08:05:00+07:00', 'vi')).toBe('08:05');
  });

  it('writes the age of data', () => {
    expect(formatAge(12_400, 'vi')).toBe('12 giây');
    expect(formatAge(12_400, 'en')).toBe('12 s');
    expect(formatAge(5 * 60_000, 'vi')).toBe('5 phút');
    expect(formatAge(3 * 3_600_000, 'en')).toBe('3 h');
  });

  it('writes the wall clock as people read it, in Vietnam time', () => {
    // 2026-12-07T05:45:30+07:00 is 2026-12-06T22:45:30Z: the date is Vietnam's, not UTC's.
    const t = Date.parse('2026-12-06T22:45:30Z');
    expect(formatWallClock(t, 'vi')).toEqual({ time: '05:45:30', date: 'Thứ Hai, 07/12/2026', zone: 'Giờ Việt Nam (UTC+7)' });
    expect(formatWallClock(t, 'en')).toEqual({ time: '05:45:30', date: 'Monday, 7 December 2026', zone: 'Vietnam time (UTC+7)' });
    expect(formatWallClock(Date.parse('2027-01-02T17:00:00Z'), 'vi').date).toBe('Chủ Nhật, 03/01/2027');
    expect(formatWallClock(Date.parse('2027-01-02T17:00:00Z'), 'en')).toMatchObject({ time: '00:00:00', date: 'Sunday, 3 January 2027' });
  });
});

describe('estimate marker', () => {
  it('marks an estimate beside its period and its value, in both languages, and nothing else', () => {
    expect(formatPointPeriod({ period: '2026-Q4', estimate: true }, 'vi')).toBe('Quý 4/2026 · ước tính');
    expect(formatPointPeriod({ period: '2026-Q4', estimate: true }, 'en')).toBe('Q4 2026 · estimate');
    expect(formatPointPeriod({ period: '2026-Q3', estimate: false }, 'vi')).toBe('Quý 3/2026');
    expect(formatPointPeriod({ period: '2026-Q3' }, 'en')).toBe('Q3 2026');
    expect(withEstimateMark(formatNumber(7.5, 'vi', 2), true, 'vi')).toBe('7,50 · ước tính');
    expect(withEstimateMark('7.50', undefined, 'en')).toBe('7.50');
  });
});
