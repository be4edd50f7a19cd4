import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { PeriodSchema } from './period.js';

/** Identifier of an indicator in the catalog, e.g. `cpi_yoy`. */
export const IndicatorIdSchema = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, {
  message: 'expected an indicator id: lower case letters, digits and _',
});

/** Reporting unit code: `VN` for the nation, a province code (`01`), or an agency id. */
export const UnitCodeSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, {
  message: 'expected a reporting unit code such as VN, 01 or an agency id',
});

/** Most observations accepted in one batch; a larger batch is refused whole. */
export const MAX_BATCH_OBSERVATIONS = 5000;
/** Largest ingest body in bytes; a larger body is refused with 413. */
export const MAX_INGEST_BYTES = 2 * 1024 * 1024;

/** One observation as an outside source submits it. */
export const ObservationInSchema = z.strictObject({
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
  period: PeriodSchema,
  value: z.number().refine(Number.isFinite, { message: 'expected a finite number' }),
  source: z.string().trim().min(1).max(200),
  /** Marks a generated value. A key registered as synthetic forces this to true. */
  synthetic: z.boolean().optional(),
  /**
   * An estimate the source published before the period ended (the statistics office's estimate
   * of the current quarter). Accepted only inside the window of the indicator's `release`; a
   * value without it for an unfinished period is refused.
   */
  estimate: z.boolean().optional(),
});
export type ObservationIn = z.infer<typeof ObservationInSchema>;

/** Body of `POST /api/v1/observations`. */
export const IngestBodySchema = z.strictObject({
  observations: z.array(ObservationInSchema).min(1).max(MAX_BATCH_OBSERVATIONS),
});
export type IngestBody = z.infer<typeof IngestBodySchema>;

/** Answer to a valid batch. */
/**
 * Answer of a stored batch or file: how many values, the receipt of the submission (its id, the
 * SHA-256 of the bytes received, the unit whose signature verified, if signed), and the values
 * accepted but flagged for review as implausible.
 */
export const IngestAcceptedSchema = z.object({
  accepted: z.number().int().nonnegative(),
  submission: z.object({ id: z.number().int(), fileHash: z.string(), signedBy: z.string().nullable() }),
  flagged: z
    .array(z.object({ index: z.number().int().nonnegative().nullable(), field: z.string(), message: z.string(), row: z.number().int().optional(), sheet: z.string().optional(), column: z.string().optional() }))
    .optional(),
});
export type IngestAccepted = z.infer<typeof IngestAcceptedSchema>;

/**
 * One problem with a request. `index` is the item of the batch it concerns, or `null` when it
 * concerns the request as a whole; `field` is a dotted path inside that item (or the body).
 */
export const ApiErrorItemSchema = z.object({
  index: z.number().int().nonnegative().nullable(),
  field: z.string(),
  message: z.string(),
  /** For an uploaded file: the sheet (XLSX), the row (1-based, as a spreadsheet numbers it) and the column. */
  sheet: z.string().optional(),
  row: z.number().int().positive().optional(),
  column: z.string().optional(),
  /**
   * The message in Vietnamese and English, where the server has both (the problems of an
   * ingested batch or file): a client shows `text[language]`, as it shows a command's
   * `prompt`; `message` stays the English text, for scripts and logs.
   */
  text: LabelSchema.optional(),
});
export type ApiErrorItem = z.infer<typeof ApiErrorItemSchema>;

/** Body of every 4xx answer of the HTTP API. Nothing of a refused request is stored. */
export const ApiErrorBodySchema = z.object({ errors: z.array(ApiErrorItemSchema).min(1) });
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** One stored value as the server gives it out (HTTP series and live topics). */
export const PointSchema = z.object({
  unit: z.string(),
  period: z.string(),
  /** Period start, epoch ms, for ordering and time axes. */
  t: z.number(),
  value: z.number(),
  synthetic: z.boolean(),
  source: z.string(),
  /** Computed from other units' values (a merged province before it existed), not reported. */
  derived: z.boolean().optional(),
  /** An estimate published before the period ended; the wall marks it "ước tính" / "estimate". */
  estimate: z.boolean().optional(),
});
export type Point = z.infer<typeof PointSchema>;

