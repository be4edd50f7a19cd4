import type { FastifyInstance } from 'fastify';
import { HTTP_JSON_BOUNDS, scanJsonText, type BoundsProblem, type JsonBounds } from './json-bounds.js';

/** The error a refused body raises: the error handler answers it (413) and audits it. */
export class BoundsError extends Error {
  readonly code = 'IOC_JSON_BOUNDS';
  readonly statusCode = 413;
  constructor(readonly problem: BoundsProblem) {
    super(problem.text.en);
  }
}

/**
 * Replaces Fastify's JSON body parser with one that scans the bytes for depth and count before
 * JSON.parse, then parses as Fastify does (`__proto__` and `constructor.prototype` refused).
 * Per-route `bodyLimit`s still apply: Fastify reads the body before calling the parser.
 */
export function installJsonBodyParser(app: FastifyInstance, bounds: JsonBounds = HTTP_JSON_BOUNDS): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const found = scanJsonText(text, bounds);
    if (found) return done(new BoundsError(found), undefined);
    parse(request, text, done);
  });
}
