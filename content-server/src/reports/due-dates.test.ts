import { formatVnTimestamp } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { dueAt, lastMonthOf, monthsBetween, periodEndingIn } from './due-dates.js';

const vn = (ms: number) => formatVnTimestamp(ms, true);

describe('due dates of periodic reports', () => {
  it('falls due at the last millisecond of dueDay of the month itself for a monthly report, Vietnam time', () => {
    expect(vn(dueAt('2025-07', 20))).toBe('2025-07-20T23:59:59.999+07:00');
    expect(dueAt('2025-07', 20)).toBe(Date.parse('2025-07-20T16:59:59.999Z'));
    expect(vn(dueAt('2025-02', 25))).toBe('2025-02-25T23:59:59.999+07:00');
  });

  it('takes the configured day (15..25)', () => {
    expect(vn(dueAt('2026-11', 15))).toBe('2026-11-15T23:59:59.999+07:00');
    expect(dueAt('2026-11', 25) - dueAt('2026-11', 15)).toBe(10 * 86_400_000);
  });

  it('puts a quarter in its third month and a year in December', () => {
    expect(vn(dueAt('2025-Q1', 20))).toBe('2025-03-20T23:59:59.999+07:00');
    expect(vn(dueAt('2025-Q3', 25))).toBe('2025-09-25T23:59:59.999+07:00');
    expect(vn(dueAt('2025-Q4', 15))).toBe('2025-12-15T23:59:59.999+07:00');
    expect(vn(dueAt('2025', 15))).toBe('2025-12-15T23:59:59.999+07:00');
    expect(lastMonthOf('2024-Q2')).toEqual({ year: 2024, month: 6 });
  });

  it('counts the day in +07:00: one second later is the next day in Hanoi but still that day in UTC', () => {
    const due = dueAt('2025-07', 20);
    expect(new Date(due + 1).toISOString()).toBe('2025-07-20T17:00:00.000Z');
    expect(vn(due + 1)).toBe('2025-07-21T00:00:00.000+07:00');
  });

  it('refuses periods that are not months, quarters or years', () => {
    expect(() => dueAt('2025-07-14', 20)).toThrow(/not a month, quarter or year/);
  });

  it('names the period of a set that ends in a month', () => {
    expect(periodEndingIn('month', 2025, 7)).toBe('2025-07');
    expect(periodEndingIn('quarter', 2025, 7)).toBeNull();
    expect(periodEndingIn('quarter', 2025, 9)).toBe('2025-Q3');
    expect(periodEndingIn('year', 2025, 11)).toBeNull();
    expect(periodEndingIn('year', 2025, 12)).toBe('2025');
  });

  it('lists the months between two instants, across a year end, in Vietnam time', () => {
    // 2025-11-30T20:00Z is already 1 December in Hanoi.
    expect(monthsBetween(Date.parse('2025-11-30T20:00:00Z'), Date.parse('2026-02-01T00:00:00+07:00'))).toEqual([
      { year: 2025, month: 12 },
      { year: 2026, month: 1 },
      { year: 2026, month: 2 },
    ]);
  });
});
