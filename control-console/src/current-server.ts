import { CurrentServer } from '@ioc/protocol';

/**
 * The content server this console talks to (protocol's CurrentServer): its socket, sign-in and
 * every API call take their base URL from here. It starts at the page's own origin and moves
 * round the servers of the center (`console:servers`, remembered in localStorage) when the
 * socket loses the current one (socket-adapter.ts); the session token is valid on all of them.
 */
let current: CurrentServer | null = null;

function listStorage(): Storage | null {
  try {
    const s = globalThis.localStorage;
    s.getItem('probe');
    return s;
  } catch {
    return null;
  }
}

export function currentServer(): CurrentServer {
  // Outside a page (unit tests) the origin is empty: URLs stay relative, as before.
  current ??= new CurrentServer(typeof window === 'undefined' ? '' : window.location.origin, listStorage());
  return current;
}
