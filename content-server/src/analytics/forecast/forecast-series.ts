import { FORECAST_LABEL, addPeriods, parsePeriod, type ForecastModelKind, type ForecastResponse, type Label, type Point } from '@ioc/protocol';
import { backtest } from './backtest.js';
import { forecastWithIntervals } from './intervals.js';
import { MIN_POINTS, seasonLength, selectModel } from './select.js';

export const MODEL_LABELS: Record<ForecastModelKind, Label> = {
  'A,N,N': { vi: 'San bằng mũ đơn giản', en: 'Simple exponential smoothing' },
  'A,A,N': { vi: 'Xu hướng tuyến tính Holt', en: "Holt's linear trend" },
  'A,Ad,N': { vi: 'Xu hướng tắt dần', en: 'Damped trend' },
  'A,N,A': { vi: 'Mùa vụ cộng, không xu hướng', en: 'Additive seasonality, no trend' },
  'A,A,A': { vi: 'Holt-Winters cộng tính', en: 'Additive Holt-Winters' },
  'A,Ad,A': { vi: 'Holt-Winters cộng tính, xu hướng tắt dần', en: 'Additive Holt-Winters, damped trend' },
};

/** Default horizon per periodicity: a year ahead for months and quarters, three years, two weeks. */
export const DEFAULT_HORIZON: Record<ForecastPeriodicity, number> = { month: 12, quarter: 4, year: 3, day: 14 };

/** Most recent points used for fitting; older ones add little to an exponential-smoothing fit and cost time. */
export const MAX_FIT_POINTS = 600;

export type ForecastPeriodicity = ForecastResponse['periodicity'];
export type ForecastBody = Omit<ForecastResponse, 'indicator' | 'unit' | 'vintage'>;
export type ForecastOutcome = { ok: true; body: ForecastBody } | { ok: false; status: 422; field: string; message: string };

const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(10)) : v);

/**
 * The forecast of one series: the points (in period order, of one periodicity) are cut to the
 * latest run without a missing period, a model is chosen by AICc, and its forecasts with 80%
 * and 95% intervals come with the rolling-origin backtest of the same model form.
 */
export function forecastSeries(points: readonly Point[], periodicity: ForecastPeriodicity, horizon = DEFAULT_HORIZON[periodicity]): ForecastOutcome {
  const notes: string[] = [];
  // Exponential smoothing needs equally spaced values: keep the latest run with no gap.
  let first = points.length - 1;
  while (first > 0 && addPeriods(points[first - 1]!.period, 1) === points[first]!.period) first--;
  if (first > 0) notes.push(`${first} earlier point(s) left out: ${addPeriods(points[first - 1]!.period, 1)} is missing, and the model needs equally spaced values`);
  if (points.length - first > MAX_FIT_POINTS) {
    notes.push(`only the latest ${MAX_FIT_POINTS} points are used; ${points.length - first - MAX_FIT_POINTS} older ones are left out`);
    first = points.length - MAX_FIT_POINTS;
  }
  const used = points.slice(Math.max(first, 0));
  if (used.length < MIN_POINTS) {
    const gap = first > 0 ? ` without a missing period (the latest run has ${used.length})` : '';
    return { ok: false, status: 422, field: 'points', message: `a forecast needs at least ${MIN_POINTS} consecutive points${gap}; this series has ${points.length}` };
  }
  const y = used.map((p) => p.value);
  const m = seasonLength(periodicity);
  const selection = selectModel(y, m)!;
  const { best } = selection;
  const fc = forecastWithIntervals(best, horizon);
  const last = used[used.length - 1]!.period;
  const forecast = fc.mean.map((mean, i) => {
    const period = addPeriods(last, i + 1)!;
    return { period, t: parsePeriod(period)!.start, mean: round(mean), lo80: round(fc.lo80[i]!), hi80: round(fc.hi80[i]!), lo95: round(fc.lo95[i]!), hi95: round(fc.hi95[i]!) };
  });
  const bt = backtest(y, best.spec, horizon, { start: best.params });
  if (bt.origins === 0) notes.push('the series is too short to backtest the chosen model');
  const { alpha, beta, gamma, phi } = best.params;
  return {
    ok: true,
    body: {
      periodicity,
      label: { ...FORECAST_LABEL },
      model: {
        kind: best.spec.kind,
        label: MODEL_LABELS[best.spec.kind],
        params: { alpha: round(alpha), ...(best.spec.trend && { beta: round(beta) }), ...(best.spec.seasonal && { gamma: round(gamma) }), ...(best.spec.damped && { phi: round(phi) }) },
        seasonLength: best.spec.m,
        sigma: round(Math.sqrt(best.sigma2)),
        loglik: round(best.loglik),
        aicc: round(best.aicc),
        parameters: best.k,
        criterion: 'AICc',
      },
      candidates: selection.candidates.map((c) => ({
        kind: c.kind,
        label: MODEL_LABELS[c.kind],
        aicc: c.fit ? round(c.fit.aicc) : null,
        loglik: c.fit ? round(c.fit.loglik) : null,
        parameters: c.parameters,
        chosen: c.fit === best,
        ...(c.reason !== undefined && { reason: c.reason }),
      })),
      forecast,
      backtest: { ...bt, mae: bt.mae === null ? null : round(bt.mae), rmse: bt.rmse === null ? null : round(bt.rmse), mape: bt.mape === null ? null : round(bt.mape), mase: bt.mase === null ? null : round(bt.mase) },
      basedOn: { from: used[0]!.period, to: last, points: used.length, derivedPoints: used.filter((p) => p.derived).length },
      ...(notes.length > 0 && { notes }),
    },
  };
}
