import { z } from 'zod';
import { LabelSchema } from './i18n.js';

/**
 * Which rule raised a warning: a catalog bound crossed (`threshold`), a jump against the previous
 * period or against the series' own history (`sudden_change`), or a figure behind the year's plan
 * target (`off_plan`). The rules are stated in content-server/README.md, section "Warnings".
 */
export const WarningRuleSchema = z.enum(['threshold', 'sudden_change', 'off_plan']);
export type WarningRule = z.infer<typeof WarningRuleSchema>;

/** How urgent a warning is, least to most. */
export const WarningSeveritySchema = z.enum(['info', 'warning', 'critical']);
export type WarningSeverity = z.infer<typeof WarningSeveritySchema>;

const SEVERITY_RANK: Record<WarningSeverity, number> = { info: 0, warning: 1, critical: 2 };
/** How severe a warning is, for ordering and escalation: higher is more severe. */
export const severityRank = (s: WarningSeverity): number => SEVERITY_RANK[s];

/**
 * `open` until an operator acknowledges it; `resolved` when a revised value (or catalog) no longer
 * breaks the rule. Resolved warnings are kept.
 */
export const WarningStateSchema = z.enum(['open', 'acknowledged', 'resolved']);
export type WarningState = z.infer<typeof WarningStateSchema>;

/**
 * What the value was compared with:
 * - `warn_below` / `warn_above`: the catalog bound (`value`);
 * - `previous`: the previous period's value (`value`, its `period`) and the allowed change (`limitPct`);
 * - `history`: the median of the previous periods (`value`) and the expected range (`low`..`high`);
 * - `target`: the year's plan target (`value`, `year`);
 * - `target_pro_rata`: the linear share of the year's target due by this period (`value`), the
 *   whole-year target (`target`) and how many of the year's periods have passed (`elapsed`/`of`).
 */
export const WarningReferenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('warn_below'), value: z.number() }),
  z.object({ kind: z.literal('warn_above'), value: z.number() }),
  z.object({ kind: z.literal('previous'), value: z.number(), period: z.string(), limitPct: z.number() }),
  z.object({ kind: z.literal('history'), value: z.number(), low: z.number(), high: z.number(), periods: z.number().int() }),
  z.object({ kind: z.literal('target'), value: z.number(), year: z.string() }),
  z.object({ kind: z.literal('target_pro_rata'), value: z.number(), target: z.number(), year: z.string(), elapsed: z.number().int(), of: z.number().int() }),
]);
export type WarningReference = z.infer<typeof WarningReferenceSchema>;

/** One warning, as the walls, the consoles and `GET /api/v1/warnings` see it. */
export const WarningSchema = z.object({
  id: z.number().int(),
  indicator: z.string(),
  unit: z.string(),
  period: z.string(),
  rule: WarningRuleSchema,
  severity: WarningSeveritySchema,
  /** The figure compared: the period's value, or the year-to-date sum for a flow against its plan. */
  value: z.number(),
  reference: WarningReferenceSchema,
  /** Raised on synthetic (demo) values: the wall's "DEMO DATA" watermark shows while it is on screen. */
  synthetic: z.boolean(),
  /** Raised on an estimate published before the period ended. */
  estimate: z.boolean().optional(),
  /** What happened, numbers formatted for each language (vi-VN writes a decimal comma). */
  message: LabelSchema,
  indicatorName: LabelSchema,
  unitName: LabelSchema,
  state: WarningStateSchema,
  /** Epoch ms when the warning was (last) raised; `time` is the same in ISO 8601 +07:00. */
  raisedAt: z.number(),
  time: z.string(),
  updatedAt: z.number(),
  /** Who acknowledged it (`user:lan`, `key:console-1`), in which role, when, with what note. */
  ackBy: z.string().nullable(),
  ackRole: z.string().nullable(),
  ackAt: z.number().nullable(),
  ackNote: z.string().nullable(),
  resolvedAt: z.number().nullable(),
});
export type Warning = z.infer<typeof WarningSchema>;

/** Query of `GET /api/v1/warnings`. */
export const WarningsQuerySchema = z.strictObject({
  state: WarningStateSchema.optional(),
  severity: WarningSeveritySchema.optional(),
  indicator: z.string().min(1).optional(),
  unit: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type WarningsQuery = z.infer<typeof WarningsQuerySchema>;

/** Body of `POST /api/v1/warnings/:id/ack` and of the console's `warning:ack` (with the id). */
export const WarningAckBodySchema = z.strictObject({ note: z.string().trim().max(500).optional() });
export const WarningAckRequestSchema = WarningAckBodySchema.extend({ id: z.number().int().positive() });
export type WarningAckRequest = z.infer<typeof WarningAckRequestSchema>;

/** Answer to `warning:ack`: the acknowledged warning, or why not (`already_acknowledged` names who and when). */
export type WarningAckResult =
  | { ok: true; warning: Warning }
  | {
      ok: false;
      error: { code: 'unauthorised' | 'forbidden' | 'invalid' | 'not_found' | 'already_acknowledged' | 'resolved'; message: string; ackBy?: string; ackAt?: string };
    };

/** `warnings:snapshot`: the warnings not resolved (open and acknowledged), newest first. */
export interface WarningsSnapshot {
  warnings: Warning[];
}

/** `warning:changed`: one warning raised, updated (new value or severity), acknowledged, resolved or reopened. */
export interface WarningChange {
  change: 'raised' | 'updated' | 'acknowledged' | 'resolved' | 'reopened';
  warning: Warning;
}
