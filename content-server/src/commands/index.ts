export { CommandService } from './command-service.js';
export type { CommandActor } from './command-service.js';
export { registerConsoleSocket } from './console-socket.js';
export type { ConsoleNamespace } from './console-socket.js';
