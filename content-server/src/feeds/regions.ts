import { parsePeriod, type ApiErrorBody, type Point, type SeriesResponse } from '@ioc/protocol';
import type { Store } from '../store/index.js';
import { PROVINCE_REFORM, type CatalogRegistry, type Region } from './catalog.js';
import { rollUp } from './vintages.js';

const REFORM = parsePeriod(PROVINCE_REFORM.firstNewDay)!.start;
const endOf = (p: Point): number => parsePeriod(p.period)?.end ?? p.t;

export interface RegionSeriesRequest {
  indicator: string;
  region: string;
  fromStart?: number;
  toStart?: number;
  limit?: number;
}

export type RegionSeriesAnswer = { ok: true; body: SeriesResponse & { region: { id: string; name: { vi: string; en: string } } } } | { ok: false; status: number; body: ApiErrorBody };

/** The 2025 provinces whose members lie in more than one region (why regions stop at the reform). */
export function provincesAcrossRegions(catalog: CatalogRegistry): string[] {
  const regionOf = new Map<string, string>();
  for (const r of catalog.regions) for (const m of r.members) regionOf.set(m, r.id);
  return [...catalog.members].filter(([, ms]) => new Set(ms.map((m) => regionOf.get(m))).size > 1).map(([code]) => code);
}

/**
 * A region's series, derived from its provinces by the indicator's aggregation rule, period by
 * period, only where every member has a value (marked `derived`). Regions are defined over the
 * 63 provinces: from 1 July 2025 seven of the 34 provinces straddle two regions, so regional
 * figures stop at 30 June 2025 and the answer says so.
 */
export async function regionSeries(catalog: CatalogRegistry, store: Store, q: RegionSeriesRequest): Promise<RegionSeriesAnswer> {
  const region = catalog.regions.find((r) => r.id === q.region);
  if (!region) return { ok: false, status: 404, body: { errors: [{ index: null, field: 'region', message: `unknown region "${q.region}"; expected one of ${catalog.regions.map((r) => r.id).join(', ')}` }] } };
  const indicator = catalog.indicator(q.indicator);
  if (!indicator) return { ok: false, status: 404, body: { errors: [{ index: null, field: 'indicator', message: `unknown indicator "${q.indicator}"` }] } };
  if (!indicator.levels.includes('P')) {
    return { ok: false, status: 422, body: { errors: [{ index: null, field: 'indicator', message: `${indicator.id} is not reported per province, so it has no regional figure` }] } };
  }
  const notes: string[] = [];
  const range = { ...(q.fromStart !== undefined && { fromStart: q.fromStart }), toStart: Math.min(q.toStart ?? Number.MAX_SAFE_INTEGER, REFORM - 1) };
  const seriesOf = async (ind: string) =>
    new Map(await Promise.all(region.members.map(async (m) => [m, (await store.observations.series(ind, m, range)).filter((p) => endOf(p) <= REFORM)] as const)));
  const rule = indicator.aggregation;
  const rolled = rollUp(rule, region.id, region.members, await seriesOf(indicator.id), rule.rule === 'weighted_mean' ? await seriesOf(rule.weight) : null);
  if (rule.rule === 'none') notes.push(`${indicator.id} has no regional figure: its aggregation rule is none (its provinces' values cannot simply be combined)`);
  if (rolled.incomplete.length > 0) {
    const shown = rolled.incomplete.slice(0, 6).join(', ') + (rolled.incomplete.length > 6 ? ', ...' : '');
    notes.push(`no regional value for ${rolled.incomplete.length} period(s) (${shown}): a province${rule.rule === 'weighted_mean' ? ' or its weight' : ''} has no value`);
  }
  const across = provincesAcrossRegions(catalog);
  notes.push(`regions are defined over the 63 provinces; from ${PROVINCE_REFORM.firstNewDay} provinces ${across.join(', ')} straddle two regions, so regional figures stop at ${PROVINCE_REFORM.lastOldDay}`);
  const points = q.limit !== undefined ? rolled.points.slice(-q.limit) : rolled.points;
  return {
    ok: true,
    body: { indicator: indicator.id, unit: region.id, vintage: '2008', points, derivedFrom: [...region.members], notes, region: { id: region.id, name: region.name } },
  };
}

/** The regions as served: id, names, and member provinces with their names. */
export function regionList(catalog: CatalogRegistry): Array<Region & { provinces: Array<{ code: string; name: string }> }> {
  return catalog.regions.map((r) => ({
    ...r,
    provinces: r.members.map((code) => ({ code, name: catalog.vintages(code).find((v) => v.validFrom === null)?.name ?? code })),
  }));
}
