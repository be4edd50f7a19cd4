import type { Principal, WallRenderersResponse } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../auth/index.js';
import { apiError } from '../http/errors.js';
import type { WallDomain } from './index.js';

/**
 * `GET /api/v1/walls/:id/renderers`: the renderers connected to a wall and each one's clock
 * estimate (offset to the server, error, best round trip). Any signed-in role may read it.
 */
export async function wallRendererRoutes(app: FastifyInstance, deps: { wall: WallDomain; resolve(token: string | null): Promise<Principal | null> }): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/v1/walls/:id/renderers', async (request, reply) => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    const wallId = request.params.id;
    if (!deps.wall.layouts.wall(wallId)) return reply.code(404).send(apiError('id', `unknown wall "${wallId}"`));
    const body: WallRenderersResponse = { wallId, renderers: deps.wall.renderers.ofWall(wallId) };
    return body;
  });
}
