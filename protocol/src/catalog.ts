import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { IndicatorIdSchema } from './observations.js';
import { ReleaseSchema } from './release.js';

/** How often an indicator is reported. `instant` is a live reading (e.g. power load). */
export const PeriodicitySchema = z.enum(['instant', 'day', 'month', 'quarter', 'year']);
export type Periodicity = z.infer<typeof PeriodicitySchema>;

/**
 * How a merged unit's value follows from its members' values (the 2025 reform merged 63
 * provinces into 34): their sum (amounts), their mean weighted by another indicator of the same
 * period (a growth rate weighted by GRDP), or `none` when it cannot be derived (a rate whose
 * denominator is not in the catalog): such values are never summed silently.
 */
export const AggregationSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('sum') }),
  z.strictObject({ rule: z.literal('weighted_mean'), weight: IndicatorIdSchema }),
  z.strictObject({ rule: z.literal('none') }),
]);
export type Aggregation = z.infer<typeof AggregationSchema>;

/** When a value is worth a warning: outside bounds, or changed by more than a share of the previous one. */
export const ThresholdsSchema = z
  .strictObject({
    warnBelow: z.number().optional(),
    warnAbove: z.number().optional(),
    /** Percent change on the previous period that counts as sudden, e.g. 20. */
    changePct: z.number().positive().optional(),
  })
  .refine((t) => t.warnBelow === undefined || t.warnAbove === undefined || t.warnBelow < t.warnAbove, { message: 'warnBelow must be below warnAbove', path: ['warnBelow'] });
export type Thresholds = z.infer<typeof ThresholdsSchema>;

/** An indicator of the catalog, as served to the wall and the console. */
export const IndicatorSchema = z.strictObject({
  id: IndicatorIdSchema,
  name: LabelSchema,
  /** Unit of measure as written in each language, e.g. `nghìn tỷ đồng` / `trillion VND`. */
  unitLabel: LabelSchema,
  periodicity: PeriodicitySchema,
  /** Where the figure exists: N national, P per province, M per ministry or agency. */
  levels: z.array(z.enum(['N', 'P', 'M'])).min(1),
  /** Digits after the decimal separator when shown. */
  decimals: z.number().int().min(0).max(4),
  /** True when a higher value is better (green up arrow); false when worse. */
  higherIsBetter: z.boolean().nullable(),
  /** The owner agency (a code of the agencies list). */
  reportedBy: z.string(),
  aggregation: AggregationSchema,
  description: LabelSchema.optional(),
  /** Plan targets by year (`"2026": 8.0`): what the year's figure should reach. */
  targets: z.record(z.string().regex(/^\d{4}$/, { message: 'expected a year such as 2026' }), z.number()).default({}),
  /** Where each year's target comes from (the resolution that set it), by the same years as `targets`. */
  targetSources: z.record(z.string().regex(/^\d{4}$/, { message: 'expected a year such as 2026' }), z.string().min(1).max(300)).optional(),
  /** When the source publishes a period's figure (and whether an estimate before the period ends); absent: the day it ends, no estimate. */
  release: ReleaseSchema.optional(),
  thresholds: ThresholdsSchema.optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

/** A reporting unit: the nation, a province (with its vintage) or an agency. */
export const ReportingUnitSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  nameAscii: z.string(),
  kind: z.enum(['nation', 'province', 'city', 'agency']),
  /** Validity: first and last day (inclusive, ISO dates); null when open. */
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type ReportingUnit = z.infer<typeof ReportingUnitSchema>;

/** Answer of `GET /api/v1/catalog`. */
export const CatalogSchema = z.object({
  indicators: z.array(IndicatorSchema),
  units: z.array(ReportingUnitSchema),
});
export type Catalog = z.infer<typeof CatalogSchema>;
