import type { LayoutErrorsResponse, LayoutsResponse } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { WallDomain } from './index.js';

/** HTTP side of the wall domain: the layouts in use and the problems of the last load. */
export async function wallRoutes(app: FastifyInstance, wall: WallDomain): Promise<void> {
  app.get('/api/v1/layouts', async (): Promise<LayoutsResponse> => wall.layouts.snapshot());
  app.get('/api/v1/layouts/errors', async (): Promise<LayoutErrorsResponse> => ({ errors: wall.errors() }));
}
