import { describe, expect, it } from 'vitest';
import { estimateFrom, parsePeriod, periodEnded, publishedFrom, releaseStage, unfinishedPeriodProblem, type Release } from '@ioc/protocol';

const at = (iso: string) => Date.parse(iso);
const p = (text: string) => parsePeriod(text)!;
const GSO_MONTH: Release = { lagDays: 5, calendar: 'test' };
const GSO_QUARTER: Release = { lagDays: 5, estimateFromDay: 29, calendar: 'test' };

describe('periodEnded (Vietnam time)', () => {
  it('ends a year at midnight Vietnam time, 17:00 UTC the day before', () => {
    // 2026-12-31T17:30Z is already 1 January 2027 in Vietnam.
    expect(periodEnded('2026', at('2026-12-31T17:30:00Z'))).toBe(true);
    expect(periodEnded('2026-Q4', at('2026-12-31T17:30:00Z'))).toBe(true);
    expect(periodEnded('2026-12', at('2026-12-31T17:30:00Z'))).toBe(true);
    expect(periodEnded('2026-12', at('2026-12-31T16:59:59.999Z'))).toBe(false);
    expect(periodEnded('2026', at('2026-12-31T16:59:59Z'))).toBe(false);
  });

  it('keeps December, Q4 and the year unfinished on 7 December', () => {
    const now = at('2026-12-07T05:45:30+07:00');
    expect(['2026-12', '2026-Q4', '2026', '2026-12-07'].map((x) => periodEnded(x, now))).toEqual([false, false, false, false]);
    expect(['2026-11', '2026-Q3', '2025', '2026-12-06'].map((x) => periodEnded(x, now))).toEqual([true, true, true, true]);
  });
});

describe('release lag', () => {
  it('publishes a month on the 6th of the next month, 00:00 Vietnam time', () => {
    expect(publishedFrom(p('2026-11'), GSO_MONTH)).toBe(at('2026-12-06T00:00:00+07:00'));
    expect(releaseStage('2026-11', GSO_MONTH, at('2026-12-05T23:59:59+07:00'))).toBe('none');
    expect(releaseStage('2026-11', GSO_MONTH, at('2026-12-06T00:00:00+07:00'))).toBe('final');
  });

  it('crosses the year: December is published on 6 January of the next year', () => {
    expect(publishedFrom(p('2026-12'), GSO_MONTH)).toBe(at('2027-01-06T00:00:00+07:00'));
    expect(publishedFrom(p('2026-Q4'), GSO_QUARTER)).toBe(at('2027-01-06T00:00:00+07:00'));
    expect(publishedFrom(p('2026'), GSO_MONTH)).toBe(at('2027-01-06T00:00:00+07:00'));
    // 1 January in Vietnam, still 31 December in UTC: over, but not yet published.
    expect(releaseStage('2026-12', GSO_MONTH, at('2026-12-31T17:30:00Z'))).toBe('none');
  });

  it('opens a quarter estimate window on the 29th of its last month, clamped to short months', () => {
    expect(estimateFrom(p('2026-Q4'), GSO_QUARTER)).toBe(at('2026-12-29T00:00:00+07:00'));
    expect(estimateFrom(p('2026-Q1'), { ...GSO_QUARTER, estimateFromDay: 31 })).toBe(at('2026-03-31T00:00:00+07:00'));
    expect(estimateFrom(p('2026-Q2'), { ...GSO_QUARTER, estimateFromDay: 31 })).toBe(at('2026-06-30T00:00:00+07:00'));
    expect(estimateFrom(p('2026-02'), { ...GSO_MONTH, estimateFromDay: 30 })).toBe(at('2026-02-28T00:00:00+07:00'));
    expect(estimateFrom(p('2026-Q4'), GSO_MONTH)).toBeNull();
    expect(releaseStage('2026-Q4', GSO_QUARTER, at('2026-12-07T05:45:30+07:00'))).toBe('none');
    expect(releaseStage('2026-Q4', GSO_QUARTER, at('2026-12-29T08:00:00+07:00'))).toBe('estimate');
    // Over, not yet published: the estimate stands until the figure comes out.
    expect(releaseStage('2026-Q4', GSO_QUARTER, at('2027-01-03T08:00:00+07:00'))).toBe('estimate');
    expect(releaseStage('2026-Q4', GSO_QUARTER, at('2027-01-06T08:00:00+07:00'))).toBe('final');
  });
});

describe('unfinishedPeriodProblem (what ingest refuses)', () => {
  const now = at('2026-12-07T10:00:00+07:00');
  it('refuses a figure of an unfinished period and names when an estimate would be accepted', () => {
    expect(unfinishedPeriodProblem(p('2026-12'), false, GSO_MONTH, now)?.en).toMatch(/has not ended yet/);
    expect(unfinishedPeriodProblem(p('2026-12'), false, GSO_MONTH, now)?.vi).toMatch(/chưa kết thúc \(giờ Việt Nam\)/);
    expect(unfinishedPeriodProblem(p('2026-Q4'), false, GSO_QUARTER, now)?.en).toMatch(/estimate may be sent from 2026-12-29/);
  });

  it('accepts an estimate only inside the window the catalog allows', () => {
    expect(unfinishedPeriodProblem(p('2026-Q4'), true, GSO_QUARTER, now)?.en).toMatch(/only from 2026-12-29/);
    expect(unfinishedPeriodProblem(p('2026-12'), true, GSO_MONTH, now)?.en).toMatch(/publishes no estimate/);
    expect(unfinishedPeriodProblem(p('2026-Q4'), true, GSO_QUARTER, at('2026-12-29T09:00:00+07:00'))).toBeNull();
  });

  it('accepts anything of an ended period, and instant readings', () => {
    expect(unfinishedPeriodProblem(p('2026-11'), false, GSO_MONTH, now)).toBeNull();
    expect(unfinishedPeriodProblem(p('2026-Q3'), true, GSO_QUARTER, now)).toBeNull();
    expect(unfinishedPeriodProblem(p('2026-12-07T09:59:59+07:00'), false, undefined, now)).toBeNull();
  });
});
