import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { UnitCodeSchema } from './observations.js';
import { parsePeriod } from './period.js';

/** Most incidents and flows accepted in one request; a larger one is refused whole (400). */
export const MAX_MAP_FEED_ITEMS = 500;
/** Largest body of `POST /api/v1/map-feed` in bytes; a larger body is refused with 413. */
export const MAX_MAP_FEED_BYTES = 256 * 1024;
/** Most incidents and most flows the wall is sent (the newest). */
export const MAP_FEED_SNAPSHOT_LIMIT = 200;

/** The sender's id of an incident or a flow: sending the same id again replaces it. */
const ItemIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'expected an id of letters, digits, _ . : - (at most 64)' });
/** A timestamp in ISO 8601 (`2026-12-07T08:30:00+07:00`; without an offset, Vietnam time). */
const InstantSchema = z.string().refine((s) => parsePeriod(s)?.kind === 'instant', { message: 'expected an ISO 8601 timestamp such as 2026-12-07T08:30:00+07:00' });

/** Severity of an incident, as the map's legend names it. */
export const IncidentSeveritySchema = z.enum(['high', 'medium', 'low']);
export type IncidentSeverity = z.infer<typeof IncidentSeveritySchema>;

/** One incident (a flood, an accident, an outage) as a source sends it. */
export const IncidentInSchema = z.strictObject({
  id: ItemIdSchema,
  /** The province it happened in (a code of the 34 provinces from 1 July 2025). */
  province: UnitCodeSchema,
  /** Where, [longitude, latitude]; absent: the province's label point. */
  position: z.tuple([z.number().min(100).max(120), z.number().min(5).max(26)]).optional(),
  severity: IncidentSeveritySchema,
  title: LabelSchema.optional(),
  /** When it happened. */
  occurredAt: InstantSchema,
  /** When it no longer needs showing; absent: until replaced (the wall shows the newest). */
  endsAt: InstantSchema.optional(),
  source: z.string().trim().min(1).max(200),
  /** Marks made-up data. A key registered as synthetic forces this to true. */
  synthetic: z.boolean().optional(),
});
export type IncidentIn = z.infer<typeof IncidentInSchema>;

/** One flow between two provinces (dispatch, relief, transfers), with a relative volume. */
export const FlowInSchema = z.strictObject({
  id: ItemIdSchema,
  from: UnitCodeSchema,
  to: UnitCodeSchema,
  /** Relative volume, 1 (least) to 10. */
  volume: z.number().int().min(1).max(10),
  occurredAt: InstantSchema,
  endsAt: InstantSchema.optional(),
  source: z.string().trim().min(1).max(200),
  synthetic: z.boolean().optional(),
});
export type FlowIn = z.infer<typeof FlowInSchema>;

/** Body of `POST /api/v1/map-feed` (ingest role): incidents, flows, or both. */
export const MapFeedBodySchema = z
  .strictObject({
    incidents: z.array(IncidentInSchema).max(MAX_MAP_FEED_ITEMS).default([]),
    flows: z.array(FlowInSchema).max(MAX_MAP_FEED_ITEMS).default([]),
  })
  .refine((b) => b.incidents.length + b.flows.length > 0, { message: 'expected at least one incident or flow', path: ['incidents'] })
  .refine((b) => b.incidents.length + b.flows.length <= MAX_MAP_FEED_ITEMS, { message: `at most ${MAX_MAP_FEED_ITEMS} incidents and flows together`, path: ['incidents'] });
export type MapFeedBody = z.infer<typeof MapFeedBodySchema>;

/** Where a stored item came from: who sent it (`key:<name>`) and when the server received it. */
const ProvenanceSchema = z.object({
  source: z.string(),
  synthetic: z.boolean(),
  submitter: z.string(),
  /** Epoch ms; `received` is the same in ISO 8601 +07:00. */
  receivedAt: z.number(),
  received: z.string(),
});

/** An incident as the wall and `GET /api/v1/map-feed` get it. */
export const IncidentSchema = IncidentInSchema.omit({ synthetic: true, source: true }).extend(ProvenanceSchema.shape);
export type Incident = z.infer<typeof IncidentSchema>;
/** A flow as the wall and `GET /api/v1/map-feed` get it. */
export const FlowSchema = FlowInSchema.omit({ synthetic: true, source: true }).extend(ProvenanceSchema.shape);
export type Flow = z.infer<typeof FlowSchema>;

/**
 * What the map's `events` and `flows` layers draw: the incidents and flows not ended, newest
 * first, at most `MAP_FEED_SNAPSHOT_LIMIT` of each. The wall gets it as `map:feed` after its
 * join and again after every change; nothing else is ever drawn on those layers.
 */
export const MapFeedSchema = z.object({
  incidents: z.array(IncidentSchema),
  flows: z.array(FlowSchema),
});
export type MapFeed = z.infer<typeof MapFeedSchema>;

/** Answer of an accepted `POST /api/v1/map-feed`. */
export const MapFeedAcceptedSchema = z.object({ incidents: z.number().int(), flows: z.number().int() });
