import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { IndicatorIdSchema, UnitCodeSchema, VintageSchema } from './observations.js';
import { parsePeriod } from './period.js';

/** Longest forecast horizon served, in periods of the series. */
export const MAX_FORECAST_HORIZON = 36;

/**
 * The exponential-smoothing models tried for a series, named as in Hyndman et al. (error,
 * trend, season): `A` additive, `Ad` additive damped, `N` none.
 */
export const ForecastModelKindSchema = z.enum(['A,N,N', 'A,A,N', 'A,Ad,N', 'A,N,A', 'A,A,A', 'A,Ad,A']);
export type ForecastModelKind = z.infer<typeof ForecastModelKindSchema>;

/** What a forecast is called on screen. */
export const FORECAST_LABEL = { vi: 'Dự báo', en: 'Forecast' } as const;

/** Query of `GET /api/v1/forecast`. `horizon` defaults by periodicity (12 months, 4 quarters, 3 years, 14 days). */
export const ForecastQuerySchema = z.strictObject({
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
  horizon: z.coerce.number().int().min(1).max(MAX_FORECAST_HORIZON).optional(),
  vintage: VintageSchema.default('2025'),
});
export type ForecastQuery = z.infer<typeof ForecastQuerySchema>;

/** Smoothing parameters of the chosen model (error-correction form: beta = alpha * beta*). */
export const ForecastParamsSchema = z.object({
  alpha: z.number(),
  beta: z.number().optional(),
  gamma: z.number().optional(),
  phi: z.number().optional(),
});
export type ForecastParams = z.infer<typeof ForecastParamsSchema>;

/** The model chosen for a series and why: the lowest AICc among the candidates. */
export const ForecastModelSchema = z.object({
  kind: ForecastModelKindSchema,
  label: LabelSchema,
  params: ForecastParamsSchema,
  /** Season length used (12 monthly, 4 quarterly; 1 when the model has no season). */
  seasonLength: z.number().int().positive(),
  /** Residual standard deviation (maximum-likelihood estimate, sqrt(SSE/n)). */
  sigma: z.number(),
  loglik: z.number(),
  aicc: z.number(),
  /** Free parameters counted in AICc: smoothing, initial states and the variance. */
  parameters: z.number().int().positive(),
  criterion: z.literal('AICc'),
});
export type ForecastModel = z.infer<typeof ForecastModelSchema>;

/** One model tried; `aicc` is null (with a reason) when the series is too short for it. */
export const ForecastCandidateSchema = z.object({
  kind: ForecastModelKindSchema,
  label: LabelSchema,
  aicc: z.number().nullable(),
  loglik: z.number().nullable(),
  parameters: z.number().int().positive(),
  chosen: z.boolean(),
  reason: z.string().optional(),
});
export type ForecastCandidate = z.infer<typeof ForecastCandidateSchema>;

/** One forecast period with its 80% and 95% prediction intervals. */
export const ForecastPointSchema = z.object({
  period: z.string(),
  /** Period start, epoch ms. */
  t: z.number(),
  mean: z.number(),
  lo80: z.number(),
  hi80: z.number(),
  lo95: z.number(),
  hi95: z.number(),
});
export type ForecastPoint = z.infer<typeof ForecastPointSchema>;

/**
 * Rolling-origin evaluation of the chosen model form: refitted at each of `origins` cut-off
 * points, forecasting 1..`horizon` periods ahead, errors pooled over all origins and steps.
 * `mape` is null when the series has a zero; `mase` is scaled by the in-sample MAE of the
 * seasonal naive forecast (naive when there is no season).
 */
export const ForecastBacktestSchema = z.object({
  origins: z.number().int().nonnegative(),
  horizon: z.number().int().nonnegative(),
  /** Number of forecast errors pooled (origins x horizon). */
  errors: z.number().int().nonnegative(),
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  /** Percent. */
  mape: z.number().nullable(),
  mase: z.number().nullable(),
});
export type ForecastBacktest = z.infer<typeof ForecastBacktestSchema>;

/** Answer of `GET /api/v1/forecast`. */
export const ForecastResponseSchema = z.object({
  indicator: z.string(),
  unit: z.string(),
  vintage: VintageSchema,
  periodicity: z.enum(['year', 'quarter', 'month', 'day']),
  label: LabelSchema,
  model: ForecastModelSchema,
  candidates: z.array(ForecastCandidateSchema),
  forecast: z.array(ForecastPointSchema),
  backtest: ForecastBacktestSchema,
  /** The observed points the model was fitted to: first and last period, count, how many were derived. */
  basedOn: z.object({ from: z.string(), to: z.string(), points: z.number().int().positive(), derivedPoints: z.number().int().nonnegative() }),
  /** What was left out and why (older points before a gap, points beyond the fitting window). */
  notes: z.array(z.string()).optional(),
});
export type ForecastResponse = z.infer<typeof ForecastResponseSchema>;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The period `k` steps after `p` (before it when `k` is negative), of the same kind: years,
 * quarters, months or days. `null` for an instant (no regular step) or a non-period.
 */
export function addPeriods(p: string, k: number): string | null {
  const parsed = parsePeriod(p);
  if (!parsed || !Number.isInteger(k)) return null;
  const y = Number(p.slice(0, 4));
  switch (parsed.kind) {
    case 'year':
      return String(y + k).padStart(4, '0');
    case 'quarter': {
      const q = y * 4 + Number(p.slice(6)) - 1 + k;
      return `${String(Math.floor(q / 4)).padStart(4, '0')}-Q${(((q % 4) + 4) % 4) + 1}`;
    }
    case 'month': {
      const mo = y * 12 + Number(p.slice(5, 7)) - 1 + k;
      return `${String(Math.floor(mo / 12)).padStart(4, '0')}-${pad((((mo % 12) + 12) % 12) + 1)}`;
    }
    case 'day': {
      // Civil dates: step in UTC on the written date, where every day has 24 hours.
      const d = new Date(Date.UTC(y, Number(p.slice(5, 7)) - 1, Number(p.slice(8, 10)) + k));
      return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    }
    case 'instant':
      return null;
  }
}

/** The period right after `p` (`2025-12` -> `2026-01`, `2025-Q4` -> `2026-Q1`); null for an instant. */
export function nextPeriod(p: string): string | null {
  return addPeriods(p, 1);
}
