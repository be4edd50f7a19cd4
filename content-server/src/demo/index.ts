import { parsePeriod, type ApiErrorBody, type Indicator } from '@ioc/protocol';
import type { CatalogRegistry } from '../feeds/index.js';
import { PROVINCE_REFORM } from '../feeds/index.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { DEMO_SEED, DemoGenerator, GENERATOR_VERSION, type DemoObservation, type DemoUnits } from './generator.js';
import { historyObservations, vnDay } from './history.js';
import { powerLoadObservation } from './live.js';
import { demoMapFeed } from './map-feed.js';

export { DemoGenerator, DEMO_SEED } from './generator.js';
export { historyObservations } from './history.js';
export { powerLoadAt } from './live.js';

/** Small batches keep each request short, so walls stay responsive while history is seeded. */
const BATCH = 250;
const META_KEY = 'demo.history';
const DAY_MS = 86_400_000;
/** Seconds of power_load posted at start, so the KPI sparkline is not empty. */
const BACKFILL_SECONDS = 300;
const SOURCE = 'demo';
/** How often a running demo posts the figures its sources have published since (a month's figure on its release day). */
const TOP_UP_MS = 10 * 60_000;

/** The units of the catalog as the generator needs them. */
export function demoUnits(catalog: CatalogRegistry): DemoUnits {
  const reformStart = (parsePeriod(PROVINCE_REFORM.firstNewDay) as { start: number }).start;
  const agencies = catalog.catalog.units.filter((u) => u.kind === 'agency').flatMap((u) => catalog.vintages(u.code));
  return {
    oldProvinces: catalog.provincesOn(reformStart - DAY_MS).map((u) => u.code),
    newProvinces: catalog.members,
    reformStart,
    agenciesDuring: (start, end) => agencies.filter((a) => a.from < end && start < a.to).map((a) => a.code),
  };
}

export function demoGenerator(catalog: CatalogRegistry, seed = DEMO_SEED): DemoGenerator {
  return new DemoGenerator(seed, demoUnits(catalog), new Map(catalog.catalog.indicators.map((i): [string, Indicator] => [i.id, i])));
}

export interface DemoFeedOptions {
  /** Base URL of this server over loopback. */
  baseUrl: string;
  /** Plaintext of the demo's ingest key (synthetic): the demo goes through the public API. */
  key: string;
  catalog: CatalogRegistry;
  store: Store;
  log: Logger;
  seed?: number;
  /** How to post (default: the global fetch); under TLS the server passes Fastify's inject. */
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<Response>;
}

/**
 * The demo feed: posts a deterministic history (2015 to what the sources have published by
 * now) once, then live readings every second and each figure on its release day, all through
 * `POST /api/v1/observations` like any outside source, and the day's incidents and flows through
 * `POST /api/v1/map-feed`, with a key flagged synthetic so that everything is stored as synthetic.
 */
export class DemoFeed {
  private readonly gen: DemoGenerator;
  private readonly seed: number;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private lastTopUp = Date.now();
  /** The Vietnam day whose incidents and flows were posted last. */
  private mapDay: string | null = null;
  /** Resolves when the history is in the store (or the feed stopped). */
  seeded: Promise<void> = Promise.resolve();

  constructor(private readonly opts: DemoFeedOptions) {
    this.seed = opts.seed ?? DEMO_SEED;
    this.gen = demoGenerator(opts.catalog, this.seed);
  }