/**
 * The administrative map a query speaks of: `2008`, the 63 provinces (in force from 2008 to
 * 2025-06-30), or `2025`, the 34 from 2025-07-01 (the default: the current one).
 */
export const VintageSchema = z.enum(['2008', '2025']);
export type Vintage = z.infer<typeof VintageSchema>;

/** Query of `GET /api/v1/series`. `from`/`to` are periods; the range is inclusive. */
export const SeriesQuerySchema = z.strictObject({
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
  from: PeriodSchema.optional(),
  to: PeriodSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  vintage: VintageSchema.default('2025'),
});
export type SeriesQuery = z.infer<typeof SeriesQuerySchema>;

/** Answer of `GET /api/v1/series`: points in period order. */
export const SeriesResponseSchema = z.object({
  indicator: z.string(),
  unit: z.string(),
  points: z.array(PointSchema),
  vintage: VintageSchema.optional(),
  /** For a merged unit: the units its earlier values are derived from. */
  derivedFrom: z.array(z.string()).optional(),
  /** What the answer leaves out and why (a value that cannot be derived, a period a member did not report). */
  notes: z.array(z.string()).optional(),
});
export type SeriesResponse = z.infer<typeof SeriesResponseSchema>;

/** Query of `GET /api/v1/latest`: the newest value of every current unit of a level (maps, rankings). */
export const LatestQuerySchema = z.strictObject({
  indicator: IndicatorIdSchema,
  /** P provinces (the 34 of today), M ministries and agencies, N the nation. */
  level: z.enum(['P', 'M', 'N']).default('P'),
});
export type LatestQuery = z.infer<typeof LatestQuerySchema>;

/** Answer of `GET /api/v1/latest`: one point per unit that has one, and the units that have none. */
export const LatestResponseSchema = z.object({
  indicator: z.string(),
  level: z.enum(['P', 'M', 'N']),
  points: z.array(PointSchema.extend({ name: z.string() })),
  missing: z.array(z.object({ unit: z.string(), name: z.string() })),
});
export type LatestResponse = z.infer<typeof LatestResponseSchema>;

/** Query of `GET /api/v1/revisions`: the history of one observation. */
export const RevisionsQuerySchema = z.strictObject({
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
  period: PeriodSchema,
});
export type RevisionsQuery = z.infer<typeof RevisionsQuerySchema>;

/** One value an observation has had. A different value for the same key makes a new revision. */
export const RevisionSchema = z.object({
  revision: z.number().int().min(1),
  value: z.number(),
  synthetic: z.boolean(),
  /** An estimate published before the period ended. */
  estimate: z.boolean(),
  source: z.string(),
  /** Server time the value was received, epoch ms. */
  receivedAt: z.number(),
});
export type Revision = z.infer<typeof RevisionSchema>;

/** Where a value came from: the submission (batch or file) that brought it. */
export const SubmissionRefSchema = z.object({
  id: z.number().int(),
  /** `key:<name>` of the API key that sent it. */
  submitter: z.string(),
  format: z.enum(['json', 'csv', 'xlsx', 'derived']),
  fileName: z.string().nullable(),
  /** SHA-256 of the bytes as received, hex. */
  fileHash: z.string(),
  /** The reporting unit whose registered Ed25519 key verified the submission's signature; null when unsigned. */
  signedBy: z.string().nullable(),
  signerKey: z.string().nullable(),
});

/** A revision with its provenance, as `GET /api/v1/revisions` answers it. */
export const RevisionWithProvenanceSchema = RevisionSchema.extend({
  /** Received time in ISO 8601, Asia/Ho_Chi_Minh. */
  received: z.string(),
  /** Why the value was flagged for review when it was accepted; null when it was not. */
  review: z.string().nullable(),
  /** Null for values stored before provenance was kept. */
  submission: SubmissionRefSchema.nullable(),
});

/** Answer of `GET /api/v1/revisions`: oldest first; the last one is the current value. */
export const RevisionsResponseSchema = z.object({
  indicator: z.string(),
  unit: z.string(),
  period: z.string(),
  revisions: z.array(RevisionWithProvenanceSchema),
});
export type RevisionsResponse = z.infer<typeof RevisionsResponseSchema>;
