import type { Logger } from '../logger.js';
import type { Sql } from '../store/sql.js';
import { LeaseKeeper } from './lease-keeper.js';
import { leaseHolder } from './leases.js';

/** How long a server counts as alive after its last renewal: its cut-off commands are failed at most this long after it died. */
export const SERVER_LEASE_TTL_MS = 10_000;

/** The name of a server's liveness lease. */
export function serverLeaseName(serverId: string): string {
  return `server:${serverId}`;
}

/**
 * Each server of a center holds a lease on its own name while it runs (`server:<id>`, renewed
 * every third of its life). What it leaves behind when it dies (a command it was running) is
 * cleaned up by a survivor once that lease has ended, judged by the store's clock, not by any
 * server's start.
 */
export class ServerLease {
  private readonly keeper: LeaseKeeper;

  constructor(
    private readonly sql: Sql,
    readonly serverId: string,
    log: Logger,
    ttlMs = SERVER_LEASE_TTL_MS,
  ) {
    this.keeper = new LeaseKeeper(sql, {
      name: serverLeaseName(serverId),
      owner: serverId,
      ttlMs,
      onAcquired: () => {},
      onLost: () => log.warn('this server could not renew its liveness lease: the others may fail the commands it runs'),
      onError: (err) => log.warn({ err }, 'renewing this server\'s liveness lease failed; trying again'),
    });
  }

  start(): void {
    this.keeper.start();
  }

  /** Whether the server `serverId` still holds its liveness lease (this server always counts as alive). */
  async alive(serverId: string): Promise<boolean> {
    if (serverId === this.serverId) return true;
    return (await leaseHolder(this.sql, serverLeaseName(serverId))) !== null;
  }

  /** Ends this server's lease at once (a clean stop). */
  stop(): Promise<void> {
    return this.keeper.stop();
  }
}
