import { describe, expect, it } from 'vitest';
import { formatVnTimestamp, parsePeriod, previousPeriod } from '@ioc/protocol';

describe('parsePeriod', () => {
  it('reads each ISO 8601 spelling the ingest contract allows', () => {
    expect(parsePeriod('2025')?.kind).toBe('year');
    expect(parsePeriod('2025-Q3')?.kind).toBe('quarter');
    expect(parsePeriod('2025-07')?.kind).toBe('month');
    expect(parsePeriod('2025-07-14')?.kind).toBe('day');
    expect(parsePeriod('2025-07-14T08:00:00+07:00')?.kind).toBe('instant');
  });

  it('starts periods at midnight Vietnam time', () => {
    expect(parsePeriod('2025-07')?.start).toBe(Date.parse('2025-07-01T00:00:00+07:00'));
    expect(parsePeriod('2025-07')?.end).toBe(Date.parse('2025-08-01T00:00:00+07:00'));
    expect(parsePeriod('2025-Q4')?.end).toBe(Date.parse('2026-01-01T00:00:00+07:00'));
    expect(parsePeriod('2024')?.end).toBe(Date.parse('2025-01-01T00:00:00+07:00'));
  });

  it('reads a timestamp without an offset as Vietnam time and rewrites it canonically', () => {
    const p = parsePeriod('2025-07-14T08:00');
    expect(p?.canonical).toBe('2025-07-14T08:00:00+07:00');
    expect(parsePeriod('2025-07-14T01:00:00Z')?.canonical).toBe('2025-07-14T08:00:00+07:00');
  });

  it.each(['', '25', '2025-13', '2025-Q5', '2025-02-30', '2025-7', 'July 2025', '2025-07-14T25:00', '2025-07-14 08:00'])(
    'refuses %j',
    (text) => expect(parsePeriod(text)).toBeNull(),
  );
});

describe('previousPeriod', () => {
  it('steps back one period of the same kind, across year ends', () => {
    expect(previousPeriod('2025-01')).toBe('2024-12');
    expect(previousPeriod('2025-Q1')).toBe('2024-Q4');
    expect(previousPeriod('2025')).toBe('2024');
    expect(previousPeriod('2025-03-01')).toBe('2025-02-28');
    expect(previousPeriod('2025-07-14T08:00:00+07:00')).toBeNull();
  });
});

describe('formatVnTimestamp', () => {
  it('writes Vietnam time with its offset', () => {
    expect(formatVnTimestamp(Date.parse('2026-11-23T00:05:07Z'))).toBe('2026-11-23T07:05:07+07:00');
  });
});