  start(): void {
    const now = Date.now();
    const backfill: DemoObservation[] = [];
    for (let s = BACKFILL_SECONDS; s > 0; s--) backfill.push(powerLoadObservation(this.seed, now - s * 1000));
    void this.post(backfill).then(() => this.scheduleTick());
    void this.postMapFeed(now);
    this.seeded = this.seedHistory().catch((err: unknown) => {
      this.opts.log.error({ err }, 'demo history seeding failed');
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.seeded;
  }

  private async seedHistory(): Promise<void> {
    const { store, log, catalog } = this.opts;
    const started = Date.now();
    const meta = readMeta(await store.getMeta(META_KEY));
    const resume = meta && meta.seed === this.seed && meta.version === GENERATOR_VERSION;
    // Figures and estimates released (or turned final) since shortly before the last run.
    const since = resume ? meta.through - 2 * DAY_MS : undefined;
    if (!resume) {
      // An older demo history may hold figures of periods that have not ended: they go.
      const purged = await store.observations.purgeSyntheticUnfinished(started);
      if (purged > 0) log.info(`removed ${purged} synthetic figures of periods that have not ended yet`);
    }
    log.info(resume ? `demo history present (seed ${this.seed}); topping up periods since ${vnDay(meta.through)}` : `seeding demo history from 2015 (seed ${this.seed}); the wall works meanwhile`);
    const all = historyObservations(this.gen, catalog.catalog.indicators, demoUnits(catalog), { now: started, ...(since !== undefined && { since }) });
    let batch: DemoObservation[] = [];
    let posted = 0;
    for (const obs of all) {
      batch.push(obs);
      if (batch.length < BATCH) continue;
      if (this.stopped) return;
      await this.post(batch);
      posted += batch.length;
      batch = [];
      if ((posted / BATCH) % 25 === 0) log.info(`demo history: ${posted} observations posted`);
    }
    if (this.stopped) return;
    await this.post(batch);
    posted += batch.length;
    await store.setMeta(META_KEY, JSON.stringify({ seed: this.seed, version: GENERATOR_VERSION, through: started }));
    log.info({ observations: posted, ms: Date.now() - started }, 'demo history seeded');
  }

  private scheduleTick(): void {
    if (this.stopped) return;
    // Just after each full second, so that the reading of a second is posted once.
    this.timer = setTimeout(() => this.tick(), 1005 - (Date.now() % 1000));
  }

  private tick(): void {
    const now = Date.now();
    const batch = [powerLoadObservation(this.seed, now)];
    // A day's accident count exists once the day has ended (catalog: release), never a count so far.
    if (this.ticks++ % 10 === 0) {
      for (const id of ['traffic_accidents', 'traffic_deaths']) {
        const yesterday = vnDay(now - DAY_MS);
        const total = this.gen.value(id, 'VN', yesterday);
        if (total !== null) batch.push({ indicator: id, unit: 'VN', period: yesterday, value: total });
      }
    }
    void this.post(batch);
    if (now - this.lastTopUp >= TOP_UP_MS) void this.topUp(now);
    if (this.mapDay !== vnDay(now)) void this.postMapFeed(now);
    this.scheduleTick();
  }

  /** Posts what the sources published since the last top-up (a figure on its release day, an estimate when its window opens). */
  private async topUp(now: number): Promise<void> {
    const since = this.lastTopUp;
    this.lastTopUp = now;
    const all = [...historyObservations(this.gen, this.opts.catalog.catalog.indicators, demoUnits(this.opts.catalog), { now, since })];
    for (let i = 0; i < all.length && !this.stopped; i += BATCH) await this.post(all.slice(i, i + BATCH));
  }

  /** The day's synthetic incidents and flows, through the map feed API like any source. */
  private async postMapFeed(now: number): Promise<void> {
    const day = vnDay(now);
    this.mapDay = day;
    const provinces = [...demoUnits(this.opts.catalog).newProvinces.keys()];
    await this.send('/api/v1/map-feed', JSON.stringify(demoMapFeed(this.seed, provinces, day, now)));
  }

  private async post(observations: DemoObservation[]): Promise<void> {
    if (observations.length === 0) return;
    await this.send('/api/v1/observations', JSON.stringify({ observations: observations.map((o) => ({ ...o, source: SOURCE, synthetic: true })) }));
  }

  private async send(path: string, body: string): Promise<void> {
    if (this.stopped) return;
    try {
      const res = await (this.opts.fetch ?? fetch)(`${this.opts.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.key}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) {
        const answer = (await res.json().catch(() => null)) as ApiErrorBody | null;
        this.opts.log.error({ status: res.status, path, errors: answer?.errors.slice(0, 5) }, 'demo batch refused by the server');
      } else {
        await res.arrayBuffer();
      }
    } catch (err) {
      if (!this.stopped) this.opts.log.warn({ err, path }, 'demo batch could not be posted');
    }
  }

}

function readMeta(text: string | null): { seed: number; version: number; through: number } | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as { seed?: unknown; version?: unknown; through?: unknown };
    return typeof m.seed === 'number' && typeof m.version === 'number' && typeof m.through === 'number' ? { seed: m.seed, version: m.version, through: m.through } : null;
  } catch {
    // A damaged marker only means the history is posted again (re-posting is a no-op).
    return null;
  }
}
