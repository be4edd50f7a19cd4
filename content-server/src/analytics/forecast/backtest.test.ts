import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.js';
import { fitEts, forecastMeans, specOf } from './ets.js';
import { minPoints } from './select.js';
import { reference } from './fixtures/reference.js';

const airline = reference.datasets.find((d) => d.name === 'airline')!.y;

describe('rolling-origin backtest', () => {
  it('uses the last 12 origins that each leave the whole horizon observed', () => {
    const r = backtest(airline, specOf('A,A,A', 12), 12);
    expect(r).toMatchObject({ origins: 12, horizon: 12, errors: 144 });
    expect(r.rmse!).toBeGreaterThanOrEqual(r.mae!);
    expect(r.mape).toBeGreaterThan(0);
    expect(r.mase).toBeGreaterThan(0);
  });

  it('computes the errors of each origin from a model refitted on the data before it', () => {
    // One origin, one step: the error is that of a model fitted on all but the last point.
    const spec = specOf('A,N,A', 12);
    const r = backtest(airline, spec, 1, { maxOrigins: 1 });
    const fit = fitEts(airline.slice(0, -1), spec);
    const err = Math.abs(airline.at(-1)! - forecastMeans(fit, 1)[0]!);
    expect(r).toMatchObject({ origins: 1, horizon: 1, errors: 1 });
    expect(r.mae!).toBeCloseTo(err, 1);
    expect(r.rmse!).toBeCloseTo(err, 1);
    expect(r.mape!).toBeCloseTo((100 * err) / airline.at(-1)!, 1);
    // MASE: scaled by the in-sample MAE of the seasonal naive forecast on the training part.
    const train = airline.slice(0, -1);
    const naive = train.slice(12).reduce((s, v, i) => s + Math.abs(v - train[i]!), 0) / (train.length - 12);
    expect(r.mase!).toBeCloseTo(err / naive, 2);
  });

  it('forecasts a straight line without error', () => {
    const y = Array.from({ length: 40 }, (_, i) => 100 + 2.5 * i);
    const r = backtest(y, specOf('A,A,N', 1), 5);
    expect(r.origins).toBe(12);
    expect(r.mae!).toBeLessThan(1e-6);
    expect(r.mase!).toBeLessThan(1e-6);
  });

  it('reports no MAPE for a series with a zero, and no MASE when the naive forecast is perfect', () => {
    const y = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 0 : 10 + i));
    expect(backtest(y, specOf('A,N,N', 1), 3).mape).toBeNull();
    const flat = new Array(30).fill(5);
    expect(backtest(flat, specOf('A,N,N', 1), 3)).toMatchObject({ mae: 0, mase: null });
  });

  it('shortens the horizon until one origin fits, then has fewer origins, on a short series, and reports none when nothing is left', () => {
    const spec = specOf('A,N,N', 1);
    const need = minPoints(spec);
    expect(backtest(new Array(need + 2).fill(0).map((_, i) => i % 3), spec, 12)).toMatchObject({ horizon: 2, origins: 1 });
    expect(backtest(new Array(need + 5).fill(0).map((_, i) => i % 3), spec, 3)).toMatchObject({ horizon: 3, origins: 3 });
    expect(backtest(new Array(need - 1).fill(1), spec, 3)).toEqual({ origins: 0, horizon: 0, errors: 0, mae: null, rmse: null, mape: null, mase: null });
  });
});
