import { z } from 'zod';

/** Answer of `GET /healthz`. */
export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  protocolVersion: z.number(),
  uptimeSeconds: z.number(),
  store: z.object({ ok: z.boolean(), driver: z.literal('sqlite') }),
});
export type Health = z.infer<typeof HealthSchema>;
