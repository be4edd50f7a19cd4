import { randomUUID } from 'node:crypto';
import type { ClusterBus } from '../cluster/bus.js';
import type { Logger } from '../logger.js';
import type { ChangedPoint, Sql } from '../store/index.js';

/** The bus channel of committed changes to live topics (docs/architecture.md, "Several servers"). */
export const LIVE_CHANNEL = 'feeds.changed';

/** How long ingest waits, after its commit, for its own batch to come back on the bus before applying it here itself. */
export const OWN_BATCH_WAIT_MS = 2000;

/** A waiter not settled after this long belongs to a batch that rolled back: it is dropped. */
const STALE_WAITER_MS = 60_000;

/** What crosses the bus for one committed batch. */
interface LiveMessage {
  id: string;
  /** The batch's commit tick on the sending server's clock (null: no ticks). */
  commitAt: number | null;
  changes: readonly ChangedPoint[];
}

export interface LiveLinkOptions {
  /** Applies committed changes to this server's hub, due at `commitAt` on this server's clock (undefined: the hub picks the next tick). */
  apply(changes: readonly ChangedPoint[], commitAt?: number | null): Promise<void>;
  /** The tick a batch committed now is due at (this server's clock). */
  nextCommitTick(): number | null;
  /** Sends every subscribed topic whole again (after a gap in the bus). */
  resync(): Promise<void>;
  /** The bus to the center's other servers; null when this server is alone (SQLite). */
  bus: ClusterBus | null;
  /** A time on `origin`'s clock on this server's clock (peer clock offsets). */
  toLocal(t: number, origin: string): number;
  log: Logger;
}

interface Waiter {
  resolve(applied: Promise<void>): void;
  changes: readonly ChangedPoint[];
  commitAt: number | null;
  timer: NodeJS.Timeout | null;
  since: number;
}

/**
 * How committed changes reach the live topics of every server of the center. Alone, a batch is
 * applied to this server's hub right after its commit, in commit order. With several servers, the
 * batch is announced on the bus inside its own transaction, with its commit tick, and EVERY
 * server, this one included, applies the batches in the order the bus delivers them: the order of
 * their commits. So two revisions of one point made on two servers reach every hub in one order,
 * and walls on A and B show a batch at one tick. Ingest waits for its own batch to come back (its
 * walls have it when the sender hears 200), at most OWN_BATCH_WAIT_MS; then it applies it here
 * itself (the bus is down; the other servers will resync from the store after their gap).
 */
export class LiveLink {
  private readonly waiting = new Map<string, Waiter>();
  private readonly off: Array<() => void> = [];

  constructor(private readonly opts: LiveLinkOptions) {
    const bus = opts.bus;
    if (!bus) return;
    this.off.push(
      bus.subscribe(LIVE_CHANNEL, (m) => this.received(m.body as LiveMessage, m.origin)),
      bus.onGap(() => {
        opts.log.warn('the bus was interrupted: every live topic is sent whole again from the store');
        opts.resync().catch((err: unknown) => opts.log.error({ err }, 'resending the live topics after a bus gap failed'));
      }),
    );
  }

  /**
   * Inside a batch's transaction, once its changes are written: announces them to the center
   * (sent only if the transaction commits). `published` settles after the commit, once this
   * server's walls were given the batch; never if the transaction rolls back.
   */
  async announce(changes: readonly ChangedPoint[], tx: Sql): Promise<{ published: Promise<void> }> {
    const bus = this.opts.bus;
    if (!bus) {
      let resolve!: (p: Promise<void>) => void;
      const published = new Promise<void>((r) => (resolve = r));
      // Run by the commit itself, in commit order (SQLite commits one transaction at a time).
      tx.afterCommit(() => resolve(this.opts.apply(changes)));
      return { published };
    }
    this.dropStale();
    const id = randomUUID();
    const commitAt = this.opts.nextCommitTick();
    const published = new Promise<void>((resolve) => this.waiting.set(id, { resolve, changes, commitAt, timer: null, since: Date.now() }));
    await bus.publish(LIVE_CHANNEL, { id, commitAt, changes } satisfies LiveMessage, tx);
    tx.afterCommit(() => {
      const w = this.waiting.get(id);
      if (!w) return;
      w.timer = setTimeout(() => this.fallback(id), OWN_BATCH_WAIT_MS);
      w.timer.unref();
    });
    return { published };
  }

  /** Changes already committed (derived values written outside a batch): to every server, not waited for. */
  async publishCommitted(changes: readonly ChangedPoint[]): Promise<void> {
    const bus = this.opts.bus;
    if (!bus) return this.opts.apply(changes);
    await bus.publish(LIVE_CHANNEL, { id: randomUUID(), commitAt: this.opts.nextCommitTick(), changes } satisfies LiveMessage);
  }

  close(): void {
    for (const off of this.off.splice(0)) off();
    for (const [id, w] of this.waiting) {
      if (w.timer) clearTimeout(w.timer);
      this.waiting.delete(id);
      // Its ingest waits on this (and the server's close on that request): the walls are going
      // away, so there is nothing more to wait for. Dropped unsettled, it held the close forever.
      w.resolve(Promise.resolve());
    }
  }

  private received(m: LiveMessage, origin: string): void {
    const commitAt = m.commitAt === null ? null : this.opts.toLocal(m.commitAt, origin);
    const applied = this.opts.apply(m.changes, commitAt);
    applied.catch((err: unknown) => this.opts.log.error({ err }, 'applying a batch from the bus to the live topics failed'));
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (w.timer) clearTimeout(w.timer);
    w.resolve(applied);
  }

  private fallback(id: string): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    this.opts.log.warn({ waitedMs: OWN_BATCH_WAIT_MS }, 'a committed batch did not come back on the bus: applied to this server\'s walls directly');
    w.resolve(this.opts.apply(w.changes, w.commitAt));
  }

  private dropStale(): void {
    const before = Date.now() - STALE_WAITER_MS;
    for (const [id, w] of this.waiting) if (w.timer === null && w.since < before) this.waiting.delete(id);
  }
}
