export { createServer } from './server.js';
export type { RunningServer, ServerOptions } from './server.js';
export { loadConfig, paths } from './config.js';
export type { Config } from './config.js';
