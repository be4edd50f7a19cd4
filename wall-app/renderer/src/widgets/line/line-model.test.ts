import type { ForecastPoint, Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { forecastKey, forecastLegend, neededDecimals, placeForecast, targetFor, targetLabel, valueRange } from './line-model';

const pt = (period: string, value: number): Point => ({ unit: 'VN', period, t: 0, value, synthetic: false, source: 'test' });
const fp = (period: string, mean: number, w = 1): ForecastPoint => ({ period, t: 0, mean, lo80: mean - w, hi80: mean + w, lo95: mean - 2 * w, hi95: mean + 2 * w });

describe('line forecast placement', () => {
  const obs = [pt('2026-08', 3.1), pt('2026-09', 3.3), pt('2026-10', 3.6)];

  it('continues the index axis after the last observed month, across a year end', () => {
    const placed = placeForecast(obs, [fp('2026-11', 3.7), fp('2026-12', 3.8), fp('2027-01', 3.9)]);
    expect(placed.map((p) => [p.period, p.index])).toEqual([
      ['2026-11', 3],
      ['2026-12', 4],
      ['2027-01', 5],
    ]);
  });

  it('drops forecast periods that are already observed (a forecast of an older series)', () => {
    const placed = placeForecast(obs, [fp('2026-10', 3.5), fp('2026-11', 3.7)]);
    expect(placed.map((p) => p.period)).toEqual(['2026-11']);
  });

  it('keeps the gap when the forecast starts later', () => {
    expect(placeForecast(obs, [fp('2027-01', 4)])[0]?.index).toBe(5);
  });

  it('places nothing without observed points or for quarters given month periods', () => {
    expect(placeForecast([], [fp('2026-11', 1)])).toEqual([]);
    expect(placeForecast([pt('2026-Q3', 1)], [fp('2026-11', 1)])).toEqual([]);
    expect(placeForecast([pt('2026-Q3', 1)], [fp('2026-Q4', 1)])[0]?.index).toBe(1);
  });

  it('widens the y range to the 95% band and the target', () => {
    expect(valueRange(obs, [fp('2026-11', 3.7, 0.5)], null)).toEqual([2.7, 4.7]);
    expect(valueRange(obs, [], 4.5)).toEqual([3.1, 4.5]);
    expect(valueRange([], [], null)).toBeNull();
  });

  it('asks again only when the latest point changes', () => {
    expect(forecastKey('cpi_yoy', 'VN', obs[2]!)).toBe(forecastKey('cpi_yoy', 'VN', { ...obs[2]! }));
    expect(forecastKey('cpi_yoy', 'VN', obs[2]!)).not.toBe(forecastKey('cpi_yoy', 'VN', pt('2026-10', 3.7)));
    expect(forecastKey('cpi_yoy', 'VN', null)).toBeNull();
  });
});

describe('line plan target', () => {
  it('reads the target of the year from the catalog targets', () => {
    expect(targetFor({ '2025': 4.5, '2026': 4 }, '2026')).toBe(4);
    expect(targetFor({ '2025': 4.5 }, '2026')).toBeNull();
    expect(targetFor(undefined, '2026')).toBeNull();
  });

  it('labels it in both languages with the figure as written (4,5 / 4.5), not padded to the decimals', () => {
    expect(targetLabel('vi', '2026', 4.5, 2, '%')).toBe('Kế hoạch 2026: 4,5 %');
    expect(targetLabel('en', '2026', 4.5, 2, '%')).toBe('Plan 2026: 4.5 %');
    expect(targetLabel('vi', '2026', 1234.5, 1, 'nghìn tỷ đồng')).toBe('Kế hoạch 2026: 1.234,5 nghìn tỷ đồng');
    expect(neededDecimals(100, 2)).toBe(0);
    expect(neededDecimals(3.14159, 2)).toBe(2);
  });

  it('names the forecast and its method in the legend', () => {
    expect(forecastLegend('vi', 'A,N,A')).toBe('Dự báo (ETS A,N,A)');
    expect(forecastLegend('en', 'A,Ad,N')).toBe('Forecast (ETS A,Ad,N)');
  });
});
