import { join } from 'node:path';
import type { Principal } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Audit } from '../audit/index.js';
import type { CatalogRegistry } from '../feeds/catalog.js';
import type { Store } from '../store/index.js';
import { loadGapminder, type GapminderData } from './international/gapminder.js';
import { Rankings } from './rankings/rankings.js';
import { analyticsRoutes } from './routes.js';
import { WhatIf } from './whatif/whatif.js';

export { ConfigFileError } from './config-file.js';
export { Rankings } from './rankings/rankings.js';
export { WhatIf } from './whatif/whatif.js';

export interface AnalyticsOptions {
  /** Holds `rankings.json` and `whatif-model.json` (the repository's `assets/catalog`). */
  catalogDir: string;
  catalog: CatalogRegistry;
  store: Store;
  audit: Audit;
  resolve(token: string | null): Promise<Principal | null>;
}

/**
 * The analytics domain: rankings of provinces and agencies on plan execution, the what-if
 * model, and Viet Nam among the world's countries. Its config files are checked at start: a
 * bad file stops the server with the file and the JSON path of each problem.
 */
export class AnalyticsDomain {
  readonly rankings: Rankings;
  readonly whatif: WhatIf;
  readonly gapminder: GapminderData;

  constructor(private readonly opts: AnalyticsOptions) {
    const deps = { catalog: opts.catalog, store: opts.store };
    this.rankings = Rankings.load(join(opts.catalogDir, 'rankings.json'), deps);
    this.whatif = WhatIf.load(join(opts.catalogDir, 'whatif-model.json'), deps);
    this.gapminder = loadGapminder();
  }

  routes(app: FastifyInstance): Promise<void> {
    const { catalog, audit, resolve } = this.opts;
    return analyticsRoutes(app, { rankings: this.rankings, whatif: this.whatif, gapminder: this.gapminder, catalog, audit, resolve });
  }
}
