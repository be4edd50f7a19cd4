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
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, can, type ApiKey, type ApiKeys } from '../auth/index.js';
import { apiError, fastifyErrorBody } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { CatalogRegistry } from './catalog.js';
import type { IngestService } from './ingest.js';
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
    scope.post('/api/v1/observations', { bodyLimit: MAX_INGEST_BYTES }, async (request, reply) => {
      const key = request.apiKey as ApiKey;
      if (!isJson(request)) {
        const body = apiError('content-type', 'expected Content-Type: application/json');
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
