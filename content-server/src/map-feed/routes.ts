import { MAX_MAP_FEED_BYTES } from '@ioc/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import { bearerToken, can, type ApiKey, type ApiKeys } from '../auth/index.js';
import { apiError, fastifyErrorBody } from '../http/errors.js';
import type { MapFeedDomain } from './index.js';

/**
 * `POST /api/v1/map-feed` (ingest role): incidents and flows for the map, JSON, at most
 * MAX_MAP_FEED_BYTES; `GET /api/v1/map-feed`: what the map draws now, with provenance.
 */
export async function mapFeedRoutes(app: FastifyInstance, deps: { keys: ApiKeys; feed: MapFeedDomain }): Promise<void> {
  const { keys, feed } = deps;
  app.get('/api/v1/map-feed', async () => await feed.current());

  await app.register(async (scope) => {
    // The key is checked before the body is read, as for observations.
    const keyOf = new WeakMap<object, ApiKey>();
    scope.addHook('onRequest', async (request, reply) => {
      const key = await keys.verify(bearerToken(request.headers.authorization));
      if (!key) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <key> with an active API key'));
      if (!can(key.role, 'ingest')) {
        const refusal = apiError('authorization', `a key with role "${key.role}" may not post to the map feed; it needs role ingest or admin`);
        await feed.refuse(key, 403, refusal.errors);
        return reply.code(403).send(refusal);
      }
      keyOf.set(request, key);
    });
    scope.setErrorHandler(async (err: FastifyError, request, reply) => {
      const { status, body } = fastifyErrorBody(err);
      const key = keyOf.get(request);
      if (key && (status === 400 || status === 413 || status === 415)) await feed.refuse(key, status, body.errors);
      return reply.code(status).send(body);
    });
    scope.post('/api/v1/map-feed', { bodyLimit: MAX_MAP_FEED_BYTES }, async (request, reply) => {
      const outcome = await feed.post(request.body, keyOf.get(request) as ApiKey);
      return reply.code(outcome.status).send(outcome.body);
    });
  });
}
