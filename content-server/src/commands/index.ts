export { CommandCatalog, isMacro } from './catalog.js';
export type { CatalogEntry, MacroDefinition, UnitChoice } from './catalog.js';
export { CommandService, actorLabel } from './command-service.js';
export type { CommandActor } from './command-service.js';
export { CommandLog } from './command-log.js';
export type { LoggedCommand } from './command-log.js';
export { registerConsoleSocket, actorOf } from './console-socket.js';
export type { ConsoleNamespace, ConsoleAuth } from './console-socket.js';
export { commandRoutes } from './command-routes.js';
