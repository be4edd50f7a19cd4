import {
  LatestQuerySchema,
  RevisionsQuerySchema,
  SeriesQuerySchema,
  formatVnTimestamp,
  issuesToErrors,
  parsePeriod,
  type ApiErrorBody,
  type Catalog,
  type LatestResponse,
  type Point,
  type RevisionsResponse,
  type SeriesResponse,
} from '@ioc/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiKeys, User } from '../auth/index.js';
import { badQuery } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { CatalogRegistry } from './catalog.js';
import type { IngestService } from './ingest.js';
import { ingestRoutes } from './ingest-routes.js';
import type { UnitKeys } from './provenance/unit-keys.js';
import { regionList, regionSeries } from './regions.js';
import { vintageSeries } from './series-query.js';

const RegionSeriesQuerySchema = SeriesQuerySchema.omit({ unit: true, vintage: true });

export interface FeedRouteDeps {
  keys: ApiKeys;
  sessionUser?: (token: string) => Promise<User | null>;
  ingest: IngestService;
  store: Store;
  catalog: CatalogRegistry;
  unitKeys: UnitKeys;
  log: Logger;
}

/** HTTP side of the feeds: ingest, series, revisions, catalog. */
export async function feedRoutes(app: FastifyInstance, deps: FeedRouteDeps): Promise<void> {
  const { store, catalog } = deps;
  await ingestRoutes(app, deps);

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
    const answer = await vintageSeries(catalog, store, {
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

  // The newest value of every unit of a level that exists today (a map's or a ranking's figures).
  app.get('/api/v1/latest', async (request, reply): Promise<LatestResponse | ApiErrorBody> => {
    const q = LatestQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const { indicator, level } = q.data;
    const ind = catalog.indicator(indicator);
    if (!ind) return reply.code(404).send({ errors: [{ index: null, field: 'indicator', message: `unknown indicator "${indicator}"` }] });
    if (!ind.levels.includes(level)) {
      return reply.code(422).send({ errors: [{ index: null, field: 'level', message: `${indicator} is reported at level(s) ${ind.levels.join(', ')}, not ${level}` }] });
    }
    const now = Date.now();
    const units = level === 'P' ? catalog.provincesOn(now) : level === 'M' ? catalog.agenciesOn(now) : catalog.vintages('VN').slice(0, 1);
    // A code kept by a merged province must not show the old unit's figure: count only periods
    // that end after the unit came into being.
    // Units that came into being on the same day share one query (one round trip on PostgreSQL).
    const byFrom = new Map<number, string[]>();
    for (const u of units) {
      const minEnd = Number.isFinite(u.from) ? u.from : Number.MIN_SAFE_INTEGER;
      byFrom.set(minEnd, [...(byFrom.get(minEnd) ?? []), u.code]);
    }
    const found = new Map<string, Point>();
    for (const [minEnd, codes] of byFrom) for (const p of await store.observations.latest(indicator, codes, minEnd)) found.set(p.unit, p);
    const points = units.flatMap((u) => {
      const p = found.get(u.code);
      return p ? [{ ...p, name: u.name }] : [];
    });
    const have = new Set(points.map((p) => p.unit));
    return { indicator, level, points, missing: units.filter((u) => !have.has(u.code)).map((u) => ({ unit: u.code, name: u.name })) };
  });

  app.get('/api/v1/revisions', async (request, reply): Promise<RevisionsResponse | ApiErrorBody> => {
    const q = RevisionsQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const { indicator, unit } = q.data;
    const unknown = unknownRefs(catalog, indicator, unit);
    if (unknown) return reply.code(404).send(unknown);
    const period = parsePeriod(q.data.period)?.canonical ?? q.data.period;
    // Each value with its provenance: who sent it, when, how, the hash of what arrived and who signed it.
    const rows = await store.observations.revisions(indicator, unit, period);
    const revisions = await Promise.all(rows.map(async ({ submissionId, review, ...r }) => {
      const s = submissionId === null ? null : await store.submissions.get(submissionId);
      return {
        ...r,
        review,
        received: formatVnTimestamp(r.receivedAt, true),
        submission: s && { id: s.id, submitter: s.submitter, format: s.format, fileName: s.fileName, fileHash: s.fileHash, signedBy: s.signerUnit, signerKey: s.signerKey },
      };
    }));
    return { indicator, unit, period, revisions };
  });

  app.get('/api/v1/catalog', async (): Promise<Catalog> => catalog.catalog);

  // The six socio-economic regions and their series, derived from their provinces (up to the 2025 reform).
  app.get('/api/v1/regions', async () => ({ regions: regionList(catalog) }));
  app.get<{ Params: { id: string } }>('/api/v1/regions/:id/series', async (request, reply) => {
    const q = RegionSeriesQuerySchema.safeParse(request.query);
    if (!q.success) return badQuery(reply, issuesToErrors(q.error.issues));
    const { indicator, from, to, limit } = q.data;
    const fromStart = from ? parsePeriod(from)?.start : undefined;
    const toStart = to ? parsePeriod(to)?.start : undefined;
    const answer = await regionSeries(catalog, store, {
      indicator,
      region: request.params.id,
      ...(fromStart !== undefined && { fromStart }),
      ...(toStart !== undefined && { toStart }),
      ...(limit !== undefined && { limit }),
    });
    return reply.code(answer.ok ? 200 : answer.status).send(answer.body);
  });
}

function unknownRefs(catalog: CatalogRegistry, indicator: string, unit: string): ApiErrorBody | null {
  const errors: ApiErrorBody['errors'] = [];
  if (!catalog.indicator(indicator)) errors.push({ index: null, field: 'indicator', message: `unknown indicator "${indicator}"` });
  if (catalog.vintages(unit).length === 0) errors.push({ index: null, field: 'unit', message: `unknown reporting unit "${unit}"` });
  return errors.length > 0 ? { errors } : null;
}
