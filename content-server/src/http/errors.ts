import { refusalSource, type RefusalTally } from '../audit/refusal-tally.js';
import type { ApiErrorBody, Principal } from '@ioc/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import type { Logger } from '../logger.js';
import { failureOf } from '../store/failures.js';
import { BoundsError } from './json-body.js';
import { auditActorOf } from '../auth/principal.js';

/** The body of every 4xx answer: one error concerning the request as a whole. */
export function apiError(field: string, message: string): ApiErrorBody {
  return { errors: [{ index: null, field, message }] };
}

/** 400 for a bad query string; an error about the query as a whole is named `(query)`. */
export function badQuery(reply: FastifyReply, errors: ApiErrorBody['errors']): FastifyReply {
  return reply.code(400).send({ errors: errors.map((e) => (e.field === '(body)' ? { ...e, field: '(query)' } : e)) });
}

/**
 * Fastify's own refusals (unparseable JSON, body too large, unsupported media type, ...)
 * rendered in the API's error shape, with the field they concern.
 */
export function fastifyErrorBody(err: FastifyError): { status: number; body: ApiErrorBody } {
  if (err instanceof BoundsError) return { status: 413, body: { errors: [{ index: null, field: 'body', message: err.problem.text.en, text: err.problem.text }] } };
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: apiError('content-type', 'expected Content-Type: application/json') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: apiError('body', 'the request body is larger than the server accepts') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: apiError('body', 'expected a JSON body; the body is empty') };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: apiError('body', `malformed JSON: ${err.message}`) };
  }
  // A full disk, a locked or broken store, a missing folder: 507/503 naming the cause, not a bug.
  const failure = failureOf(err);
  if (failure) return { status: failure.status, body: { errors: [{ index: null, field: '(server)', message: failure.text.en, text: failure.text }] } };
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // JSON.parse failures carry no code, only the SyntaxError message and statusCode 400.
    const message = err instanceof SyntaxError ? `malformed JSON: ${err.message}` : err.message;
    return { status, body: apiError('body', message) };
  }
  return { status: 500, body: apiError('(server)', 'internal error; the server log has the details') };
}

/** What the error handler needs to name who sent a refused or failed request in the audit. */
export interface EdgeAuditDeps {
  audit: Audit;
  resolve(token: string | null): Promise<Principal | null>;
  /** Refusals (bounds, sizes) are counted per source and minute here, not written one row each. */
  tally?: Pick<RefusalTally, 'count'>;
}

/** `user:lan`, `key:customs`, or `anonymous`: whoever the request's bearer token stands for. */
export async function actorOfRequest(request: FastifyRequest, resolve: EdgeAuditDeps['resolve']): Promise<{ actor: string; role: string | null }> {
  try {
    return auditActorOf(await resolve(bearerToken(request.headers.authorization)));
  } catch {
    return { actor: 'anonymous', role: null };
  }
}

/**
 * Every error and unknown route answers `{"errors": [...]}`. 5xx are logged with their cause and
 * audited (`http.error`: route, principal); a body refused by the JSON bounds or the route's
 * size limit is audited as `edge.refused` (never the body itself).
 */
export function installErrorHandling(app: FastifyInstance, log: Logger, edge?: EdgeAuditDeps): void {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const { status, body } = fastifyErrorBody(err);
    const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    if (status >= 500) log.error({ err, url: request.url, method: request.method }, 'request failed');
    const bounded = err instanceof BoundsError || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    if (edge && (status >= 500 || bounded)) {
      try {
        const who = await actorOfRequest(request, edge.resolve);
        const reason = err instanceof BoundsError ? err.problem.kind : 'size';
        const detail = bounded ? { address: request.ip, status, reason } : { address: request.ip, status, error: String(err.message).slice(0, 300) };
        if (bounded && edge.tally) await edge.tally.count(refusalSource(who.actor, request.ip), 'edge.refused', { target: route.slice(0, 300), detail, firstAtOnce: true });
        else await edge.audit.write({ ...who, action: bounded ? 'edge.refused' : 'http.error', target: route.slice(0, 300), detail, ok: false });
      } catch (auditErr) {
        log.error({ err: auditErr }, 'could not audit a refused or failed request');
      }
    }
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(apiError('url', `no such route: ${request.method} ${request.url.split('?')[0]}`)),
  );
}
