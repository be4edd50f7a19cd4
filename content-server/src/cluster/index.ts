import type { ClusterStatus, PeerStatus } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import type { PostgresSql } from '../store/postgres-sql.js';
import type { Store } from '../store/index.js';
import { LocalBus, type ClusterBus } from './bus.js';
import { PeerClocks, type TimeProbe } from './peer-clocks.js';
import { PgBus } from './pg-bus.js';
import { newServerId } from './server-id.js';
import { ServerLease } from './server-lease.js';

export { LocalBus, type BusMessage, type ClusterBus } from './bus.js';
export { LeaseKeeper } from './lease-keeper.js';
export { ServerLease, SERVER_LEASE_TTL_MS } from './server-lease.js';
export { PeerClocks } from './peer-clocks.js';

/** How often each peer's clock offset is measured again. */
const MEASURE_EVERY_MS = 10_000;

export interface ClusterOptions {
  store: Store;
  /** This machine's name (SERVER_NAME; the host name by default): what device profiles' reachableFrom name. */
  serverName: string;
  /** Every server's public base URL (CLUSTER_URLS); this server's own is recognised by the id it answers with. */
  peerUrls: readonly string[];
  /** The server's wall clock (`serverNow`). */
  now: () => number;
  log: Logger;
  /** How a peer's clock is read (default: GET <url>/api/v1/cluster/time). */
  probe?: TimeProbe;
}

/**
 * This server's place among the center's servers: its id, the bus to the others, their clock
 * offsets. On SQLite the server is alone (a LocalBus, no peers); on PostgreSQL every server that
 * shares the store hears the others on the PostgreSQL bus and measures their clocks.
 */
export class Cluster {
  readonly serverId: string;
  readonly clocks: PeerClocks;
  /** This server's liveness lease (held on PostgreSQL only: alone, nobody else needs to know). */
  private lease: ServerLease | null = null;
  private peers = new Map<string, PeerStatus>();
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly opts: ClusterOptions,
    readonly bus: ClusterBus,
    probe: TimeProbe,
  ) {
    this.serverId = bus.serverId;
    this.clocks = new PeerClocks({ now: opts.now, probe });
    for (const url of opts.peerUrls) this.peers.set(url, { url, serverId: null, offsetMs: null, errorMs: null, measuredAt: null, error: null });
  }

  /** Several servers share this store: work done once needs leases, and changes go over the bus. */
  get several(): boolean {
    return this.opts.store.engine === 'postgres';
  }

  static async start(opts: ClusterOptions): Promise<Cluster> {
    const probe = opts.probe ?? httpProbe;
    const onError = (err: unknown) => opts.log.error({ err }, 'a bus message could not be handled');
    if (opts.store.engine !== 'postgres') return new Cluster(opts, new LocalBus(newServerId(), onError), probe);
    const bus = await PgBus.start(newServerId(), opts.store.sql as PostgresSql, { onError });
    const c = new Cluster(opts, bus, probe);
    c.lease = new ServerLease(opts.store.sql, c.serverId, opts.log);
    c.lease.start();
    bus.onGap(() => opts.log.warn('the bus between servers was interrupted; what it carried meanwhile is read again from the store'));
    c.measurePeers();
    c.timer = setInterval(() => c.measurePeers(), MEASURE_EVERY_MS);
    c.timer.unref();
    return c;
  }

  status(): ClusterStatus {
    return { serverId: this.serverId, serverName: this.opts.serverName, engine: this.opts.store.engine, several: this.several, peers: [...this.peers.values()] };
  }

  /**
   * Whether the server `serverId` still runs: alone, only this one does; several, one whose
   * liveness lease has not ended (cluster/server-lease.ts).
   */
  alive(serverId: string): Promise<boolean> {
    if (serverId === this.serverId) return Promise.resolve(true);
    return this.lease ? this.lease.alive(serverId) : Promise.resolve(false);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.lease?.stop();
    await this.bus.close();
  }

  private measurePeers(): void {
    for (const url of this.opts.peerUrls) {
      this.clocks
        .measure(url)
        .then(({ serverId, clock }) => {
          // Our own URL answers with our own id: not a peer.
          if (serverId === this.serverId) return void this.peers.delete(url);
          this.peers.set(url, { url, serverId, offsetMs: clock.offsetMs, errorMs: clock.errorMs, measuredAt: clock.measuredAt, error: null });
        })
        .catch((err: unknown) => {
          const last = this.peers.get(url);
          if (last) this.peers.set(url, { ...last, error: (err as Error).message });
        });
    }
  }
}

/** Reads a peer's clock over HTTP. */
const httpProbe: TimeProbe = async (url) => {
  const res = await fetch(new URL('/api/v1/cluster/time', url), { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const body = (await res.json()) as { serverId: string; time: number };
  return { serverId: body.serverId, time: body.time };
};
