import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { IndicatorIdSchema } from './observations.js';

// ---------------------------------------------------------------- rankings

/** Whom a ranking compares: the provinces of the current map (the 34) or the agencies of today. */
export const RankingSubjectSchema = z.enum(['provinces', 'agencies']);
export type RankingSubject = z.infer<typeof RankingSubjectSchema>;

/** One indicator of a ranking and its weight (weights need not add up to 1: they are normalised). */
export const RankingIndicatorSchema = z.strictObject({
  indicator: IndicatorIdSchema,
  weight: z.number().positive({ message: 'expected a weight above 0' }),
});

/**
 * A ranking as configured in `assets/catalog/rankings.json`. `method` names the scoring method
 * (only `target-achievement`, see docs/analytics.md); `cap` bounds an achievement ratio so
 * that one indicator far above its target cannot carry a subject.
 */
export const RankingDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'expected an id of lower-case letters, digits, "_" and "-"' }),
  name: LabelSchema,
  description: LabelSchema.optional(),
  subject: RankingSubjectSchema,
  /** The year ranked when the query names none; omitted: the current year (Viet Nam time). */
  year: z.number().int().min(2000).max(2100).optional(),
  method: z.literal('target-achievement'),
  cap: z.number().min(1).max(3).default(1.2),
  indicators: z.array(RankingIndicatorSchema).min(1),
});
export type RankingDefinition = z.infer<typeof RankingDefinitionSchema>;

/** The file `assets/catalog/rankings.json`. */
export const RankingsFileSchema = z.strictObject({
  $comment: z.string().optional(),
  rankings: z.array(RankingDefinitionSchema).min(1),
});

/** Query of `GET /api/v1/rankings/:id`. */
export const RankingQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

/** How one indicator counts in one subject's score. */
export const RankingContributionSchema = z.object({
  indicator: z.string(),
  name: LabelSchema,
  /** The value scored: the latest of the year (null: no value that year). */
  value: z.number().nullable(),
  period: z.string().nullable(),
  /** True when the value is derived from the members of a merged province (before July 2025). */
  derived: z.boolean(),
  /** True when the value came from a synthetic source (the demo feed): not real data. */
  synthetic: z.boolean(),
  /** The national plan target of the year (the catalog has no per-unit targets). */
  target: z.number().nullable(),
  higherIsBetter: z.boolean(),
  /** value / target (higher is better) or target / value (lower is better), within [0, cap]. */
  achievement: z.number().nullable(),
  /** The configured weight. */
  weight: z.number(),
  /** The weight used: configured weight over the sum of the weights of the indicators with a value. */
  effectiveWeight: z.number(),
  /** effectiveWeight x achievement; the contributions add up to the score. */
  contribution: z.number(),
});
export type RankingContribution = z.infer<typeof RankingContributionSchema>;

export const RankingEntrySchema = z.object({
  /** Competition rank: equal scores share a rank, the next rank skips (1, 2, 2, 4). */
  rank: z.number().int().min(1),
  unit: z.string(),
  name: z.string(),
  score: z.number(),
  /** Share of the configured weight that had a value (1 = every indicator). */
  coverage: z.number(),
  /** Some indicator had no value: ranked on the rest, weights renormalised. */
  partial: z.boolean(),
  missing: z.array(z.string()),
  contributions: z.array(RankingContributionSchema),
});
export type RankingEntry = z.infer<typeof RankingEntrySchema>;

/** Answer of `GET /api/v1/rankings/:id`. */
export const RankingResponseSchema = z.object({
  id: z.string(),
  name: LabelSchema,
  subject: RankingSubjectSchema,
  year: z.number().int(),
  method: LabelSchema,
  cap: z.number(),
  /** When the newest value read arrived (ISO 8601, +07:00); null without data. */
  dataAsOf: z.string().nullable(),
  computedAt: z.string(),
  /** Some value scored is synthetic (demo data): the ranking must be shown as such. */
  synthetic: z.boolean(),
  entries: z.array(RankingEntrySchema),
  /** Subjects with no value for any scored indicator. */
  unranked: z.array(z.object({ unit: z.string(), name: z.string(), reason: z.string() })),
  /** Indicators left out for every subject (no target that year, no direction) and why. */
  notes: z.array(z.string()),
});
export type RankingResponse = z.infer<typeof RankingResponseSchema>;

// ---------------------------------------------------------------- what-if

/** Where a baseline comes from: the latest national value of an indicator (or a fallback), or a fixed number. */
export const WhatIfBaselineSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('indicator'), indicator: IndicatorIdSchema, fallback: z.number() }),
  z.strictObject({ source: z.literal('fixed'), value: z.number() }),
]);
export type WhatIfBaselineSource = z.infer<typeof WhatIfBaselineSchema>;

