import { MapFeedBodySchema, issuesToErrors, parsePeriod, type ApiErrorItem, type MapFeed } from '@ioc/protocol';
import type { ApiKey } from '../auth/index.js';
import type { Audit } from '../audit/index.js';
import type { ClusterBus } from '../cluster/bus.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { MapFeedRepo, type StoredMapItem } from './map-feed-repo.js';

export { mapFeedRoutes } from './routes.js';
export { registerMapFeedSockets } from './sockets.js';

/** How far in the future an incident may be dated (a sender's clock skew). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface MapFeedDeps {
  store: Store;
  audit: Audit;
  /** Codes of the provinces valid now (the 34 from 1 July 2025). */
  provinces: () => ReadonlySet<string>;
  log: Logger;
  now?: () => number;
  /** The bus to the center's other servers: what is posted to one reaches the walls of all. Absent: alone. */
  bus?: ClusterBus | null;
}

/** The bus channel on which a server says that the map feed changed (the others read it again from the store). */
export const MAP_FEED_CHANNEL = 'mapfeed.changed';

export type MapFeedOutcome = { status: 200; body: { incidents: number; flows: number } } | { status: 400 | 403 | 413 | 415 | 422; body: { errors: ApiErrorItem[] } };

/**
 * The map feed: incidents and flows posted by sources with an ingest key (the demo is one), kept
 * with their provenance and audited like observations, and pushed to every wall as `map:feed`.
 * The map's events and flows layers draw this and nothing else: with no source, nothing.
 */
export class MapFeedDomain {
  readonly repo: MapFeedRepo;
  private readonly listeners = new Set<(feed: MapFeed) => void>();
  private readonly now: () => number;
  /** The change being sent to the listeners: the next one waits, so the last sent is the newest state. */
  private emitting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MapFeedDeps) {
    this.repo = new MapFeedRepo(deps.store.sql);
    this.now = deps.now ?? Date.now;
    const bus = deps.bus;
    bus?.subscribe(MAP_FEED_CHANNEL, (m) => {
      if (m.origin !== bus.serverId) void this.emit();
    });
  }

  onChange(listener: (feed: MapFeed) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the map draws now. */
  current(): Promise<MapFeed> {
    return this.repo.active(this.now());
  }

  /**
   * Sends what the map draws now (a wall that just joined), in turn with the changes sent to
   * every wall, so that it never gets an older state after a newer one. A failed read is logged;
   * the wall gets the next change.
   */
  sendCurrent(send: (feed: MapFeed) => void): void {
    const sent = this.emitting.then(async () => send(await this.current()));
    this.emitting = sent.catch((err: unknown) => this.deps.log.error({ err }, 'reading the map feed for a joining wall failed'));
  }

  /** Validates (400 shape, 422 meaning), stores in one transaction, audits, then tells the walls. */
  async post(body: unknown, key: ApiKey): Promise<MapFeedOutcome> {
    const shape = MapFeedBodySchema.safeParse(body);
    if (!shape.success) return this.refuse(key, 400, issuesToErrors(shape.error.issues));
    const now = this.now();
    const provinces = this.deps.provinces();
    const errors: ApiErrorItem[] = [];
    const items: StoredMapItem[] = [];
    const province = (index: number, field: string, code: string) => {
      if (!provinces.has(code)) errors.push({ index, field, message: `"${code}" is not a province code of today's map (the 34 provinces from 1 July 2025)` });
    };
    const times = (index: number, prefix: string, occurred: string, ends: string | undefined) => {
      const occurredAt = parsePeriod(occurred)!.start;
      const endsAt = ends === undefined ? null : parsePeriod(ends)!.start;
      if (occurredAt > now + FUTURE_TOLERANCE_MS) errors.push({ index, field: `${prefix}.occurredAt`, message: `${occurred} is in the future` });
      if (endsAt !== null && endsAt <= occurredAt) errors.push({ index, field: `${prefix}.endsAt`, message: 'endsAt must be after occurredAt' });
      return { occurredAt, endsAt };
    };
    shape.data.incidents.forEach((item, index) => {
      province(index, 'incidents.province', item.province);
      items.push({ kind: 'incident', item, ...times(index, 'incidents', item.occurredAt, item.endsAt), synthetic: key.synthetic || (item.synthetic ?? false) });
    });
    shape.data.flows.forEach((item, index) => {
      province(index, 'flows.from', item.from);
      province(index, 'flows.to', item.to);
      if (item.from === item.to) errors.push({ index, field: 'flows.to', message: 'a flow goes from one province to another' });
      items.push({ kind: 'flow', item, ...times(index, 'flows', item.occurredAt, item.endsAt), synthetic: key.synthetic || (item.synthetic ?? false) });
    });
    if (errors.length > 0) return this.refuse(key, 422, errors);
    const receivedAt = now;
    const counts = { incidents: shape.data.incidents.length, flows: shape.data.flows.length };
    await this.deps.store.sql.begin(async (tx) => {
      await this.repo.write(items, key, receivedAt, tx);
      await this.deps.audit.write({ actor: `key:${key.name}`, action: 'mapfeed.post', target: `incidents:${counts.incidents},flows:${counts.flows}`, detail: { status: 200, ...counts, synthetic: items.some((i) => i.synthetic) }, ok: true }, tx);
    });
    await this.emit();
    await this.deps.bus?.publish(MAP_FEED_CHANNEL, {}).catch((err: unknown) => this.deps.log.warn({ err }, 'could not tell the other servers of a map feed change; their walls get it when they join again'));
    return { status: 200, body: counts };
  }

  /** Records a refused request of a known key. */
  async refuse(key: ApiKey, status: 400 | 403 | 413 | 415 | 422, errors: ApiErrorItem[]): Promise<MapFeedOutcome> {
    await this.deps.audit.write({ actor: `key:${key.name}`, action: 'mapfeed.post', target: null, detail: { status, errorCount: errors.length, errors: errors.slice(0, 10) }, ok: false });
    return { status, body: { errors } };
  }

  private emit(): Promise<void> {
    const sent = this.emitting.then(async () => {
      const feed = await this.current();
      for (const listener of this.listeners) {
        try {
          listener(feed);
        } catch (err) {
          this.deps.log.error({ err }, 'a map feed listener failed');
        }
      }
    });
    // The post is committed: a failed read for the walls is logged, not answered as an error.
    this.emitting = sent.catch((err: unknown) => this.deps.log.error({ err }, 'reading the map feed after a change failed'));
    return this.emitting;
  }
}
