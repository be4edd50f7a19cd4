import { z } from 'zod';
import { LabelSchema } from '../i18n.js';
import { UserRoleSchema } from '../identity.js';
import { CommandNameSchema, CommandSystemSchema } from './define.js';

/** A value an argument may take, as the console offers it (a scene, a device, a province). */
export const ChoiceSchema = z.object({ value: z.union([z.string(), z.number()]), label: LabelSchema, group: z.string().optional() });
export type Choice = z.infer<typeof ChoiceSchema>;

/**
 * One command as served to consoles and over `GET /api/v1/commands`: everything the console
 * needs to draw it (labels, help, a JSON Schema of its arguments, the values an argument may
 * take here) and to know whether this user may run it. The server checks it all again.
 */
export const CatalogCommandSchema = z.object({
  name: CommandNameSchema,
  system: CommandSystemSchema,
  kind: z.enum(['command', 'macro']),
  label: LabelSchema,
  help: LabelSchema,
  roles: z.array(UserRoleSchema),
  /** Whether the asking user's role may run it. */
  allowed: z.boolean(),
  confirm: z.boolean(),
  undo: LabelSchema.nullable(),
  /** JSON Schema (draft 2020-12) of `args`. */
  args: z.record(z.string(), z.unknown()),
  /** Values an argument may take in this room, by argument name (e.g. `device`, `sceneId`). */
  choices: z.record(z.string(), z.array(ChoiceSchema)),
  /** Macros: how many steps. */
  steps: z.number().int().optional(),
});
export type CatalogCommand = z.infer<typeof CatalogCommandSchema>;

export const CommandCatalogResponseSchema = z.object({ commands: z.array(CatalogCommandSchema) });
export type CommandCatalogResponse = z.infer<typeof CommandCatalogResponseSchema>;
