import { z } from 'zod';
import { LabelSchema } from './i18n.js';

/**
 * Why the server is degraded. `store_*`: the embedded SQLite store (SQLite's own error class in
 * the name: FULL, BUSY, IOERR, READONLY, CANTOPEN, CORRUPT); `store_file_moved`: the database
 * file at its path is no longer the one the server has open (deleted, renamed or replaced);
 * `disk_full`: the disk of DATA_DIR has almost no room; `folder_missing`: a folder the server
 * writes into is gone or not writable.
 */
export const HealthCauseCodeSchema = z.enum([
  'store_unreachable',
  'store_full',
  'store_busy',
  'store_io',
  'store_readonly',
  'store_cantopen',
  'store_corrupt',
  'store_file_moved',
  'disk_full',
  'folder_missing',
]);
export type HealthCauseCode = z.infer<typeof HealthCauseCodeSchema>;

/** One cause of degradation, with a text for people in both languages. */
export const HealthCauseSchema = z.strictObject({ code: HealthCauseCodeSchema, text: LabelSchema });
export type HealthCause = z.infer<typeof HealthCauseSchema>;

/**
 * Answer of `GET /healthz` (no credentials): liveness and degradation only, nothing a stranger
 * could use (no version, counts or uptime: those are in `GET /api/v1/system/status`).
 * 200 with `ok`, 503 with `degraded` and its causes.
 */
export const HealthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  causes: z.array(HealthCauseSchema),
});
export type Health = z.infer<typeof HealthSchema>;

/** Answer of `GET /api/v1/system/status` (technician, admin): health with the details. */
export const SystemStatusSchema = z.object({
  health: HealthSchema,
  version: z.string(),
  protocolVersion: z.number(),
  uptimeSeconds: z.number(),
  store: z.object({ ok: z.boolean(), driver: z.enum(['sqlite', 'postgres']) }),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;
