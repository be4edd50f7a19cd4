import { z } from 'zod';
import type { DriverNameWire } from '../devices.js';
import type { Label } from '../i18n.js';
import type { UserRole } from '../identity.js';

/** The application systems that declare commands (the documents' "catalog built per system"). */
export const CommandSystemSchema = z.enum(['wall', 'briefing', 'display', 'matrix', 'audio', 'lighting', 'osc', 'projector', 'device', 'room']);
export type CommandSystem = z.infer<typeof CommandSystemSchema>;

/** Command names are dotted lower-case words: `wall.scene.show`, `room.mode.briefing`. */
export const CommandNameSchema = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*){1,4}$/, {
  message: 'expected a dotted command name such as wall.scene.show',
});

/** Ids of walls, scenes, devices, briefings. */
export const RefIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'expected an id: lower case letters, digits, - and _' });

/**
 * One command of the catalog: what it is called in both languages, what it takes, who may run
 * it, whether the console must ask "are you sure?", and how it is undone. The server enforces
 * every rule here; the console only presents them.
 */
export interface CommandDefinition<A extends z.ZodType = z.ZodType> {
  name: string;
  system: CommandSystem;
  label: Label;
  help: Label;
  args: A;
  roles: readonly UserRole[];
  /** The server refuses the command unless it carries `confirmed: true`. */
  confirm: boolean;
  /** How it is undone, in words; null when it cannot be (the server then returns no undo). */
  undo: Label | null;
  /** For device commands: the drivers that can carry it out. */
  drivers?: readonly DriverNameWire[];
  /**
   * For device commands: whether these arguments make a safety action (power off, mute, blank)
   * that jumps ahead of the normal commands queued on the device and is taken even when its
   * queue is full. Absent: never urgent.
   */
  urgent?(args: z.infer<A>): boolean;
}

export function defineCommand<A extends z.ZodType>(def: CommandDefinition<A>): CommandDefinition<A> {
  return def;
}

export const label = (vi: string, en: string): Label => ({ vi, en });

/** A device the command goes to, by its profile id. */
export const DeviceRef = RefIdSchema.describe('device');
export const Percent = z.number().int().min(0).max(100);
