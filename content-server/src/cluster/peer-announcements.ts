import type { ClusterBus } from './bus.js';

/** Each server repeats its state this often; a server not heard for `PEER_SILENT_MS` is gone. */
export const PEER_REPEAT_MS = 5_000;
export const PEER_SILENT_MS = 15_000;

/**
 * What each server of the center tells the others of something only it knows (its renderers,
 * its pending pairing codes), whole, on each change and every PEER_REPEAT_MS: whole, so order and
 * loss do not matter, and a server's view is its own state plus the last one heard from each
 * peer. A peer silent for PEER_SILENT_MS (it died) drops out; after a gap on the bus a server
 * speaks and asks the others to speak at once (channel `<channel>.ask`).
 */
export class PeerAnnouncements<T, Body = T> {
  private readonly heard = new Map<string, { heardAt: number; state: T }>();
  private readonly off: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly bus: ClusterBus,
    private readonly channel: string,
    private readonly opts: {
      /** This server's state as it is now, as sent. */
      local(): Body;
      /** A peer's body as kept (parsed, moved onto this server's clock); kept as sent when absent. */
      read?(body: Body, origin: string): T;
      /** A peer's state arrived, or a silent peer dropped out. */
      changed?(): void;
      now?: () => number;
    },
  ) {
    const ask = `${channel}.ask`;
    this.off.push(
      bus.subscribe(channel, (m) => {
        if (m.origin === bus.serverId) return;
        const body = m.body as Body;
        this.heard.set(m.origin, { heardAt: this.now(), state: opts.read ? opts.read(body, m.origin) : (body as unknown as T) });
        opts.changed?.();
      }),
      bus.subscribe(ask, (m) => {
        if (m.origin !== bus.serverId) this.announce();
      }),
      bus.onGap(() => {
        this.announce();
        void bus.publish(ask, {}).catch(() => {});
      }),
    );
  }

  /** Announces, asks the others, and repeats every PEER_REPEAT_MS. */
  start(): void {
    if (this.timer) return;
    this.announce();
    void this.bus.publish(`${this.channel}.ask`, {}).catch(() => {});
    this.timer = setInterval(() => this.tick(), PEER_REPEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.off.splice(0)) off();
  }

  /** The last state heard from each peer still speaking, by its server id. */
  *peers(): IterableIterator<[origin: string, state: T]> {
    for (const [origin, p] of this.heard) yield [origin, p.state];
  }

  /** How many peers are heard now. */
  get count(): number {
    return this.heard.size;
  }

  /** Forgets peers not heard for PEER_SILENT_MS and repeats this server's state. */
  tick(): void {
    let dropped = false;
    for (const [origin, p] of this.heard) {
      if (this.now() - p.heardAt > PEER_SILENT_MS) {
        this.heard.delete(origin);
        dropped = true;
      }
    }
    if (dropped) this.opts.changed?.();
    this.announce();
  }

  /** Tells the others this server's state now (lost ones are repeated within PEER_REPEAT_MS). */
  announce(): void {
    if (this.stopped) return;
    void this.bus.publish(this.channel, this.opts.local()).catch(() => {});
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
