import type { ForecastBacktest } from '@ioc/protocol';
import { fitEts, forecastMeans, type EtsFit, type EtsSpec } from './ets.js';
import { minPoints } from './select.js';

export interface BacktestOptions {
  /** Most forecast origins (default 12). */
  maxOrigins?: number;
  /** Starting parameters for each refit (the full-sample fit's: the search then starts close). */
  start?: EtsFit['params'];
}

/**
 * Rolling-origin evaluation (Tashman 2000; FPP3 §5.10 "time series cross-validation"): the
 * model form is refitted on y[0..T) for each of the last `origins` cut-offs T that still leave
 * `horizon` observed periods after them, and forecasts 1..horizon steps ahead are compared with
 * what was observed. Every origin forecasts the same horizons, so each step counts equally.
 *
 * MAE and RMSE pool all errors. MAPE (percent) is null when the series has a zero. MASE divides
 * each error by the in-sample MAE of the seasonal naive forecast (naive when m = 1) on that
 * origin's training part (Hyndman & Koehler 2006); null when that MAE is 0.
 *
 * The horizon is shortened, then the number of origins, when the series is too short; with
 * no origin left, the errors are null.
 */
export function backtest(y: ArrayLike<number>, spec: EtsSpec, horizon: number, opts: BacktestOptions = {}): ForecastBacktest {
  const n = y.length;
  const minTrain = minPoints(spec);
  let H = horizon;
  while (H > 1 && n - H - minTrain + 1 < 1) H--;
  const origins = Math.max(0, Math.min(opts.maxOrigins ?? 12, n - H - minTrain + 1));
  if (origins === 0) return { origins: 0, horizon: 0, errors: 0, mae: null, rmse: null, mape: null, mase: null };

  let hasZero = false;
  for (let i = 0; i < n; i++) if (y[i] === 0) hasZero = true;
  let absSum = 0;
  let sqSum = 0;
  let pctSum = 0;
  let scaledSum = 0;
  let scaledOk = true;
  let count = 0;
  const lag = spec.seasonal ? spec.m : 1;
  for (let o = 0; o < origins; o++) {
    const T = n - H - origins + 1 + o;
    const train = Array.prototype.slice.call(y, 0, T) as number[];
    const fit = fitEts(train, spec, { ...(opts.start && { start: opts.start }) });
    const means = forecastMeans(fit, H);
    let naive = 0;
    for (let t = lag; t < T; t++) naive += Math.abs(train[t]! - train[t - lag]!);
    const scale = naive / (T - lag);
    if (!(scale > 0)) scaledOk = false;
    for (let h = 1; h <= H; h++) {
      const actual = y[T + h - 1]!;
      const err = actual - means[h - 1]!;
      absSum += Math.abs(err);
      sqSum += err * err;
      if (!hasZero) pctSum += Math.abs(err / actual);
      if (scaledOk) scaledSum += Math.abs(err) / scale;
      count++;
    }
  }
  return {
    origins,
    horizon: H,
    errors: count,
    mae: absSum / count,
    rmse: Math.sqrt(sqSum / count),
    mape: hasZero ? null : (100 * pctSum) / count,
    mase: scaledOk ? scaledSum / count : null,
  };
}
