import { z } from 'zod';
import { LabelSchema, LanguageSchema } from '../i18n.js';
import { UserRoleSchema } from '../identity.js';
import { UnitCodeSchema } from '../observations.js';
import { CommandNameSchema, RefIdSchema } from './define.js';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * When a macro step runs. A device condition looks at the device's live status (online) and
 * at the state its replies reported (`{"power": "on"}`); a wall condition at what the wall shows.
 * A step whose condition is false is skipped, and the result says so.
 */
export const MacroConditionSchema = z.union([
  z.strictObject({
    device: RefIdSchema,
    online: z.boolean().optional(),
    state: z.record(z.string(), Scalar).optional(),
  }),
  z.strictObject({
    wall: RefIdSchema,
    scene: RefIdSchema.optional(),
    language: LanguageSchema.optional(),
    inBriefing: z.boolean().optional(),
  }),
]);
export type MacroCondition = z.infer<typeof MacroConditionSchema>;

export const MacroCommandStepSchema = z.strictObject({
  command: CommandNameSchema,
  args: z.record(z.string(), z.unknown()).default({}),
  when: MacroConditionSchema.optional(),
  /**
   * Wait for this step to finish before the next one starts (default). With `false` the step is
   * queued on its device and the macro moves on; the device's own queue keeps its order, and the
   * macro still waits for every step before it reports.
   */
  wait: z.boolean().default(true),
  /** Carry on with the next steps when this one fails (default: stop the macro). */
  continueOnError: z.boolean().default(false),
});
export const MacroDelayStepSchema = z.strictObject({
  delayMs: z.number().int().min(0).max(600_000),
  when: MacroConditionSchema.optional(),
});
export const MacroStepSchema = z.union([MacroCommandStepSchema, MacroDelayStepSchema]);
export type MacroStep = z.infer<typeof MacroStepSchema>;

/**
 * A macro: one catalog command expanding into an ordered sequence of others, written as data in
 * `layouts/macros/<name>.json`. Its steps are checked against the catalog when it is loaded;
 * a step may not be another macro.
 */
export const MacroSchema = z.strictObject({
  $schema: z.string().optional(),
  name: CommandNameSchema,
  label: LabelSchema,
  help: LabelSchema,
  roles: z.array(UserRoleSchema).min(1),
  confirm: z.boolean().default(true),
  steps: z.array(MacroStepSchema).min(1).max(500),
});
export type Macro = z.infer<typeof MacroSchema>;

/** A briefing: an ordered set of scenes for a presenter, in `layouts/briefings/<id>.json`. */
export const BriefingSchema = z.strictObject({
  $schema: z.string().optional(),
  id: RefIdSchema,
  name: LabelSchema,
  wall: RefIdSchema,
  steps: z
    .array(
      z.strictObject({
        scene: RefIdSchema,
        title: LabelSchema.optional(),
        /** Focus the wall on this unit during the step (drill-down), e.g. a province. */
        unit: UnitCodeSchema.optional(),
      }),
    )
    .min(1)
    .max(500),
});
export type Briefing = z.infer<typeof BriefingSchema>;
