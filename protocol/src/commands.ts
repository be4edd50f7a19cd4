import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { CommandNameSchema } from './command-catalog/define.js';

/**
 * A command from a console or the API. `clientId` is chosen by the sender (a UUID) and makes
 * the command idempotent: the same id is never executed twice. `args` are checked against the
 * catalog's schema for `name`; `confirmed` answers the catalog's "are you sure?".
 */
export const CommandEnvelopeSchema = z.strictObject({
  clientId: z.string().regex(/^[A-Za-z0-9_.:-]{8,64}$/, { message: 'expected 8-64 letters, digits, _ . : or -' }),
  name: CommandNameSchema,
  args: z.unknown().default({}),
  confirmed: z.boolean().optional(),
});
export type CommandEnvelope = z.input<typeof CommandEnvelopeSchema>;

/** Why a command was refused or failed; the console shows `message` and maps `code` to a label. */
export const CommandErrorCodeSchema = z.enum([
  'invalid',
  'unauthorised',
  'forbidden',
  'not_found',
  /** The catalog asks for a confirmation and the command did not carry `confirmed: true`. */
  'confirm_required',
  /** The device exists but its driver cannot do this command. */
  'unsupported',
  /** Sent, and the device refused it (NAK), never answered (timeout), or could not be reached. */
  'device_failed',
  /** The client id was already used by another principal: send the command with a new id. */
  'conflict',
  /** Too many commands from this principal or address; the message says when to try again. */
  'rate_limited',
  /** The device's queue is full; urgent commands (power off, mute) are still taken. */
  'queue_full',
  /**
   * A command with this client id is still running on another server of the center (sent there
   * first, its answer lost): ask again with the same id shortly; it is never run twice.
   */
  'in_progress',
  'failed',
]);
export const CommandErrorSchema = z.object({
  code: CommandErrorCodeSchema,
  message: z.string(),
  /** For `confirm_required`: the question to ask, in both languages. */
  prompt: LabelSchema.optional(),
  /** The argument at fault, where there is one. */
  field: z.string().optional(),
});
export type CommandError = z.infer<typeof CommandErrorSchema>;

/** What one device command did on the wire (also written to the audit log). */
export interface DeviceExchange {
  device: string;
  /** The driver-level command and a human summary, e.g. `power on (display 1)`. */
  command: string;
  summary: string;
  ok: boolean;
  /** Failure kind from the device queue: nak, timeout, offline, cancelled, invalid. */
  failure?: string;
  error?: string;
  attempts: number;
  /** Bytes as upper-case hex pairs, one entry per attempt or frame; replies likewise. */
  sent: string[];
  replies: string[];
  durationMs: number;
}

/** One step of a macro as it ran. */
export interface MacroStepResult {
  index: number;
  command: string | null;
  status: 'done' | 'failed' | 'skipped';
  error?: CommandError;
  exchanges?: DeviceExchange[];
  durationMs: number;
}

/** The command that undoes one just done (the console offers it as "Undo"). */
export interface UndoCommand {
  name: string;
  args: Record<string, unknown>;
}

export interface CommandOutcomeDetail {
  durationMs: number;
  exchanges?: DeviceExchange[];
  steps?: MacroStepResult[];
  undo?: UndoCommand;
}

export type CommandResult =
  | ({ ok: true; clientId: string; name: string; duplicate: boolean } & Partial<CommandOutcomeDetail>)
  | ({ ok: false; clientId: string | null; name?: string; duplicate?: boolean; error: CommandError } & Partial<CommandOutcomeDetail>);

/** A command that failed, as the command log keeps it (shown to technicians and admins, re-sent by admins). */
export interface FailedCommand {
  clientId: string;
  name: string;
  args: unknown;
  /** `user:<name>`, `key:<name>`. */
  actor: string | null;
  role: string | null;
  /** The device or wall it went to. */
  target: string | null;
  /** Epoch ms the server received it. */
  receivedAt: number;
  error: CommandError | null;
  /** The failed command this one re-sent, if it is a re-send. */
  resendOf: string | null;
}

export type FailedCommandsResult = { ok: true; commands: FailedCommand[] } | { ok: false; error: CommandError };
