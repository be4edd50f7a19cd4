import { ForecastQuerySchema, issuesToErrors, type ApiErrorBody, type ForecastResponse } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { CatalogRegistry } from '../../feeds/catalog.js';
import { badQuery } from '../../http/errors.js';
import type { ForecastDomain } from './index.js';

export interface ForecastRouteDeps {
  catalog: CatalogRegistry;
  forecasts: ForecastDomain;
  /** Indicators the walls show: all a wall device token may ask a forecast of. */
  shownIndicators?: () => ReadonlySet<string>;
}

/**
 * `GET /api/v1/forecast?indicator=&unit=&horizon=&vintage=`: a read like `/api/v1/series`
 * (any principal), and for wall devices only of indicators some scene shows (403 otherwise). 400 for a bad query (horizon outside 1..36), 404 for an unknown indicator
 * or unit (or a unit not in the asked map), 422 when the series cannot be forecast.
 */
export async function forecastRoutes(app: FastifyInstance, deps: ForecastRouteDeps): Promise<void> {
  const { catalog, forecasts } = deps;
  app.get('/api/v1/forecast', async (request, reply): Promise<ForecastResponse | ApiErrorBody> => {
    const q = ForecastQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const { indicator, unit } = q.data;
    if (request.caller?.kind === 'device' && !deps.shownIndicators?.().has(indicator)) {
      return reply.code(403).send({ errors: [{ index: null, field: 'indicator', message: `no scene of the walls shows "${indicator}": a wall device may not read its forecast / không cảnh nào trên tường hiển thị chỉ tiêu này` }] });
    }
    const errors: ApiErrorBody['errors'] = [];
    if (!catalog.indicator(indicator)) errors.push({ index: null, field: 'indicator', message: `unknown indicator "${indicator}"` });
    if (catalog.vintages(unit).length === 0) errors.push({ index: null, field: 'unit', message: `unknown reporting unit "${unit}"` });
    if (errors.length > 0) return reply.code(404).send({ errors });
    const answer = await forecasts.forecast({ indicator, unit, vintage: q.data.vintage, ...(q.data.horizon !== undefined && { horizon: q.data.horizon }) });
    if (!answer.ok) return reply.code(answer.status).send(answer.body);
    return answer.body;
  });
}
