import type { WallShellConfig } from './config.js';

/**
 * Where the kiosk loads its wall pages from: `serverUrl` first, then `servers` in their order,
 * each origin once. A window whose page failed to load tries the next (LoadTarget); the page,
 * once loaded, follows the servers by itself, so main stays this thin.
 */
export function kioskServers(config: Pick<WallShellConfig, 'serverUrl' | 'servers'>): string[] {
  return [...new Set([config.serverUrl, ...(config.servers ?? [])].map((u) => new URL(u).origin))];
}

/** `url` (a wall page address) on `origin`: the same path and query. */
export function onServer(url: string, origin: string): string {
  const u = new URL(url);
  const target = new URL(origin);
  u.protocol = target.protocol;
  u.host = target.host;
  return u.toString();
}

/** The server one window loads from; moves round the list each time a load fails. */
export class LoadTarget {
  #index = 0;

  constructor(private readonly servers: readonly string[]) {}

  /** `url` on the current server. */
  url(url: string): string {
    const origin = this.servers[this.#index];
    return origin ? onServer(url, origin) : url;
  }

  /** The page did not load: the next load goes to the next server (after the last, the first). */
  failed(): void {
    if (this.servers.length > 0) this.#index = (this.#index + 1) % this.servers.length;
  }
}
