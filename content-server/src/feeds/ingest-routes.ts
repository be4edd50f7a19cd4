import { MAX_INGEST_BYTES, issuesToErrors, parsePeriod, type ApiErrorItem } from '@ioc/protocol';
import { INGEST_JSON_BOUNDS, scanJsonText } from '../http/json-bounds.js';
import { z } from 'zod';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TOKEN_PREFIX, bearerToken, can, type ApiKeys, type User } from '../auth/index.js';
import { apiError, badQuery, fastifyErrorBody } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { SubmissionFormat } from '../store/index.js';
import type { CatalogRegistry } from './catalog.js';
import { validateBatch, type IngestService } from './ingest.js';
import { checkSignature } from './provenance/signature.js';
import type { UnitKeys } from './provenance/unit-keys.js';
import { say } from './upload/messages.js';
import { noUnitMessage, submitterOfKey, submitterOfUser, type Submitter } from './submitter.js';
import { csvTemplate, errorsToFileRows, parseObservationsCsv, parseObservationsXlsx, xlsxTemplate, XLSX_TYPE, type FileBatch, type TemplateRow } from './upload/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who submits an ingest request: its verified key, or a unit's user (set before the body is read). */
    submitter: Submitter | null;
  }
}

export interface IngestRouteDeps {
  keys: ApiKeys;
  /** The enabled user of a live session token, or null (a unit's own account submits with its session). */
  sessionUser?: (token: string) => User | null;
  ingest: IngestService;
  catalog: CatalogRegistry;
  unitKeys: UnitKeys;
  log: Logger;
}

const CodeList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64)).min(1).max(200));
const TemplateQuerySchema = z.strictObject({ indicators: CodeList, period: z.string().max(40), units: CodeList.optional() });

/** What the body is, from its Content-Type; null when the server does not take it. */
function formatOf(request: FastifyRequest): Exclude<SubmissionFormat, 'derived'> | null {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === XLSX_TYPE) return 'xlsx';
  return null;
}

/** Errors of a file in reading order: the file's own first, then by sheet and row. */
function byPlace(errors: ApiErrorItem[]): ApiErrorItem[] {
  const sheets = [...new Set(errors.map((e) => e.sheet ?? ''))];
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => sheets.indexOf(a.e.sheet ?? '') - sheets.indexOf(b.e.sheet ?? '') || (a.e.row ?? 0) - (b.e.row ?? 0) || a.i - b.i)
    .map(({ e }) => e);
}

/** The uploaded file's name, from `Content-Disposition: attachment; filename="..."` (optional). */
function fileNameOf(request: FastifyRequest): string | null {
  const cd = request.headers['content-disposition'];
  const m = typeof cd === 'string' ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd) : null;
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!).slice(0, 200);
  } catch {
    return m[1]!.slice(0, 200);
  }
}

/**
 * `POST /api/v1/observations`: a JSON batch, a CSV file or an XLSX workbook, optionally signed
 * (Ed25519, detached, over the bytes as sent). The body is read as bytes so that its hash and
 * signature cover exactly what arrived; a file is checked whole before anything is stored.
 * Also the forms to fill: `GET /api/v1/templates/observations.csv|xlsx`.
 */
