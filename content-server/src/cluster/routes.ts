import type { ClusterStatus, ClusterTime } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Cluster } from './index.js';

/**
 * `GET /api/v1/cluster/time` (public: a clock, no data) answers peers measuring their offset;
 * `GET /api/v1/cluster` (technicians, admins; route-access.ts) shows this server, its store
 * engine and each peer's clock offset.
 */
export async function clusterRoutes(app: FastifyInstance, deps: { cluster: Cluster; now: () => number }): Promise<void> {
  app.get('/api/v1/cluster/time', async (): Promise<ClusterTime> => ({ serverId: deps.cluster.serverId, time: deps.now() }));
  app.get('/api/v1/cluster', async (): Promise<ClusterStatus> => deps.cluster.status());
}
