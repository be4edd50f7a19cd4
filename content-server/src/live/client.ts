import type { DeltaMessage, LiveBatch, LiveMessage, Point, SubscribeRequest, Topic } from '@ioc/protocol';
import type { LiveHub } from './hub.js';

interface Pending {
  kind: 'snapshot' | 'delta';
  baseVersion: number;
  version: number;
  /** Points by (unit, period): a later change of the same point replaces the earlier one. */
  points: Map<string, Point>;
}

/** The key a delta upserts by. Unit codes never contain `|`. */
export function pointKey(p: Point): string {
  return `${p.unit}|${p.period}`;
}

export function sortPoints(points: Point[]): Point[] {
  return points.sort((a, b) => a.t - b.t || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

function toMap(points: readonly Point[]): Map<string, Point> {
  return new Map(points.map((p) => [pointKey(p), p]));
}

/**
 * One subscriber (a wall socket). What is pending for it is coalesced: at most one message per
 * topic, at most `LIVE_MAX_BATCHES_PER_SECOND` batches a second. The first change after a quiet
 * spell goes out on the next tick (latency matters more than batching then); changes arriving
 * within the interval wait for its end and go out together.
 */
export class LiveClient {
  /** Subscribed topics and the version last sent (-1 while only a snapshot is pending). */
  private readonly topics = new Map<Topic, number>();
  private readonly pending = new Map<Topic, Pending>();
  /** Topics whose snapshot is being read, with the versions published meanwhile (applied on top of it). */
  private readonly loading = new Map<Topic, Array<{ version: number; points: readonly Point[] }>>();
  private lastEmit = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly hub: LiveHub,
    private readonly send: (batch: LiveBatch) => void,
  ) {}

  /**
   * Subscribes to topics: a delta from the resumed version when the hub still has it, else a
   * snapshot. Resolves when every snapshot asked for is read and queued; rejects when one could
   * not be read (that topic is dropped: the wall gets it on its next subscribe).
   */
  async subscribe(req: SubscribeRequest): Promise<void> {
    const resume = req.resume?.epoch === this.hub.epoch ? req.resume.versions : undefined;
    const reads: Array<Promise<void>> = [];
    for (const topic of req.topics) {
      this.hub.track(topic, this);
      this.pending.delete(topic);
      this.loading.delete(topic);
      const current = this.hub.version(topic);
      const had = resume?.[topic];
      if (had !== undefined && had <= current) {
        const points = had === current ? [] : this.hub.changesSince(topic, had);
        if (points) {
          this.topics.set(topic, had);
          if (had < current) this.pending.set(topic, { kind: 'delta', baseVersion: had, version: current, points: toMap(points) });
          continue;
        }
      }
      this.topics.set(topic, -1);
      reads.push(this.loadSnapshot(topic));
    }
    // The request's snapshots go out together, after the last is read: on PostgreSQL each read is
    // a round trip of its own, and the first read back must not leave the others for the next
    // batch, an interval later (a scene's panels would fill in at different frames).
    const read = await Promise.allSettled(reads);
    // In the order subscribed: on PostgreSQL the reads finish in any order (each keeps its object,
    // which a change published meanwhile may already have added to).
    for (const topic of req.topics) {
      const p = this.pending.get(topic);
      if (!p) continue;
      this.pending.delete(topic);
      this.pending.set(topic, p);
    }
    this.schedule();
    const failed = read.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async loadSnapshot(topic: Topic): Promise<void> {
    const meanwhile: Array<{ version: number; points: readonly Point[] }> = [];
    this.loading.set(topic, meanwhile);
    let snap: { version: number; points: Point[] };
    try {
      snap = await this.hub.snapshot(topic);
    } catch (err) {
      if (this.loading.get(topic) === meanwhile) this.unsubscribe([topic]);
      throw err;
    }
    // Unsubscribed, subscribed again or closed while the snapshot was read: that request is void.
    if (this.closed || this.loading.get(topic) !== meanwhile) return;
    this.loading.delete(topic);
    const p: Pending = { kind: 'snapshot', baseVersion: -1, version: snap.version, points: toMap(snap.points) };
    for (const change of meanwhile) {
      if (change.version <= snap.version) continue;
      for (const point of change.points) p.points.set(pointKey(point), point);
      p.version = change.version;
    }
    this.pending.set(topic, p);
  }

  unsubscribe(topics: readonly Topic[]): void {
    for (const topic of topics) {
      this.hub.untrack(topic, this);
      this.topics.delete(topic);
      this.pending.delete(topic);
      this.loading.delete(topic);
    }
  }

  get subscriptions(): ReadonlyMap<Topic, number> {
    return this.topics;
  }

  /** @internal called by the hub with the points a new version of `topic` changed. */
  enqueue(topic: Topic, version: number, points: readonly Point[]): void {
    const sent = this.topics.get(topic);
    if (sent === undefined) return;
    const loading = this.loading.get(topic);
    if (loading) {
      loading.push({ version, points });
      return;
    }
    const p = this.pending.get(topic);
    if (p) {
      for (const point of points) p.points.set(pointKey(point), point);
      p.version = version;
    } else {
      this.pending.set(topic, { kind: 'delta', baseVersion: sent, version, points: toMap(points) });
    }
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const topic of this.topics.keys()) this.hub.untrack(topic, this);
    this.topics.clear();
    this.pending.clear();
    this.loading.clear();
    this.hub.forget(this);
  }

  private schedule(): void {
    if (this.cancelTimer || this.closed || this.pending.size === 0) return;
    const wait = this.lastEmit + this.hub.minIntervalMs - this.hub.now();
    if (wait <= 0) {
      const h = setImmediate(() => this.flush());
      this.cancelTimer = () => clearImmediate(h);
    } else {
      const h = setTimeout(() => this.flush(), wait);
      this.cancelTimer = () => clearTimeout(h);
    }
  }

  private flush(): void {
    this.cancelTimer = null;
    if (this.closed || this.pending.size === 0) return;
    const messages: LiveMessage[] = [];
    let commitAt: number | undefined;
    for (const [topic, p] of this.pending) {
      const due = this.hub.commitAt(topic);
      if (due !== undefined) commitAt = Math.max(commitAt ?? due, due);
      const points = sortPoints([...p.points.values()]);
      if (p.kind === 'snapshot') {
        messages.push({ kind: 'snapshot', topic, version: p.version, points });
      } else {
        const delta: DeltaMessage = { kind: 'delta', topic, version: p.version, baseVersion: p.baseVersion, points };
        messages.push(delta);
      }
      this.topics.set(topic, p.version);
    }
    this.pending.clear();
    this.lastEmit = this.hub.now();
    this.send(commitAt === undefined ? { epoch: this.hub.epoch, sentAt: this.lastEmit, messages } : { epoch: this.hub.epoch, sentAt: this.lastEmit, commitAt, messages });
  }
}
