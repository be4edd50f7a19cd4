/**
 * The live domain: topic versions and their fan-out to the walls (hub.ts), per-renderer
 * coalescing and resume (client.ts), how committed batches cross the center's servers on the
 * cluster bus (link.ts), and the wall time they are committed at (sync-timing.ts, frame-grid.ts;
 * the wall's scene changes use the same). Other domains import only from here.
 */
export { LiveHub, type CurrentProvinces, type LiveHubOptions, type LiveSource } from './hub.js';
export { LiveClient } from './client.js';
export { LiveLink, LIVE_CHANNEL, OWN_BATCH_WAIT_MS, type LiveLinkOptions } from './link.js';
export { serverNow, syncTiming, type SyncTiming } from './sync-timing.js';
export { placeChange } from './frame-grid.js';
