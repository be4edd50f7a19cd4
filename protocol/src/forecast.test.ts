import { describe, expect, it } from 'vitest';
import { ForecastQuerySchema, addPeriods, nextPeriod, parsePeriod } from '@ioc/protocol';

describe('nextPeriod / addPeriods', () => {
  it.each([
    ['2025', '2026'],
    ['2025-Q3', '2025-Q4'],
    ['2025-Q4', '2026-Q1'],
    ['2025-11', '2025-12'],
    ['2025-12', '2026-01'],
    ['2024-02-28', '2024-02-29'],
    ['2025-02-28', '2025-03-01'],
    ['2025-12-31', '2026-01-01'],
  ])('%s is followed by %s', (p, next) => expect(nextPeriod(p)).toBe(next));

  it('steps several periods either way, across year ends', () => {
    expect(addPeriods('2025-11', 14)).toBe('2027-01');
    expect(addPeriods('2025-01', -1)).toBe('2024-12');
    expect(addPeriods('2025-Q1', -5)).toBe('2023-Q4');
    expect(addPeriods('2025-03-01', -1)).toBe('2025-02-28');
    expect(addPeriods('2025-07', 0)).toBe('2025-07');
  });

  it('gives consecutive, non-overlapping periods: each starts where the previous ends', () => {
    for (const first of ['2023', '2023-Q2', '2023-05', '2024-02-27']) {
      let p = first;
      for (let i = 0; i < 40; i++) {
        const next = nextPeriod(p)!;
        expect(parsePeriod(next)!.start).toBe(parsePeriod(p)!.end);
        p = next;
      }
    }
  });

  it('has no next period for an instant or a non-period', () => {
    expect(nextPeriod('2025-07-14T08:00:00+07:00')).toBeNull();
    expect(nextPeriod('July')).toBeNull();
    expect(addPeriods('2025-07', 1.5)).toBeNull();
  });
});

describe('ForecastQuerySchema', () => {
  it('reads the horizon from the query string and bounds it to 1..36', () => {
    expect(ForecastQuerySchema.parse({ indicator: 'exports', unit: 'VN', horizon: '6' })).toEqual({ indicator: 'exports', unit: 'VN', horizon: 6, vintage: '2025' });
    expect(ForecastQuerySchema.safeParse({ indicator: 'exports', unit: 'VN', horizon: '37' }).success).toBe(false);
    expect(ForecastQuerySchema.safeParse({ indicator: 'exports', unit: 'VN', horizon: '0' }).success).toBe(false);
  });
});
