import { randomUUID } from 'node:crypto';
import { LIVE_MAX_BATCHES_PER_SECOND, SERIES_SNAPSHOT_POINTS, latestTopic, parseTopic, seriesTopic, type LiveBatch, type Point, type Topic } from '@ioc/protocol';
import type { ChangedPoint } from '../store/index.js';
import { LiveClient, pointKey, sortPoints } from './client.js';

/** Where the hub reads the state of a topic for a snapshot (the store). */
export interface LiveSource {
  /** The last `limit` points of a series, in period order. */
  series(indicator: string, unit: string, limit: number): Promise<Point[]>;
  /** The latest point of each unit, counting only periods that end after `minEnd`. */
  latest(indicator: string, units: readonly string[], minEnd: number): Promise<Point[]>;
}

/** The provinces a `latest:` topic covers: those valid today (their codes and first day). */
export interface CurrentProvinces {
  codes: ReadonlySet<string>;
  /** A point counts for a province only if its period ends after this (epoch ms). */
  minEnd: number;
}

export interface LiveHubOptions {
  source: LiveSource;
  currentProvinces: () => CurrentProvinces;
  /** Versions of change kept per topic for resuming clients; older resumes get a snapshot. */
  logSize?: number;
  maxBatchesPerSecond?: number;
  now?: () => number;
  epoch?: string;
  /**
   * Common commit ticks: each new version of a topic is due on the renderers at the first
   * multiple of `tickMs` (of `clock`, the wall clock) at or after now + `leadMs`. Without it,
   * batches carry no `commitAt` and renderers show them on arrival. `align` then moves that
   * tick between the renderers' frame starts (`frame-grid.ts`).
   */
  commit?: { leadMs: number; tickMs: number; clock: () => number; align?: (t: number) => number };
}

interface LogEntry {
  version: number;
  points: readonly Point[];
}

const SNAPSHOT_CACHE_MAX = 512;

/**
 * The live topics. Each topic has a version, bumped once per committed batch that changes it;
 * versions count from 0 at each server start, under a random `epoch`. A batch's delta is
 * computed here once per topic and handed to every subscribed client, which coalesces it with
 * what it has not sent yet. The store is read only for snapshots, and a snapshot of a topic
 * at a version is read once however many clients ask for it (its one read is shared while it
 * runs). Store reads are asynchronous: publications are applied one after another, in the
 * order `publish` was called (the commit order), so a topic's versions never interleave.
 */
export class LiveHub {
  readonly epoch: string;
  readonly now: () => number;
  readonly minIntervalMs: number;
  private readonly source: LiveSource;
  private readonly currentProvinces: () => CurrentProvinces;
  private readonly logSize: number;
  private readonly versions = new Map<Topic, number>();
  /** Change logs, only for topics subscribed during this epoch (no one else can resume them). */
  private readonly logs = new Map<Topic, LogEntry[]>();
  private readonly subscribers = new Map<Topic, Set<LiveClient>>();
  private readonly snapshots = new Map<Topic, { version: number; read: Promise<{ version: number; points: Point[] }> }>();
  /** The publication applied last (or being applied): the next one waits for it. */
  private publishing: Promise<void> = Promise.resolve();
  private readonly clients = new Set<LiveClient>();
  private readonly commit: LiveHubOptions['commit'];
  /** Commit time of the current version of each topic changed since the start. */
  private readonly commitAts = new Map<Topic, number>();

  constructor(opts: LiveHubOptions) {
    this.source = opts.source;
    this.currentProvinces = opts.currentProvinces;
    this.logSize = opts.logSize ?? 256;
    this.now = opts.now ?? Date.now;
    this.epoch = opts.epoch ?? randomUUID();
    this.minIntervalMs = 1000 / (opts.maxBatchesPerSecond ?? LIVE_MAX_BATCHES_PER_SECOND);
    this.commit = opts.commit;
  }

  /** Wall time at which the current version of `topic` is due on the renderers; undefined if never changed (or no ticks). */
  commitAt(topic: Topic): number | undefined {
    return this.commitAts.get(topic);
  }

