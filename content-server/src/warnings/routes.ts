import { WarningAckBodySchema, WarningsQuerySchema, issuesToErrors, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/index.js';
import { apiError } from '../http/errors.js';
import type { WarningsDomain } from './index.js';

const STATUS = { unauthorised: 401, forbidden: 403, invalid: 400, not_found: 404, already_acknowledged: 409, resolved: 409 } as const;

/**
 * `GET /api/v1/warnings?state=&severity=&indicator=&unit=&limit=` (anyone signed in), newest first;
 * `POST /api/v1/warnings/:id/ack` with an optional `{"note": "..."}` (operator and above): 404 for
 * an unknown warning, 409 when it was already acknowledged (the answer says by whom and when) or
 * resolved. Acknowledgements and their refusals are audited as `warning.ack`.
 */
export async function warningRoutes(app: FastifyInstance, deps: { resolve(token: string | null): Promise<Principal | null>; warnings: WarningsDomain }): Promise<void> {
  const principalOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) void reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    return p;
  };

  app.get('/api/v1/warnings', async (request, reply) => {
    if (!(await principalOf(request, reply))) return reply;
    const q = WarningsQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send({ errors: issuesToErrors(q.error.issues) });
    const { limit, ...filter } = q.data;
    return { warnings: await deps.warnings.list({ ...filter, limit: limit ?? 200 }) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/warnings/:id/ack', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    const id = /^[1-9]\d{0,15}$/.test(request.params.id) ? Number(request.params.id) : null;
    if (id === null) return reply.code(404).send(apiError('id', `no warning "${request.params.id}" (ids are positive integers)`));
    const body = WarningAckBodySchema.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ errors: issuesToErrors(body.error.issues) });
    const r = await deps.warnings.acknowledge(id, p, body.data.note || null);
    if (r.ok) return { warning: r.warning };
    const field = r.error.code === 'forbidden' ? 'authorization' : 'id';
    const { ackBy, ackAt } = r.error;
    return reply.code(STATUS[r.error.code]).send({ ...apiError(field, r.error.message), ...(ackBy !== undefined && { acknowledged: { by: ackBy, at: ackAt } }) });
  });
}
