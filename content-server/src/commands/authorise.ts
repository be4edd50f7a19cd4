import { COMMANDS_BY_NAME, type CommandDefinition, type Macro, type PrincipalRole, type UserRole } from '@ioc/protocol';
import type { WallStatePatch } from '../wall/wall-state.js';

/** How a built-in command is found by name (tests pass their own catalog). */
export type CommandLookup = (name: string) => Pick<CommandDefinition, 'name' | 'roles'> | undefined;
const builtIn: CommandLookup = (name) => COMMANDS_BY_NAME.get(name);

/** Whether a role may send a command directly: the catalog's rule, and never an ingest key. */
export const mayRun = (def: Pick<CommandDefinition, 'roles'>, role: PrincipalRole): boolean => role !== 'ingest' && role !== 'reader' && def.roles.includes(role);

export interface ForbiddenStep {
  /** 0-based, as in the macro file (`steps[index]`). */
  index: number;
  command: string;
  roles: readonly UserRole[];
}

/**
 * The first command step of a macro that `role` may not send directly, or null when it may
 * send every one. Conditions are not looked at: a step skipped today may run tomorrow, so a
 * macro is judged by every step it could run.
 */
export function forbiddenStep(macro: Macro, role: PrincipalRole, lookup: CommandLookup = builtIn): ForbiddenStep | null {
  for (const [index, step] of macro.steps.entries()) {
    if (!('command' in step)) continue;
    const def = lookup(step.command);
    // An unknown step never loads (checkMacro); here it is simply not allowed.
    if (!def || !mayRun(def, role)) return { index, command: step.command, roles: def?.roles ?? [] };
  }
  return null;
}

/** The roles that may run a macro: those it declares that may also send each of its steps. */
export function macroRoles(macro: Macro, lookup: CommandLookup = builtIn): UserRole[] {
  return macro.roles.filter((role) => forbiddenStep(macro, role, lookup) === null);
}

/** Why `role` may not run the macro `name`, naming the step; null when it may. */
export function macroRefusal(name: string, macro: Macro, role: PrincipalRole, lookup: CommandLookup = builtIn): string | null {
  const step = forbiddenStep(macro, role, lookup);
  if (!step) return null;
  const allowed = step.roles.length ? step.roles.join(', ') : 'nobody';
  return `the ${role} role may not run ${name}: its step ${step.index + 1} (${step.command}) is allowed to ${allowed} only`;
}

/**
 * The command that changes each part of a wall's state on its own. A wall or briefing command
 * may change only what its sender could change with these directly: a briefing step shows a
 * scene (`wall.scene.show`) and may focus a province (`wall.drilldown`), so starting, moving
 * through or ending a briefing is refused to a role that may not do those.
 */
const SETS: Partial<Record<keyof WallStatePatch, string>> = {
  sceneId: 'wall.scene.show',
  focus: 'wall.drilldown',
  language: 'wall.language',
  theme: 'wall.theme',
  calibration: 'wall.calibrate',
};

/** Why `role` may not make this change of a wall's state through `name`; null when it may. */
export function wallChangeRefusal(name: string, patch: WallStatePatch, role: PrincipalRole, lookup: CommandLookup = builtIn): string | null {
  for (const field of Object.keys(patch) as Array<keyof WallStatePatch>) {
    const implied = SETS[field];
    if (!implied || implied === name) continue;
    const def = lookup(implied);
    if (def && !mayRun(def, role)) return `the ${role} role may not run ${name}: it would do what ${implied} does, which is allowed to ${def.roles.join(', ')} only`;
  }
  return null;
}
