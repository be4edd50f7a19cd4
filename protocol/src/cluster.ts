import { z } from 'zod';

/** `GET /api/v1/cluster/time`: a server's wall clock, for its peers' offset measurement (no data). */
export const ClusterTimeSchema = z.strictObject({
  serverId: z.string(),
  /** Epoch ms with sub-ms resolution, as `time:ping` answers renderers. */
  time: z.number(),
});
export type ClusterTime = z.infer<typeof ClusterTimeSchema>;

/** One peer server as this one sees it. */
export const PeerStatusSchema = z.strictObject({
  url: z.string(),
  serverId: z.string().nullable(),
  /** This server's clock minus the peer's, ms (null: not measured, or the peer does not answer). */
  offsetMs: z.number().nullable(),
  errorMs: z.number().nullable(),
  measuredAt: z.number().nullable(),
  /** Why the last measurement failed, if it did. */
  error: z.string().nullable(),
});
export type PeerStatus = z.infer<typeof PeerStatusSchema>;

/** `GET /api/v1/cluster` (technicians, admins): this server, its store engine and its peers. */
export const ClusterStatusSchema = z.strictObject({
  serverId: z.string(),
  serverName: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** Several servers share the store (PostgreSQL) and talk over the bus. */
  several: z.boolean(),
  peers: z.array(PeerStatusSchema),
});
export type ClusterStatus = z.infer<typeof ClusterStatusSchema>;
