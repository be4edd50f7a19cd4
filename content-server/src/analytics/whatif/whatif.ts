import { WhatIfModelSchema, formatVnTimestamp, type ApiErrorItem, type Point, type WhatIfModel, type WhatIfResponse } from '@ioc/protocol';
import type { CatalogRegistry } from '../../feeds/catalog.js';
import type { Store } from '../../store/index.js';
import { readConfigFile, type ConfigProblem } from '../config-file.js';
import { scenarioProblems, simulate, type SimulationContext } from './simulate.js';

export interface WhatIfDeps {
  catalog: CatalogRegistry;
  store: Store;
}

/** References of the model that the schema cannot check: drivers named by terms, indicators of the catalog. */
export function modelProblems(model: WhatIfModel, catalog: CatalogRegistry): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const nationalIndicator = (id: string, path: string) => {
    const ind = catalog.indicator(id);
    if (!ind) problems.push({ path, message: `unknown indicator "${id}"` });
    else if (!ind.levels.includes('N')) problems.push({ path, message: `${id} has no national value (levels ${ind.levels.join(', ')})` });
  };
  const ids = new Set<string>();
  model.drivers.forEach((d, i) => {
    if (ids.has(d.id)) problems.push({ path: `drivers.${i}.id`, message: `duplicate driver "${d.id}"` });
    ids.add(d.id);
    const base = d.baseline.source === 'fixed' ? d.baseline.value : d.baseline.fallback;
    if (base < d.min || base > d.max) problems.push({ path: `drivers.${i}.baseline`, message: `the baseline ${base} lies outside the range [${d.min}, ${d.max}]` });
    if (d.baseline.source === 'indicator') nationalIndicator(d.baseline.indicator, `drivers.${i}.baseline.indicator`);
  });
  const outputs = new Set<string>();
  model.outputs.forEach((o, i) => {
    if (outputs.has(o.indicator)) problems.push({ path: `outputs.${i}.indicator`, message: `${o.indicator} is an output twice` });
    outputs.add(o.indicator);
    if (!catalog.indicator(o.indicator)) problems.push({ path: `outputs.${i}.indicator`, message: `unknown indicator "${o.indicator}"` });
    if (o.baseline.source === 'indicator') nationalIndicator(o.baseline.indicator, `outputs.${i}.baseline.indicator`);
    const seen = new Set<string>();
    o.terms.forEach((t, j) => {
      if (!ids.has(t.driver)) problems.push({ path: `outputs.${i}.terms.${j}.driver`, message: `unknown driver "${t.driver}"; the drivers are ${[...ids].join(', ')}` });
      if (seen.has(t.driver)) problems.push({ path: `outputs.${i}.terms.${j}.driver`, message: `${t.driver} has two terms in this output` });
      seen.add(t.driver);
    });
  });
  return problems;
}

/**
 * The what-if model of `whatif-model.json`: drivers a leader moves, outputs recomputed by
 * linear terms. Baselines are read from the store at each run; results are never stored.
 */
export class WhatIf {
  constructor(
    readonly model: WhatIfModel,
    private readonly deps: WhatIfDeps,
  ) {}

  /** Reads and checks the model; throws a ConfigFileError naming the file and each path. */
  static load(file: string, deps: WhatIfDeps): WhatIf {
    return new WhatIf(readConfigFile(file, WhatIfModelSchema, (m) => modelProblems(m, deps.catalog)), deps);
  }

  problems(values: Readonly<Record<string, number>>): ApiErrorItem[] {
    return scenarioProblems(this.model, values);
  }

  async run(values: Readonly<Record<string, number>>, now = Date.now()): Promise<WhatIfResponse> {
    const { catalog, store } = this.deps;
    // The simulation itself is synchronous: the stored baselines it may ask for are read first.
    const lastOf = new Map<string, Point | undefined>();
    for (const { baseline: b } of [...this.model.drivers, ...this.model.outputs]) {
      if (b.source !== 'fixed' && !lastOf.has(b.indicator)) lastOf.set(b.indicator, (await store.observations.series(b.indicator, 'VN', { limit: 1 })).at(-1));
    }
    const ctx: SimulationContext = {
      baselineOf: (b) => {
        if (b.source === 'fixed') return { value: b.value, source: 'fixed' };
        const last = lastOf.get(b.indicator);
        return last ? { value: last.value, source: 'indicator', indicator: b.indicator, period: last.period, synthetic: last.synthetic } : { value: b.fallback, source: 'fallback', indicator: b.indicator };
      },
      indicatorLabels: (id) => {
        const ind = catalog.indicator(id)!;
        return { name: ind.name, unitLabel: ind.unitLabel };
      },
      now,
      formatTime: (ms) => formatVnTimestamp(ms, true),
    };
    return simulate(this.model, values, ctx);
  }
}
