import { parsePeriod, type Indicator, type Label, type Point } from '@ioc/protocol';
import { PROVINCE_REFORM, type CatalogRegistry } from '../feeds/catalog.js';
import { vintageSeries } from '../feeds/series-query.js';
import type { Store } from '../store/index.js';
import { ruleInput, windowStart } from './context.js';
import { evaluateRules, RULES, type Finding } from './rules.js';

const REFORM = parsePeriod(PROVINCE_REFORM.firstNewDay)!.start;

/** The name of a unit during a period, in both languages (the nation is "Viet Nam" in English). */
export function unitName(catalog: CatalogRegistry, unit: string, period: string): Label {
  const p = parsePeriod(period);
  const v = (p && catalog.vintageDuring(unit, p.start, p.end)) ?? catalog.vintages(unit).at(-1);
  if (!v) return { vi: unit, en: unit };
  return { vi: v.name, en: v.kind === 'nation' ? v.nameAscii : v.name };
}

/**
 * Reads what the rules need for one point in one read: the history window and, for a flow, the
 * year so far. A period before 1 July 2025 is read in the map of the 63 provinces, a later one in
 * the map of the 34 (a merged province's earlier periods derived from its members), so that no
 * rule compares a merged province with the old province that had its code.
 */
export async function readWindow(catalog: CatalogRegistry, store: Store, ind: Indicator, unit: string, point: Point): Promise<Point[]> {
  if (ind.periodicity === 'instant') return store.observations.series(ind.id, unit, { toStart: point.t, limit: RULES.historyPeriods + 1 });
  const range = { fromStart: windowStart(ind, point.period, point.t), toStart: point.t };
  const end = parsePeriod(point.period)?.end ?? point.t;
  const answer = await vintageSeries(catalog, store, { indicator: ind.id, unit, vintage: end <= REFORM ? '2008' : '2025', ...range });
  return answer.ok ? answer.body.points : store.observations.series(ind.id, unit, range);
}

/** Every rule the point breaks, judged against its stored history. */
export async function evaluatePoint(catalog: CatalogRegistry, store: Store, ind: Indicator, unit: string, point: Point): Promise<Finding[]> {
  const points = await readWindow(catalog, store, ind, unit, point);
  const self = { period: point.period, t: point.t, value: point.value };
  // Any synthetic value the rule read makes the warning synthetic (the wall's demo watermark).
  const synthetic = point.synthetic || points.some((p) => p.synthetic);
  const estimate = point.estimate ?? false;
  return evaluateRules(ruleInput(ind, unit, unitName(catalog, unit, point.period), points, self)).map((f) => ({ ...f, synthetic, estimate }));
}