export async function ingestRoutes(app: FastifyInstance, deps: IngestRouteDeps): Promise<void> {
  const { keys, ingest, catalog } = deps;

  await app.register(async (scope) => {
    scope.decorateRequest('submitter', null);
    // The submitter is checked before the body is read: a caller without a right learns nothing
    // about the body (not even that it is too large) and costs us no parsing. The access hook
    // has already refused the rest; this names who submits (and holds if that hook changes).
    scope.addHook('onRequest', async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      if (token?.startsWith(SESSION_TOKEN_PREFIX)) {
        const user = deps.sessionUser?.(token) ?? null;
        if (!user) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <key> with an active API key, or the session of a unit\'s own account'));
        const submitter = submitterOfUser(user);
        if (!submitter) {
          const why = noUnitMessage(user.username);
          const refused = ingest.refuse({ kind: 'user', name: user.username, apiKeyId: null, synthetic: false, unit: null }, 403, [{ index: null, field: 'authorization', ...say(why.en, why.vi) }]);
          return reply.code(refused.status).send(refused.body);
        }
        request.submitter = submitter;
        return;
      }
      const key = keys.verify(token);
      if (!key) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <key> with an active API key'));
      if (!can(key.role, 'ingest')) {
        ingest.refuse(submitterOfKey(key), 403, apiError('authorization', `a key with role "${key.role}" may not submit observations`).errors);
        return reply.code(403).send(apiError('authorization', `a key with role "${key.role}" may not submit observations; it needs role ingest or admin`));
      }
      request.submitter = submitterOfKey(key);
    });
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      const { status, body } = fastifyErrorBody(err);
      if (status >= 500) deps.log.error({ err }, 'ingest request failed');
      if (request.submitter && (status === 400 || status === 413 || status === 415)) ingest.refuse(request.submitter, status, body.errors);
      return reply.code(status).send(body);
    });
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_INGEST_BYTES }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/observations', { bodyLimit: MAX_INGEST_BYTES }, async (request, reply) => {
      const by = request.submitter as Submitter;
      const send = (status: number, errors: ApiErrorItem[]) => {
        ingest.refuse(by, status as 400, errors);
        return reply.code(status).send({ errors });
      };
      const format = formatOf(request);
      if (!format) return send(415, [{ index: null, field: 'content-type', ...say(`expected Content-Type: application/json, text/csv or ${XLSX_TYPE}`, `cần Content-Type: application/json, text/csv hoặc ${XLSX_TYPE}`) }]);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (bytes.length === 0) return send(400, [{ index: null, field: 'body', ...(format === 'json' ? say('expected a JSON body; the body is empty', 'cần nội dung JSON; nội dung đang trống') : say('the file is empty', 'tệp trống')) }]);
      const signature = checkSignature(bytes, request.headers, deps.unitKeys);
      if (signature.kind === 'refused') return send(signature.status, signature.errors);

      let body: unknown;
      let origins: FileBatch['origins'] | null = null;
      if (format === 'json') {
        // Depth and count before JSON.parse and the schema (both walk what they are given).
        const tooBig = scanJsonText(bytes, INGEST_JSON_BOUNDS);
        if (tooBig) return send(413, [{ index: null, field: 'body', ...say(tooBig.text.en, tooBig.text.vi) }]);
        try {
          body = JSON.parse(bytes.toString('utf8'));
        } catch (err) {
          return send(400, [{ index: null, field: 'body', ...say(`malformed JSON: ${(err as Error).message}`, `JSON sai cú pháp: ${(err as Error).message}`) }]);
        }
      } else {
        const parsed = format === 'csv' ? parseObservationsCsv(bytes.toString('utf8')) : await parseObservationsXlsx(bytes);
        if (!parsed.ok) {
          if (parsed.status === 413) return send(413, parsed.errors);
          if (parsed.errors[0]?.field === 'body') return send(400, parsed.errors);
          // Report every problem of the file at once: the rows that did parse are checked too.
          const rest = parsed.partial?.observations.length ? validateBatch({ observations: parsed.partial.observations }, catalog, { synthetic: by.synthetic }) : null;
          const more = rest && !rest.ok ? errorsToFileRows(rest.errors, parsed.partial!.origins).map((e) => ({ ...e, index: null })) : [];
          return send(422, byPlace([...parsed.errors, ...more]));
        }
        body = { observations: parsed.batch.observations };
        origins = parsed.batch.origins;
      }
      const outcome = await ingest.ingest(body, by, { format, fileName: fileNameOf(request), bytes, signature });
      if (!origins) return reply.code(outcome.status).send(outcome.body);
      // In a file, a malformed cell is a problem of its row and column (422), like any other.
      if ('errors' in outcome.body) return reply.code(outcome.status === 400 ? 422 : outcome.status).send({ errors: errorsToFileRows(outcome.body.errors, origins) });
      const flagged = outcome.body.flagged && errorsToFileRows(outcome.body.flagged, origins);
      return reply.code(outcome.status).send({ ...outcome.body, ...(flagged && { flagged }) });
    });
  });

  // A form to fill for a unit without its own system: ?indicators=a,b&period=2026-10[&units=01,79]
  const templateRows = (query: unknown, reply: FastifyReply): { rows: TemplateRow[]; period: string } | null => {
    const q = TemplateQuerySchema.safeParse(query);
    if (!q.success) {
      void badQuery(reply, issuesToErrors(q.error.issues));
      return null;
    }
    const period = parsePeriod(q.data.period);
    if (!period) {
      void reply.code(400).send(apiError('period', `"${q.data.period}" is not a period (2026, 2026-Q3, 2026-10, 2026-10-05)`));
      return null;
    }
    const rows: TemplateRow[] = [];
    for (const id of q.data.indicators) {
      const ind = catalog.indicator(id);
      if (!ind) {
        void reply.code(404).send(apiError('indicators', `unknown indicator "${id}"`));
        return null;
      }
      const units = q.data.units ?? (ind.levels.includes('P') ? catalog.provincesOn(period.start).map((u) => u.code).sort() : ['VN']);
      for (const code of units) {
        const unit = catalog.vintageDuring(code, period.start, period.end);
        if (!unit) {
          void reply.code(404).send(apiError('units', `unit "${code}" does not exist during ${q.data.period}`));
          return null;
        }
        rows.push({ indicator: id, indicatorName: ind.name.vi, unitOfMeasure: ind.unitLabel.vi, unit: code, unitName: unit.name, period: period.canonical, source: ind.reportedBy });
      }
    }
    return { rows, period: period.canonical };
  };

  app.get('/api/v1/templates/observations.csv', async (request, reply) => {
    const t = templateRows(request.query, reply);
    if (!t) return reply;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="observations-${t.period}.csv"`)
      .send(csvTemplate(t.rows));
  });

  app.get('/api/v1/templates/observations.xlsx', async (request, reply) => {
    const t = templateRows(request.query, reply);
    if (!t) return reply;
    const title = `Biểu mẫu số liệu kỳ ${t.period} / Data form for ${t.period}`;
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', `attachment; filename="observations-${t.period}.xlsx"`)
      .send(await xlsxTemplate(t.rows, title));
  });
}
