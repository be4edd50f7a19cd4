/**
 * The live domain: topic versions and their fan-out to the walls (hub.ts), per-renderer
 * coalescing and resume (client.ts), and how committed batches cross the center's servers on
 * the cluster bus (link.ts). Other domains import only from here.
 */
export { LiveHub, type CurrentProvinces, type LiveHubOptions, type LiveSource } from './hub.js';
export { LiveClient } from './client.js';
export { LiveLink, LIVE_CHANNEL, OWN_BATCH_WAIT_MS, type LiveLinkOptions } from './link.js';
