import { PROTOCOL_VERSION, type Health, type Principal, type SystemStatus } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Audit } from '../audit/index.js';
import { actorOf } from '../auth/principal.js';
import { bearerToken } from '../auth/index.js';
import type { Store } from '../store/index.js';
import { apiError } from './errors.js';
import type { HealthMonitor } from './health-monitor.js';
import { openApiDocument } from './openapi.js';

/** Roles that may read the system's details (version, uptime, store). */
const STATUS_ROLES: ReadonlySet<string> = new Set(['technician', 'admin']);

/**
 * `GET /healthz`: liveness and degradation only, for anyone (load balancers, the wall's
 * kiosk): no version, counts or uptime. `GET /api/v1/system/status` (technician, admin): the
 * same with the details.
 */
export async function systemRoutes(
  app: FastifyInstance,
  deps: { store: Store; version: string; startedAt: number; health: HealthMonitor; audit: Audit; resolve(token: string | null): Promise<Principal | null> },
): Promise<void> {
  const openapi = openApiDocument(deps.version);
  app.get('/healthz', async (_request, reply) => {
    const health: Health = await deps.health.check();
    return reply.code(health.status === 'ok' ? 200 : 503).send(health);
  });
  app.get('/api/v1/system/status', async (request, reply) => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    if (!STATUS_ROLES.has(p.role)) {
      await deps.audit.write({ actor: actorOf(p), role: p.role, action: 'system.status', ok: false, detail: { error: 'forbidden' } });
      return reply.code(403).send(apiError('authorization', `the system status is for technicians and admins; you are ${p.role}`));
    }
    const status: SystemStatus = {
      health: await deps.health.check(),
      version: deps.version,
      protocolVersion: PROTOCOL_VERSION,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      store: { ok: await deps.store.ping(), driver: deps.store.engine },
    };
    return status;
  });
  app.get('/api/v1/openapi.json', async () => openapi);
}
