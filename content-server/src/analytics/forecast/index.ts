import type { ApiErrorBody, ForecastResponse, Vintage } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { CatalogRegistry } from '../../feeds/catalog.js';
import type { CommittedBatch } from '../../feeds/ingest.js';
import { vintageSeries } from '../../feeds/series-query.js';
import { apiError } from '../../http/errors.js';
import type { Store } from '../../store/index.js';
import { DEFAULT_HORIZON, forecastSeries, type ForecastPeriodicity } from './forecast-series.js';
import { forecastRoutes } from './routes.js';

export { forecastSeries, DEFAULT_HORIZON, MODEL_LABELS, type ForecastBody, type ForecastOutcome } from './forecast-series.js';
export { backtest } from './backtest.js';
export { evaluateEts, fitEts, forecastMeans, specOf, type EtsFit, type EtsParams, type EtsSpec, type EtsState } from './ets.js';
export { forecastWithIntervals, relativeVariances } from './intervals.js';
export { selectModel, seasonLength, MIN_POINTS } from './select.js';

export interface ForecastRequest {
  indicator: string;
  unit: string;
  vintage: Vintage;
  horizon?: number;
}

export type ForecastAnswer = { ok: true; body: ForecastResponse } | { ok: false; status: number; body: ApiErrorBody };

/** Answers kept; a forecast costs tens of milliseconds of CPU, a cached one nothing. */
const CACHE_SIZE = 500;

/**
 * Forecasts of stored series (docs/forecasting.md). Answers are cached per (indicator, unit,
 * vintage, horizon) until a committed batch changes that indicator, or the indicator a merged
 * unit's values are weighted by.
 */
export class ForecastDomain {
  private readonly cache = new Map<string, ForecastAnswer>();

  constructor(private readonly deps: { catalog: CatalogRegistry; store: Store; ingest?: { onCommitted(l: (b: CommittedBatch) => void): () => void } }) {
    deps.ingest?.onCommitted((batch) => this.invalidate(new Set(batch.changed.map((c) => c.indicator))));
  }

  /** Drops cached answers that depend on these indicators. */
  invalidate(indicators: ReadonlySet<string>): void {
    if (indicators.size === 0) return;
    for (const key of [...this.cache.keys()]) {
      const id = key.split('|')[0]!;
      const rule = this.deps.catalog.indicator(id)?.aggregation;
      if (indicators.has(id) || (rule?.rule === 'weighted_mean' && indicators.has(rule.weight))) this.cache.delete(key);
    }
  }

  /** The forecast of one series, or the error to answer (404 unit not in that map, 422 cannot forecast). */
  async forecast(q: ForecastRequest): Promise<ForecastAnswer> {
    const key = `${q.indicator}|${q.unit}|${q.vintage}|${q.horizon ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const answer = await this.compute(q);
    this.cache.set(key, answer);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return answer;
  }

  private async compute(q: ForecastRequest): Promise<ForecastAnswer> {
    const indicator = this.deps.catalog.indicator(q.indicator);
    if (!indicator) return { ok: false, status: 404, body: apiError('indicator', `unknown indicator "${q.indicator}"`) };
    const periodicity = indicator.periodicity;
    if (periodicity === 'instant') {
      return { ok: false, status: 422, body: apiError('indicator', `${q.indicator} is a stream of instant readings with no regular period; forecasts are made for yearly, quarterly, monthly and daily series`) };
    }
    const series = await vintageSeries(this.deps.catalog, this.deps.store, { indicator: q.indicator, unit: q.unit, vintage: q.vintage });
    if (!series.ok) return series;
    const outcome = forecastSeries(series.body.points, periodicity as ForecastPeriodicity, q.horizon ?? DEFAULT_HORIZON[periodicity as ForecastPeriodicity]);
    if (!outcome.ok) return { ok: false, status: outcome.status, body: apiError(outcome.field, outcome.message) };
    const notes = [...(series.body.notes ?? []), ...(outcome.body.notes ?? [])];
    const { notes: _ignored, ...body } = outcome.body;
    return { ok: true, body: { indicator: q.indicator, unit: q.unit, vintage: q.vintage, ...body, ...(notes.length > 0 && { notes }) } };
  }

  routes(app: FastifyInstance, shownIndicators?: () => ReadonlySet<string>): Promise<void> {
    return forecastRoutes(app, { catalog: this.deps.catalog, forecasts: this, ...(shownIndicators && { shownIndicators }) });
  }
}
