import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { IndicatorIdSchema } from './observations.js';

/** How often an indicator is reported. `instant` is a live reading (e.g. power load). */
export const PeriodicitySchema = z.enum(['instant', 'day', 'month', 'quarter', 'year']);
export type Periodicity = z.infer<typeof PeriodicitySchema>;

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
  reportedBy: z.string(),
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
