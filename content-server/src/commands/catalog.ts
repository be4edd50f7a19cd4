import { join } from 'node:path';
import {
  COMMANDS_BY_NAME,
  MacroSchema,
  type CatalogCommand,
  type Choice,
  type CommandDefinition,
  type LayoutIssue,
  type Macro,
  type UserRole,
} from '@ioc/protocol';
import { z } from 'zod';
import { readConfigDir } from '../config-dir.js';
import type { DevicesDomain } from '../devices/index.js';
import type { Logger } from '../logger.js';
import type { WallDomain } from '../wall/index.js';
import { formatPath } from '../wall/layouts-validate.js';
import { forbiddenStep, macroRoles } from './authorise.js';

/** A macro as a catalog command: no arguments of its own. */
export interface MacroDefinition extends CommandDefinition {
  macro: Macro;
}

export type CatalogEntry = CommandDefinition | MacroDefinition;

export const isMacro = (d: CatalogEntry): d is MacroDefinition => 'macro' in d;

const NO_ARGS = z.strictObject({});

/** A province or city for the drill-down picker. */
export interface UnitChoice {
  code: string;
  name: string;
  nameAscii: string;
}

/**
 * The command catalog of this room: the built-in commands of every system (protocol's
 * `COMMANDS`) plus the macros written as data in `<layouts>/macros/`. Macros are checked against
 * the catalog and the device profiles when loaded; a macro with a problem is left out and its
 * problem reported like a layout problem.
 */
export class CommandCatalog {
  private macros = new Map<string, MacroDefinition>();
  private issues: LayoutIssue[] = [];

  constructor(
    private readonly deps: { layoutsDir: string; wall: WallDomain; devices: DevicesDomain; units: () => UnitChoice[]; log: Logger },
  ) {}

  load(): void {
    const { entries, issues } = readConfigDir(join(this.deps.layoutsDir, 'macros'), 'macros', MacroSchema, (m) => m.name, undefined, undefined, this.deps.wall.copies);
    const ok = new Map<string, MacroDefinition>();
    for (const { file, value: m } of entries) {
      const problems = checkMacro(file, m, {
        deviceDriver: (id) => this.deps.devices.get(id)?.profile.driver,
        wallExists: (id) => this.deps.wall.layouts.wall(id) !== undefined,
      });
      if (problems.length) issues.push(...problems);
      else ok.set(m.name, { name: m.name, system: 'room', label: m.label, help: m.help, args: NO_ARGS, roles: m.roles, confirm: m.confirm, undo: null, macro: m });
    }
    for (const i of issues) this.deps.log.warn({ file: i.file, path: i.path }, `macro problem: ${i.message}`);
    this.macros = ok;
    this.issues = issues;
  }

  get(name: string): CatalogEntry | undefined {
    return COMMANDS_BY_NAME.get(name) ?? this.macros.get(name);
  }

  all(): CatalogEntry[] {
    return [...COMMANDS_BY_NAME.values(), ...this.macros.values()];
  }

  errors(): LayoutIssue[] {
    return this.issues;
  }

  /**
   * The catalog as one role sees it: JSON Schemas of the arguments and this room's choices. A
   * macro is offered only to the roles that may send every one of its steps.
   */
  served(role: UserRole | 'ingest' | 'reader'): CatalogCommand[] {
    return this.all().map((d) => {
      const roles = isMacro(d) ? macroRoles(d.macro) : [...d.roles];
      const entry: CatalogCommand = {
        name: d.name,
        system: d.system,
        kind: isMacro(d) ? 'macro' : 'command',
        label: d.label,
        help: d.help,
        roles,
        allowed: role !== 'ingest' && role !== 'reader' && roles.includes(role),
        confirm: d.confirm,
        undo: d.undo,
        args: z.toJSONSchema(d.args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
        choices: this.choices(d),
      };
      if (isMacro(d)) entry.steps = d.macro.steps.length;
      return entry;
    });
  }

  private choices(d: CatalogEntry): Record<string, Choice[]> {
    const props = Object.keys((d.args as z.ZodObject).shape ?? {});
    const { wall, devices } = this.deps;
    const out: Record<string, Choice[]> = {};
    for (const p of props) {
      if (p === 'wallId') out[p] = wall.layouts.walls().map((w) => ({ value: w.id, label: w.name }));
      else if (p === 'sceneId') out[p] = wall.layouts.scenes().map((s) => ({ value: s.id, label: s.name, group: s.wall }));
      else if (p === 'briefingId') out[p] = wall.briefings().map((b) => ({ value: b.id, label: b.name, group: b.wall }));
      else if (p === 'unit') out[p] = this.deps.units().map((u) => ({ value: u.code, label: { vi: u.name, en: u.nameAscii } }));
      else if (p === 'device') {
        out[p] = devices
          .list()
          .filter((s) => !d.drivers || d.drivers.includes(s.driver))
          .map((s) => ({ value: s.id, label: s.name, group: s.driver }));
      }
    }
    return out;
  }
}

/** What a macro's steps may refer to: the room's devices (with their drivers) and walls. */
export interface MacroRoom {
  deviceDriver(id: string): string | undefined;
  wallExists(id: string): boolean;
}

/**
 * Checks a macro against the catalog and the room: each step a built-in command (not a macro)
 * with valid arguments, going to a device that exists and whose driver can do it; conditions
 * naming devices and walls that exist; and each role the macro declares allowed to send each
 * step directly (a macro is a shortcut, never a way round a role). Used at load and by
 * `ops layouts check`.
 */
export function checkMacro(file: string, m: Macro, room: MacroRoom): LayoutIssue[] {
  const problems: LayoutIssue[] = [];
  const issue = (path: string, message: string) => problems.push({ file, path, message });
  if (COMMANDS_BY_NAME.has(m.name)) issue('name', `"${m.name}" is a built-in command; choose another name (e.g. room.${m.name.replace(/\./g, '-')})`);
  m.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (step.when && 'device' in step.when && !room.deviceDriver(step.when.device)) issue(`${at}.when.device`, `unknown device "${step.when.device}"`);
    if (step.when && 'wall' in step.when && !room.wallExists(step.when.wall)) issue(`${at}.when.wall`, `unknown wall "${step.when.wall}"`);
    if (!('command' in step)) return;
    const def = COMMANDS_BY_NAME.get(step.command);
    if (!def) {
      issue(`${at}.command`, `unknown command "${step.command}" (a macro step must be a built-in command, not another macro)`);
      return;
    }
    const parsed = def.args.safeParse(step.args);
    if (!parsed.success) {
      for (const i2 of parsed.error.issues) issue(`${at}.args${i2.path.length ? '.' + formatPath(i2.path) : ''}`, i2.message);
      return;
    }
    const device = (parsed.data as { device?: string }).device;
    if (device !== undefined) {
      const driver = room.deviceDriver(device);
      if (!driver) issue(`${at}.args.device`, `unknown device "${device}"`);
      else if (def.drivers && !(def.drivers as readonly string[]).includes(driver)) issue(`${at}.args.device`, `${def.name} cannot go to "${device}" (a ${driver} device)`);
    }
  });
  for (const role of new Set(m.roles)) {
    const step = forbiddenStep(m, role);
    // Unknown commands are reported above; this is about roles only.
    if (step && step.roles.length) issue(`steps[${step.index}].command`, `the ${role} role declared in "roles" may not run ${step.command} (allowed: ${step.roles.join(', ')}); remove ${role} from "roles" or this step from the macro`);
  }
  return problems;
}