  /** A client for one socket; `send` emits a batch on it. */
  connect(send: (batch: LiveBatch) => void): LiveClient {
    const client = new LiveClient(this, send);
    this.clients.add(client);
    return client;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  version(topic: Topic): number {
    return this.versions.get(topic) ?? 0;
  }

  /**
   * The full state of a topic at its current version. The read starts after that version's
   * batch committed, so it holds at least that version; a later batch it may already see comes
   * again as a delta, which upserts the same points.
   */
  snapshot(topic: Topic): Promise<{ version: number; points: Point[] }> {
    const version = this.version(topic);
    const cached = this.snapshots.get(topic);
    if (cached && cached.version === version) return cached.read;
    const read = this.read(topic).then((points) => ({ version, points }));
    if (this.snapshots.size >= SNAPSHOT_CACHE_MAX) this.snapshots.delete(this.snapshots.keys().next().value as Topic);
    this.snapshots.set(topic, { version, read });
    // A failed read is not kept: the next client asking reads again.
    read.catch(() => {
      if (this.snapshots.get(topic)?.read === read) this.snapshots.delete(topic);
    });
    return read;
  }

  /** Points changed after version `since`, merged; null when the log no longer reaches back. */
  changesSince(topic: Topic, since: number): Point[] | null {
    const current = this.version(topic);
    if (since === current) return [];
    if (since > current) return null;
    const log = this.logs.get(topic);
    const first = log?.[0];
    if (!log || !first || first.version > since + 1) return null;
    const merged = new Map<string, Point>();
    for (const entry of log) {
      if (entry.version <= since) continue;
      for (const p of entry.points) merged.set(pointKey(p), p);
    }
    return sortPoints([...merged.values()]);
  }

  /**
   * Fans out the changes of one committed batch: one version bump per topic it changes. Call it
   * in commit order, right after the commit (`changes` may still be computing): it is applied
   * after every publication called before it. Resolves when applied.
   */
  publish(changes: readonly ChangedPoint[] | Promise<readonly ChangedPoint[]>, commitAt?: number | null): Promise<void> {
    return this.inOrder(async () => this.apply(await changes, commitAt));
  }

  /**
   * Sends every subscribed topic whole again, as one new version each at one commit tick: after
   * a gap in what this hub was told (the bus between servers was interrupted), the store is the
   * truth. Applied in order with publications.
   */
  resync(): Promise<void> {
    return this.inOrder(async () => {
      const topics = [...this.subscribers.keys()];
      const states = await Promise.all(topics.map(async (t) => ({ topic: t, points: await this.read(t) })));
      const commitAt = this.nextCommitTick();
      for (const { topic, points } of states) if (points.length > 0) this.bump(topic, points, commitAt);
    });
  }

  /** The common tick a batch published now commits at (placed between renderer frames), or null without commit ticks. */
  nextCommitTick(): number | null {
    const c = this.commit;
    if (!c) return null;
    const tick = Math.ceil((c.clock() + c.leadMs) / c.tickMs) * c.tickMs;
    return c.align ? c.align(tick) : tick;
  }

  private inOrder(step: () => Promise<void>): Promise<void> {
    const applied = this.publishing.then(step);
    this.publishing = applied.catch(() => {});
    return applied;
  }

  private async apply(changes: readonly ChangedPoint[], given: number | null | undefined): Promise<void> {
    const series = new Map<Topic, Point[]>();
    const provinces = this.currentProvinces();
    const latestCandidates = new Map<string, Set<string>>();
    for (const { indicator, point } of changes) {
      const topic = seriesTopic(indicator, point.unit);
      const list = series.get(topic);
      if (list) list.push(point);
      else series.set(topic, [point]);
      if (provinces.codes.has(point.unit)) {
        const keys = latestCandidates.get(indicator) ?? new Set<string>();
        keys.add(pointKey(point));
        latestCandidates.set(indicator, keys);
      }
    }
    // Read before any topic is bumped: a store read in between (a round trip on PostgreSQL) would let
    // clients flush the series topics without the latest ones, into two batches an interval apart.
    const latest = await Promise.all(
      [...latestCandidates].map(async ([indicator, keys]) => {
        const units = [...new Set([...keys].map((k) => k.slice(0, k.indexOf('|'))))];
        // A changed point is in the delta only if it is now its province's latest point.
        return { indicator, delta: (await this.source.latest(indicator, units, provinces.minEnd)).filter((p) => keys.has(pointKey(p))) };
      }),
    );
    // One commit time for the whole batch, placed once (or chosen by the server that took it): its topics change in the same frame.
    const commitAt = given === undefined ? this.nextCommitTick() : given;
    for (const [topic, points] of series) this.bump(topic, points, commitAt);
    for (const { indicator, delta } of latest) if (delta.length > 0) this.bump(latestTopic(indicator), delta, commitAt);
  }

  /** True when a client has subscribed to the topic since the start (its changes are logged for resume). */
  watched(topic: Topic): boolean {
    return this.logs.has(topic);
  }

  /** @internal used by LiveClient */
  track(topic: Topic, client: LiveClient): void {
    let set = this.subscribers.get(topic);
    if (!set) this.subscribers.set(topic, (set = new Set()));
    set.add(client);
    if (!this.logs.has(topic)) this.logs.set(topic, []);
  }

  /** @internal used by LiveClient */
  untrack(topic: Topic, client: LiveClient): void {
    const set = this.subscribers.get(topic);
    set?.delete(client);
    if (set && set.size === 0) this.subscribers.delete(topic);
  }

  /** @internal used by LiveClient */
  forget(client: LiveClient): void {
    this.clients.delete(client);
  }

  private bump(topic: Topic, points: readonly Point[], commitAt: number | null): void {
    const version = this.version(topic) + 1;
    this.versions.set(topic, version);
    const log = this.logs.get(topic);
    if (log) {
      log.push({ version, points });
      if (log.length > this.logSize) log.splice(0, log.length - this.logSize);
    }
    // One commit time per version, computed once: every client sends the same one.
    if (commitAt !== null) this.commitAts.set(topic, Math.max(this.commitAts.get(topic) ?? 0, commitAt));
    const subs = this.subscribers.get(topic);
    if (subs) for (const client of subs) client.enqueue(topic, version, points);
  }

  private async read(topic: Topic): Promise<Point[]> {
    const parsed = parseTopic(topic);
    if (!parsed) return [];
    if (parsed.kind === 'series') return this.source.series(parsed.indicator, parsed.unit, SERIES_SNAPSHOT_POINTS);
    const provinces = this.currentProvinces();
    return this.source.latest(parsed.indicator, [...provinces.codes], provinces.minEnd);
  }
}
