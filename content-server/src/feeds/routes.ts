import {
  MAX_INGEST_BYTES,
  RevisionsQuerySchema,
  SeriesQuerySchema,
  issuesToErrors,
  parsePeriod,
  type ApiErrorBody,
  type Catalog,
  type RevisionsResponse,
  type SeriesResponse,
} from '@ioc/protocol';
import { z } from 'zod';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, can, type ApiKey, type ApiKeys } from '../auth/index.js';
import { apiError, fastifyErrorBody } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { CatalogRegistry } from './catalog.js';
import type { IngestService } from './ingest.js';
import { errorsToCsvRows, observationsTemplate, parseObservationsCsv } from './csv.js';
import { vintageSeries } from './series-query.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified key of an ingest request (set before the body is read). */
    apiKey: ApiKey | null;
  }
}

export interface FeedRouteDeps {
  keys: ApiKeys;
  ingest: IngestService;
  store: Store;
  catalog: CatalogRegistry;
  log: Logger;
}

const CodeList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64)).min(1).max(200));
const TemplateQuerySchema = z.strictObject({ indicators: CodeList, period: z.string().max(40), units: CodeList.optional() });

function isCsv(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^(text|application)\/csv\s*(;|$)/i.test(type.trim());
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type.trim());
}

/** HTTP side of the feeds: ingest, series, revisions, catalog. */
export async function feedRoutes(app: FastifyInstance, deps: FeedRouteDeps): Promise<void> {
  const { keys, ingest, store, catalog } = deps;

  await app.register(async (scope) => {
    scope.decorateRequest('apiKey', null);
    // The key is checked before the body is read: a caller without a key learns nothing
    // about the body (not even that it is too large) and costs us no parsing.
    scope.addHook('onRequest', async (request, reply) => {
      const key = keys.verify(bearerToken(request.headers.authorization));
      if (!key) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <key> with an active API key'));
      if (!can(key.role, 'ingest')) {
        ingest.refuse(key, 403, apiError('authorization', `a key with role "${key.role}" may not submit observations`).errors);
        return reply.code(403).send(apiError('authorization', `a key with role "${key.role}" may not submit observations; it needs role ingest or admin`));
      }
      request.apiKey = key;
    });
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      const { status, body } = fastifyErrorBody(err);
      if (status >= 500) deps.log.error({ err }, 'ingest request failed');
      if (request.apiKey && (status === 400 || status === 413 || status === 415)) ingest.refuse(request.apiKey, status, body.errors);
      return reply.code(status).send(body);
    });
    // A CSV upload is read as text here and parsed by csv.ts, which names rows and columns.
    scope.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: MAX_INGEST_BYTES }, (_request, body, done) => done(null, body));
    scope.post('/api/v1/observations', { bodyLimit: MAX_INGEST_BYTES }, async (request, reply) => {
      const key = request.apiKey as ApiKey;
      if (isCsv(request)) {
        const parsed = parseObservationsCsv(String(request.body ?? ''));
        if (!parsed.ok) {
          const status = parsed.errors[0]?.field === 'body' ? 400 : 422;
          ingest.refuse(key, status, parsed.errors);
          return reply.code(status).send({ errors: parsed.errors });
        }
        const outcome = ingest.ingest({ observations: parsed.batch.observations }, key);
        const body = 'errors' in outcome.body ? { errors: errorsToCsvRows(outcome.body.errors, parsed.batch.lines) } : outcome.body;
        return reply.code(outcome.status).send(body);
      }
      if (!isJson(request)) {
        const body = apiError('content-type', 'expected Content-Type: application/json, or text/csv for a CSV file');
        ingest.refuse(key, 415, body.errors);
        return reply.code(415).send(body);
      }
      const outcome = ingest.ingest(request.body, key);
      return reply.code(outcome.status).send(outcome.body);
    });
  });

  app.get('/api/v1/series', async (request, reply): Promise<SeriesResponse | ApiErrorBody> => {
    const q = SeriesQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const { indicator, unit, from, to, limit, vintage } = q.data;
    const unknown = unknownRefs(catalog, indicator, unit);
    if (unknown) return reply.code(404).send(unknown);
    const fromStart = from ? parsePeriod(from)?.start : undefined;
    const toStart = to ? parsePeriod(to)?.start : undefined;
    if (fromStart !== undefined && toStart !== undefined && fromStart > toStart) {
      return badQuery(reply, [{ index: null, field: 'from', message: `expected from <= to; ${from} is after ${to}` }]);
    }
    const answer = vintageSeries(catalog, store, {
      indicator,
      unit,
      vintage,
      ...(fromStart !== undefined && { fromStart }),
      ...(toStart !== undefined && { toStart }),
      ...(limit !== undefined && { limit }),
    });
    if (!answer.ok) return reply.code(answer.status).send(answer.body);
    return answer.body;
  });

  app.get('/api/v1/revisions', async (request, reply): Promise<RevisionsResponse | ApiErrorBody> => {
    const q = RevisionsQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const { indicator, unit } = q.data;
    const unknown = unknownRefs(catalog, indicator, unit);
    if (unknown) return reply.code(404).send(unknown);
    const period = parsePeriod(q.data.period)?.canonical ?? q.data.period;
    return { indicator, unit, period, revisions: store.observations.revisions(indicator, unit, period) };
  });

  app.get('/api/v1/catalog', async (): Promise<Catalog> => catalog.catalog);

  // A CSV form to fill for a unit without its own system: ?indicators=a,b&period=2026-10[&units=01,79]
  app.get('/api/v1/templates/observations.csv', async (request, reply) => {
    const q = TemplateQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const period = parsePeriod(q.data.period);
    if (!period) return badQuery(reply, [{ index: null, field: 'period', message: `"${q.data.period}" is not a period (2026, 2026-Q3, 2026-10, 2026-10-05)` }]);
    const rows = [];
    for (const id of q.data.indicators) {
      const ind = catalog.indicator(id);
      if (!ind) return reply.code(404).send(apiError('indicators', `unknown indicator "${id}"`));
      const units = q.data.units ?? (ind.levels.includes('P') ? catalog.provincesOn(period.start).map((u) => u.code).sort() : ['VN']);
      for (const code of units) {
        const unit = catalog.vintageDuring(code, period.start, period.end);
        if (!unit) return reply.code(404).send(apiError('units', `unit "${code}" does not exist during ${q.data.period}`));
        rows.push({ indicator: id, indicatorName: ind.name.vi, unitOfMeasure: ind.unitLabel.vi, unit: code, unitName: unit.name, period: period.canonical, source: ind.reportedBy });
      }
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="observations-${period.canonical}.csv"`)
      .send(observationsTemplate(rows));
  });
}

/** A query error concerning the query as a whole (an unknown parameter) is named `(query)`. */
function badQuery(reply: FastifyReply, errors: ApiErrorBody['errors']): FastifyReply {
  return reply.code(400).send({ errors: errors.map((e) => (e.field === '(body)' ? { ...e, field: '(query)' } : e)) });
}

function unknownRefs(catalog: CatalogRegistry, indicator: string, unit: string): ApiErrorBody | null {
  const errors: ApiErrorBody['errors'] = [];
  if (!catalog.indicator(indicator)) errors.push({ index: null, field: 'indicator', message: `unknown indicator "${indicator}"` });
  if (catalog.vintages(unit).length === 0) errors.push({ index: null, field: 'unit', message: `unknown reporting unit "${unit}"` });
  return errors.length > 0 ? { errors } : null;
}
