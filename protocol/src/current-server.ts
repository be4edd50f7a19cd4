/**
 * The content server a page talks to, and where it goes when that server stops answering.
 *
 * A center may run several content servers sharing one store (`CLUSTER_URLS` on each server);
 * each tells its clients the list (`servers` in the wall's join result, `console:servers` on a
 * console socket). A page starts at its own origin, remembers the list it was told (in
 * `localStorage`: a renderer restarted while its server is down still knows the others), and
 * when its socket cannot reach the current server it moves to the next one, round the list,
 * until one answers. Every socket and every API call of the page takes its base URL from here.
 *
 * Pure (no DOM, no zod): the wall renderer and the console both build one at start.
 */

/** The storage a page keeps the list in (`localStorage`, or nothing in a private window). */
export interface ServerListStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Failures in a row of the current server before moving on: a lost connection counts as one,
 * and so does each refused connection attempt. One alone can be a blip (a proxy reloading, a
 * network switch flapping, a reconnection racing a restart); a lost connection then a refused
 * attempt, about half a second apart with the clients' 500 ms reconnection delay, mean the server
 * is gone. The next server has the same data, so a move costs only a re-join with fresh
 * snapshots, and the wall is back well within the 2 s the issue allows.
 */
export const FAILOVER_AFTER_FAILURES = 2;

/**
 * The socket heartbeat every server sets (socket.io's `pingInterval` and `pingTimeout`), and so
 * every client gets in its handshake. A server whose machine dies (power, cable, a frozen
 * kernel) sends no TCP reset: its clients hear nothing, and only a missing ping tells them. With
 * socket.io's defaults (25 s + 20 s) a wall stayed on a dead server for up to 45 s; with these a
 * client knows within 7 s. A ping every 2 s is a few bytes per socket. The 5 s to answer are for
 * the other side: a renderer whose page thread is busy (software WebGL on a loaded machine) must
 * not be taken for dead by its server.
 */
export const SOCKET_HEARTBEAT = { pingIntervalMs: 2000, pingTimeoutMs: 5000 } as const;

/**
 * How long a client waits for a connection attempt to be answered (socket.io-client's `timeout`;
 * its default is 20 s). A frozen server's kernel still accepts the TCP connection, so without
 * this bound an attempt to reach it would hang 20 s before counting as a failure.
 */
export const CONNECT_TIMEOUT_MS = 4000;

/**
 * The socket.io disconnect reason of a heartbeat that did not come: the server has not been heard
 * for a whole `SOCKET_HEARTBEAT`, which is no blip: the client moves on at once (`unreachable`).
 */
export const HEARTBEAT_LOST = 'ping timeout';

/** The storage key of the remembered list (one per browser profile: a center's servers). */
export const SERVER_LIST_STORAGE_KEY = 'ioc.servers';

/** `value` as an http(s) origin (`scheme://host[:port]`), or null. */
export function asOrigin(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

export class CurrentServer {
  private servers: string[];
  private index = 0;
  private failures = 0;
  private readonly listeners = new Set<(origin: string) => void>();

  /** `own`: the page's origin (where it was loaded from); the list starts there. */
  constructor(
    private readonly own: string,
    private readonly storage: ServerListStorage | null = null,
  ) {
    this.servers = this.withOwn(this.remembered());
    this.index = this.servers.indexOf(own);
  }

  /** The origin every socket and fetch uses now. */
  get origin(): string {
    return this.servers[this.index] ?? this.own;
  }

  /** `path` (starting with `/`) on the current server. */
  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** The servers in the order they are tried (the page's own origin first when it is not listed). */
  list(): readonly string[] {
    return this.servers;
  }

  /** Whether there is anywhere else to go (a single server: the socket just keeps retrying it). */
  get canMove(): boolean {
    return this.servers.length > 1;
  }

  /** The list a server sent: kept for this page and remembered for the next start. */
  learn(servers: readonly unknown[]): void {
    const origins = [...new Set(servers.map(asOrigin).filter((o): o is string => o !== null))];
    const current = this.origin;
    this.servers = this.withOwn(origins);
    this.index = Math.max(0, this.servers.indexOf(current));
    try {
      // A single server leaves nothing behind (and forgets a center it belonged to before).
      if (origins.length === 0) this.storage?.removeItem(SERVER_LIST_STORAGE_KEY);
      else this.storage?.setItem(SERVER_LIST_STORAGE_KEY, JSON.stringify(origins));
    } catch {
      // A full or forbidden storage: the list still holds until the page closes.
    }
  }

  /** The current server answered: its failures are forgotten. */
  connected(): void {
    this.failures = 0;
  }

  /**
   * The connection to the current server was lost, or an attempt failed. Returns the origin to
   * connect to next: the next server after FAILOVER_AFTER_FAILURES failures in a row, otherwise the same.
   */
  failed(): string {
    this.failures += 1;
    if (this.failures >= FAILOVER_AFTER_FAILURES && this.canMove) this.moveOn();
    return this.origin;
  }

  /**
   * The current server has not been heard for a whole heartbeat (`HEARTBEAT_LOST`): gone, not a
   * blip. Returns the next server at once where there is one, otherwise the same.
   */
  unreachable(): string {
    return this.canMove ? this.moveOn() : this.origin;
  }

  /** Goes to the next server of the list (after the last: back to the first). */
  moveOn(): string {
    this.failures = 0;
    this.index = (this.index + 1) % this.servers.length;
    for (const listener of this.listeners) listener(this.origin);
    return this.origin;
  }

  /** Called with the new origin each time the page moves to another server. */
  onMove(listener: (origin: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private remembered(): string[] {
    try {
      const raw = this.storage?.getItem(SERVER_LIST_STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.map(asOrigin).filter((o): o is string => o !== null) : [];
    } catch {
      return [];
    }
  }

  /** The page's own origin leads unless the list names it: then the list's order holds. */
  private withOwn(origins: string[]): string[] {
    return origins.includes(this.own) ? origins : [this.own, ...origins];
  }
}

/**
 * Where the console keeps its credential in the browser's session storage: the console's own
 * page, and a wall preview framed in it (same origin), read it there (never from an address).
 */
export const CONSOLE_KEY_STORAGE = 'ioc.console.key';
