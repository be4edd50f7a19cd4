import type { ApiErrorBody } from '@ioc/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../logger.js';
import { failureOf } from '../store/failures.js';

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

/** Every error and unknown route answers `{"errors": [...]}`; 5xx are logged with their cause. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, body } = fastifyErrorBody(err);
    if (status >= 500) log.error({ err, url: request.url, method: request.method }, 'request failed');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(apiError('url', `no such route: ${request.method} ${request.url.split('?')[0]}`)),
  );
}
