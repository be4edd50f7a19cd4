import { z } from 'zod';
import { LanguageSchema } from './i18n.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

/**
 * A command from the console. `clientId` is chosen by the console (a UUID) and makes the
 * command idempotent: the same id is never executed twice.
 */
export const CommandEnvelopeSchema = z.discriminatedUnion('name', [
  z.strictObject({
    clientId: z.string().min(8).max(64),
    name: z.literal('wall.scene.show'),
    args: z.strictObject({ wallId: Id, sceneId: Id }),
  }),
  z.strictObject({
    clientId: z.string().min(8).max(64),
    name: z.literal('wall.language'),
    args: z.strictObject({ wallId: Id, language: LanguageSchema }),
  }),
]);
export type CommandEnvelope = z.infer<typeof CommandEnvelopeSchema>;
export type CommandName = CommandEnvelope['name'];

/** Why a command was refused; the console shows `message` and may map `code` to a label. */
export const CommandErrorSchema = z.object({
  code: z.enum(['invalid', 'unauthorised', 'forbidden', 'not_found', 'failed']),
  message: z.string(),
});
export type CommandError = z.infer<typeof CommandErrorSchema>;

export type CommandResult =
  | { ok: true; clientId: string; duplicate: boolean }
  | { ok: false; clientId: string | null; error: CommandError };