export const WhatIfDriverSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'expected an id of lower-case letters, digits and "_"' }),
    name: LabelSchema,
    unitLabel: LabelSchema,
    baseline: WhatIfBaselineSchema,
    min: z.number(),
    max: z.number(),
  })
  .refine((d) => d.min < d.max, { message: 'min must be below max', path: ['min'] });
export type WhatIfDriver = z.infer<typeof WhatIfDriverSchema>;

/** One linear term: coefficient x (scenario value - baseline value) of a driver. */
export const WhatIfTermSchema = z.strictObject({
  driver: z.string(),
  coefficient: z.number(),
  /** What the coefficient is (an elasticity, a pass-through), with its unit. */
  name: LabelSchema,
  justification: LabelSchema,
});

export const WhatIfOutputSchema = z.strictObject({
  indicator: IndicatorIdSchema,
  baseline: WhatIfBaselineSchema,
  terms: z.array(WhatIfTermSchema).min(1),
});

/** The file `assets/catalog/whatif-model.json`. */
export const WhatIfModelSchema = z.strictObject({
  $comment: z.string().optional(),
  /** Said wherever the model is shown: its coefficients are illustrative assumptions. */
  disclaimer: LabelSchema,
  drivers: z.array(WhatIfDriverSchema).min(1),
  outputs: z.array(WhatIfOutputSchema).min(1),
});
export type WhatIfModel = z.infer<typeof WhatIfModelSchema>;

/** Body of `POST /api/v1/whatif`: scenario values of some drivers; the others stay at baseline. */
export const WhatIfRequestSchema = z.strictObject({
  drivers: z.record(z.string(), z.number()),
});
export type WhatIfRequest = z.infer<typeof WhatIfRequestSchema>;

/** A baseline as resolved now: which value, from where. */
export const ResolvedBaselineSchema = z.object({
  value: z.number(),
  source: z.enum(['indicator', 'fallback', 'fixed']),
  indicator: z.string().optional(),
  period: z.string().optional(),
  /** The stored value came from a synthetic source (the demo feed). */
  synthetic: z.boolean().optional(),
});

export const WhatIfOutputResultSchema = z.object({
  indicator: z.string(),
  name: LabelSchema,
  unitLabel: LabelSchema,
  baseline: z.number(),
  baselineFrom: ResolvedBaselineSchema,
  simulated: z.number(),
  delta: z.number(),
  terms: z.array(z.object({ driver: z.string(), coefficient: z.number(), delta: z.number(), contribution: z.number() })),
});

/** Answer of `POST /api/v1/whatif`. Never stored as an observation. */
export const WhatIfResponseSchema = z.object({
  simulation: z.literal(true),
  label: LabelSchema,
  disclaimer: LabelSchema,
  /** Driver values: baseline and scenario. */
  baseline: z.record(z.string(), z.number()),
  scenario: z.record(z.string(), z.number()),
  drivers: z.array(z.object({ id: z.string(), name: LabelSchema, unitLabel: LabelSchema, baselineFrom: ResolvedBaselineSchema, scenario: z.number(), delta: z.number() })),
  outputs: z.array(WhatIfOutputResultSchema),
  computedAt: z.string(),
});
export type WhatIfResponse = z.infer<typeof WhatIfResponseSchema>;

/** The label every simulation result carries. */
export const SIMULATION_LABEL = { vi: 'Mô phỏng — không phải số liệu thống kê', en: 'Simulation — not statistics' } as const;

// ---------------------------------------------------------------- international comparison

export const InternationalMeasureSchema = z.enum(['income', 'health', 'population']);
export type InternationalMeasure = z.infer<typeof InternationalMeasureSchema>;

/** Query of `GET /api/v1/international`. */
export const InternationalQuerySchema = z.strictObject({
  measure: InternationalMeasureSchema.default('income'),
  top: z.coerce.number().int().min(1).max(50).default(10),
});

export const CountryRankSchema = z.object({
  rank: z.number().int(),
  country: z.string(),
  value: z.number(),
  region: z.string(),
  vietnam: z.boolean(),
});

/** Answer of `GET /api/v1/international`: real data, with its source and year. */
export const InternationalResponseSchema = z.object({
  measure: InternationalMeasureSchema,
  label: LabelSchema,
  unit: LabelSchema,
  year: z.number().int(),
  source: z.object({ name: z.string(), year: z.number().int(), licence: z.string().nullable(), url: z.string().nullable(), file: z.string() }),
  note: LabelSchema,
  vietnam: z.object({
    country: z.string(),
    value: z.number(),
    worldRank: z.number().int(),
    worldOf: z.number().int(),
    region: z.string(),
    regionLabel: LabelSchema,
    regionRank: z.number().int(),
    regionOf: z.number().int(),
  }),
  /** The top countries, then Viet Nam with its neighbours above and below. */
  world: z.array(CountryRankSchema),
  /** Every country of Viet Nam's region, ranked within it. */
  region: z.array(CountryRankSchema),
});
export type InternationalResponse = z.infer<typeof InternationalResponseSchema>;
