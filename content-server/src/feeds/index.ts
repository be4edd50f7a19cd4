import { parseTopic } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { ApiKeys, User } from '../auth/index.js';
import type { Audit } from '../audit/index.js';
import type { Logger } from '../logger.js';
import { namedLogger } from '../logger.js';
import type { ChangedPoint, Store } from '../store/index.js';
import { loadCatalogWithEdits, type CatalogEdits } from './catalog-edits.js';
import { CatalogRegistry, type CatalogFiles } from './catalog.js';
import { IngestService, type IngestFault } from './ingest.js';
import { UnitKeys } from './provenance/unit-keys.js';
import { LiveDomain, type CurrentProvinces } from '../live/index.js';
import type { ClusterBus } from '../cluster/bus.js';
import { currentMapChanges, vintageSeries } from './series-query.js';
import { feedRoutes } from './routes.js';

export { CatalogRegistry, PROVINCE_REFORM } from './catalog.js';
export { CatalogEdits, loadCatalogWithEdits, type IndicatorVersion } from './catalog-edits.js';
export { catalogEditRoutes } from './catalog-routes.js';
export { provenanceRoutes } from './provenance/routes.js';
export type { UnitVintage, Level } from './catalog.js';
export { validateBatch, IngestService, type CommittedBatch, type IngestFault } from './ingest.js';
export { UnitKeys, parseEd25519PublicKey, type UnitKey } from './provenance/unit-keys.js';
export { SIGNER_HEADER, SIGNATURE_HEADER } from './provenance/signature.js';

const DAY_MS = 86_400_000;

interface FeedsOptions {
  store: Store;
  audit: Audit;
  log: Logger;
  files: CatalogFiles;
  fault?: IngestFault;
  /** Moves a data commit's wall time between the renderers' frame starts (the wall domain's). */
  alignCommit?: (t: number) => number;
  /** The other servers of the center (PostgreSQL): the bus and peer clocks. Absent: this server is alone. */
  peers?: { bus: ClusterBus; toLocal(t: number, origin: string): number } | null;
}

/**
 * The feeds domain: the catalog and ingest into the store. It sets up the live topics that carry
 * every committed change to the walls (`live/`): they read and derive in its catalog's current map.
 */
export class Feeds {
  readonly catalog: CatalogRegistry;
  readonly ingest: IngestService;
  /** The live topics every committed change goes out on, and their link to the other servers. */
  readonly live: LiveDomain;
  /** Versioned edits of the indicator catalog made through the API. */
  readonly edits: CatalogEdits;
  /** Public keys of reporting units, for signed submissions. */
  readonly unitKeys: UnitKeys;
  private readonly log: Logger;
  private provincesCache: { day: number; value: CurrentProvinces } | null = null;

  /** Loads the catalog with its stored edits (a store read), then sets the domain up. */
  static async open(opts: FeedsOptions): Promise<Feeds> {
    const log = namedLogger(opts.log, 'feeds:http');
    // The shipped catalog, then the latest API version of each edited or added indicator.
    const loaded = await loadCatalogWithEdits(opts.files, opts.store.sql, (v, problems) =>
      log.error({ indicator: v.indicator, version: v.version, problems }, 'stored catalog edit no longer fits the catalog; the shipped definition is used'),
    );
    return new Feeds(opts, loaded, log);
  }

  private constructor(opts: FeedsOptions, loaded: { catalog: CatalogRegistry; edits: CatalogEdits }, log: Logger) {
    this.log = log;
    ({ catalog: this.catalog, edits: this.edits } = loaded);
    this.live = new LiveDomain({
      source: {
        // A series topic answers in the current map, like GET /api/v1/series: a merged
        // province's periods before the reform are derived from its members (marked derived).
        series: async (indicator, unit, limit) => {
          const answer = await vintageSeries(this.catalog, opts.store, { indicator, unit, vintage: '2025', limit });
          return answer.ok ? answer.body.points : opts.store.observations.series(indicator, unit, { limit });
        },
        latest: (indicator, units, minEnd) => opts.store.observations.latest(indicator, units, minEnd),
      },
      currentProvinces: () => this.currentProvinces(),
      // What the walls see is the current map: a changed value of a merged province's member
      // before the reform changes the merged province's derived value of that period.
      topicChanges: (changes, watched) => currentMapChanges(changes, this.catalog, opts.store, watched),
      ...(opts.alignCommit ? { alignCommit: opts.alignCommit } : {}),
      peers: opts.peers ?? null,
      log: namedLogger(opts.log, 'feeds:live'),
    });
    this.ingest = new IngestService(opts.store, this.catalog, opts.audit, this.live.link, namedLogger(opts.log, 'feeds:ingest'), opts.fault ?? null);
    this.unitKeys = new UnitKeys(opts.store.sql);
  }

  /** The provinces valid today (recomputed once a day: the set changes only on a reform). */
  currentProvinces(now = Date.now()): CurrentProvinces {
    const day = Math.floor(now / DAY_MS);
    if (this.provincesCache?.day !== day) {
      const units = this.catalog.provincesOn(now);
      const minEnd = Math.min(...units.map((u) => u.from));
      this.provincesCache = { day, value: { codes: new Set(units.map((u) => u.code)), minEnd: Number.isFinite(minEnd) ? minEnd : 0 } };
    }
    return this.provincesCache.value;
  }

  /** Why a topic cannot be served (unknown indicator or unit), or null when it can. */
  topicProblem(topic: string): string | null {
    const t = parseTopic(topic);
    if (!t) return `"${topic}" is not a topic`;
    if (!this.catalog.indicator(t.indicator)) return `unknown indicator "${t.indicator}" in topic ${topic}`;
    if (t.kind === 'series' && this.catalog.vintages(t.unit).length === 0) return `unknown reporting unit "${t.unit}" in topic ${topic}`;
    return null;
  }

  routes(app: FastifyInstance, deps: { keys: ApiKeys; store: Store; sessionUser?: (token: string) => Promise<User | null> }): Promise<void> {
    return feedRoutes(app, { ...deps, ingest: this.ingest, catalog: this.catalog, unitKeys: this.unitKeys, log: this.log });
  }
}
