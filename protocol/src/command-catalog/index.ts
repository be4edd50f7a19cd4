import type { CommandDefinition } from './define.js';
import { audioCommands, oscCommands } from './audio.js';
import { briefingCommands } from './briefing.js';
import { displayCommands } from './display.js';
import { matrixCommands } from './matrix.js';
import { deviceCommands } from './device.js';
import { projectorCommands } from './projector.js';
import { wallCommands } from './wall.js';

export * from './define.js';
export * from './macros.js';
export * from './wire.js';
export { WallThemeSchema, type WallTheme, DisplayAdjustArgsSchema, type DisplayAdjustArgs, WallCalibrateArgsSchema } from './wall.js';

/** Every built-in command, by system. Macros (data, in `layouts/macros/`) are added by the server. */
export const COMMANDS: readonly CommandDefinition[] = [
  ...wallCommands,
  ...briefingCommands,
  ...displayCommands,
  ...matrixCommands,
  ...audioCommands,
  ...oscCommands,
  ...projectorCommands,
  ...deviceCommands,
];

export const COMMANDS_BY_NAME: ReadonlyMap<string, CommandDefinition> = new Map(COMMANDS.map((c) => [c.name, c]));
