import type { Sql } from '../store/sql.js';

/** What a bus message carries: who sent it, on which channel, and its body (JSON). */
export interface BusMessage {
  channel: string;
  /** The sending server's id (cluster/server-id.ts). */
  origin: string;
  body: unknown;
}

export type BusHandler = (message: BusMessage) => void;

/**
 * The servers of one center tell each other what changed (a committed batch of observations,
 * a wall's new scene, a command for a device another server owns). Every server, the sender
 * included, receives every message on the channels it subscribed, in one order: the order in
 * which the transactions that sent them committed. A message sent in a transaction goes out
 * only if it commits, so a change and its message happen together or not at all.
 *
 * Messages are not kept for a server that is not listening: after a gap (its connection to the
 * bus was lost and is back), `onGap` handlers run and each consumer re-reads what it shows from
 * the store, which is the truth. One server alone (SQLite) uses `LocalBus`; several use
 * `PgBus` (PostgreSQL LISTEN/NOTIFY; docs/deployment.md says why no socket.io adapter).
 */
export interface ClusterBus {
  readonly serverId: string;
  /** Sends `body` to every server on `channel`: when `tx` commits, or now without one. */
  publish(channel: string, body: unknown, tx?: Sql): Promise<void>;
  subscribe(channel: string, handler: BusHandler): () => void;
  /** Runs after messages may have been missed; consumers re-read from the store. */
  onGap(handler: () => void): () => void;
  close(): Promise<void>;
}

/** Handlers by channel, shared by the implementations. */
export class Subscribers {
  private readonly byChannel = new Map<string, Set<BusHandler>>();
  private readonly gaps = new Set<() => void>();

  add(channel: string, handler: BusHandler): () => void {
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  addGap(handler: () => void): () => void {
    this.gaps.add(handler);
    return () => this.gaps.delete(handler);
  }

  /** Delivers to each handler; one that throws is reported and does not stop the others. */
  deliver(message: BusMessage, onError: (err: unknown) => void): void {
    for (const h of this.byChannel.get(message.channel) ?? []) {
      try {
        h(message);
      } catch (err) {
        onError(err);
      }
    }
  }

  gap(onError: (err: unknown) => void): void {
    for (const h of this.gaps) {
      try {
        h();
      } catch (err) {
        onError(err);
      }
    }
  }
}

/** One server: messages are delivered in process, after the sending transaction commits. */
export class LocalBus implements ClusterBus {
  private readonly subs = new Subscribers();

  constructor(
    readonly serverId: string,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  async publish(channel: string, body: unknown, tx?: Sql): Promise<void> {
    const message: BusMessage = { channel, origin: this.serverId, body };
    const send = () => this.subs.deliver(message, this.onError);
    if (tx) tx.afterCommit(send);
    else send();
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    return this.subs.add(channel, handler);
  }

  onGap(handler: () => void): () => void {
    return this.subs.addGap(handler);
  }

  async close(): Promise<void> {}
}
