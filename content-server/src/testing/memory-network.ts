import { Subscribers, type BusHandler, type BusMessage, type ClusterBus } from '../cluster/bus.js';
import type { Sql } from '../store/sql.js';

/**
 * Several servers' buses in one process, for unit tests of what servers tell each other: every
 * bus hears every message, in send order. `partition(id)` stops one server hearing (and being
 * heard) until `heal(id)`, which is a gap for it.
 */
export class MemoryNetwork {
  private readonly members = new Map<string, { subs: Subscribers; cut: boolean }>();

  bus(serverId: string): ClusterBus {
    const me = { subs: new Subscribers(), cut: false };
    this.members.set(serverId, me);
    const network = this;
    return {
      serverId,
      async publish(channel: string, body: unknown, tx?: Sql) {
        const send = () => network.send(me, { channel, origin: serverId, body: structuredClone(body) });
        if (tx) tx.afterCommit(send);
        else send();
      },
      subscribe: (channel: string, handler: BusHandler) => me.subs.add(channel, handler),
      onGap: (handler: () => void) => me.subs.addGap(handler),
      close: async () => void network.members.delete(serverId),
    };
  }

  partition(serverId: string): void {
    this.members.get(serverId)!.cut = true;
  }

  heal(serverId: string): void {
    const m = this.members.get(serverId)!;
    m.cut = false;
    m.subs.gap((err) => {
      throw err;
    });
  }

  private send(from: { cut: boolean }, message: BusMessage): void {
    if (from.cut) return;
    for (const m of this.members.values()) {
      if (!m.cut)
        m.subs.deliver(message, (err) => {
          throw err;
        });
    }
  }
}
