import { CurrentServer } from '@ioc/protocol';
import { pageStorage } from './device-identity';

/**
 * The content server this renderer talks to (protocol's CurrentServer): every socket and every
 * API read of the page takes its base URL from here. It starts at the page's own origin and
 * moves round the servers of the center (`servers` of the join answer, remembered in
 * localStorage) when the wall socket loses the current one (net/wall-client.ts).
 */
let current: CurrentServer | null = null;

export function currentServer(): CurrentServer {
  // Outside a page (unit tests) the origin is empty: URLs stay relative, as before.
  current ??= new CurrentServer(typeof window === 'undefined' ? '' : window.location.origin, pageStorage());
  return current;
}
