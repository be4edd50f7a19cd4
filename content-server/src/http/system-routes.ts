import { PROTOCOL_VERSION, type Health } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import { openApiDocument } from './openapi.js';

/** Health and the API description. */
export async function systemRoutes(app: FastifyInstance, deps: { store: Store; version: string; startedAt: number }): Promise<void> {
  const openapi = openApiDocument(deps.version);
  app.get('/healthz', async (_request, reply) => {
    const ok = deps.store.ping();
    const health: Health = {
      status: ok ? 'ok' : 'degraded',
      version: deps.version,
      protocolVersion: PROTOCOL_VERSION,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      store: { ok, driver: 'sqlite' },
    };
    return reply.code(ok ? 200 : 503).send(health);
  });
  app.get('/api/v1/openapi.json', async () => openapi);
}
