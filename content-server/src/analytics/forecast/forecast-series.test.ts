import { describe, expect, it } from 'vitest';
import { addPeriods, parsePeriod, type Point } from '@ioc/protocol';
import { forecastSeries } from './forecast-series.js';

const series = (first: string, values: number[], derived = 0): Point[] =>
  values.map((value, i) => {
    const period = addPeriods(first, i)!;
    return { unit: 'VN', period, t: parsePeriod(period)!.start, value, synthetic: false, source: 't', ...(i < derived && { derived: true }) };
  });

describe('forecastSeries', () => {
  it('forecasts quarters after the last one, with the default horizon of 4', () => {
    const out = forecastSeries(series('2015-Q1', Array.from({ length: 40 }, (_, i) => 100 + i + [5, -3, 2, -4][i % 4]!)), 'quarter');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.body.forecast.map((f) => f.period)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(out.body.model.seasonLength).toBe(4);
    expect(out.body.model.kind).toMatch(/,A$/);
  });

  it('keeps the latest run without a missing period, says so, and counts derived points', () => {
    const before = series('2010', [5, 6, 7]);
    const after = series('2014', Array.from({ length: 10 }, (_, i) => 10 + i * 0.5), 2);
    const out = forecastSeries([...before, ...after], 'year');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.body.basedOn).toEqual({ from: '2014', to: '2023', points: 10, derivedPoints: 2 });
    expect(out.body.notes?.[0]).toMatch(/3 earlier point\(s\) left out: 2013 is missing/);
    expect(out.body.forecast.map((f) => f.period)).toEqual(['2024', '2025', '2026']);
  });

  it('refuses a series shorter than 8 points with 422, saying how many are needed', () => {
    const out = forecastSeries(series('2020-01', [1, 2, 3, 4, 5, 6, 7]), 'month');
    expect(out).toEqual({ ok: false, status: 422, field: 'points', message: 'a forecast needs at least 8 consecutive points; this series has 7' });
  });
});
