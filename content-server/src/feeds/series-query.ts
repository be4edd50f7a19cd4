import { parsePeriod, seriesTopic, type ApiErrorBody, type Point, type SeriesResponse, type Topic, type Vintage } from '@ioc/protocol';
import type { ChangedPoint, Store } from '../store/index.js';
import { PROVINCE_REFORM, type CatalogRegistry } from './catalog.js';
import { rollUp } from './vintages.js';

const REFORM = parsePeriod(PROVINCE_REFORM.firstNewDay)!.start;
const endOf = (p: Point): number => parsePeriod(p.period)?.end ?? p.t;

export interface SeriesRequest {
  indicator: string;
  unit: string;
  vintage: Vintage;
  fromStart?: number;
  toStart?: number;
  limit?: number;
}

export type SeriesAnswer = { ok: true; body: SeriesResponse } | { ok: false; status: number; body: ApiErrorBody };

const notFound = (message: string): SeriesAnswer => ({ ok: false, status: 404, body: { errors: [{ index: null, field: 'unit', message }] } });

/**
 * A series in the administrative map the query asks for. In the current one (`2025`) a merged
 * province's periods before 1 July 2025 are derived from its members by the indicator's rule
 * and marked `derived`; in `2008` a province's series stops at 30 June 2025, since the 34's
 * values cannot be split back. A unit that does not exist in the asked map is refused with its
 * successor or members named. What is left out is said in `notes`.
 */
export async function vintageSeries(catalog: CatalogRegistry, store: Store, q: SeriesRequest): Promise<SeriesAnswer> {
  const vintages = catalog.vintages(q.unit);
  const range = { ...(q.fromStart !== undefined && { fromStart: q.fromStart }), ...(q.toStart !== undefined && { toStart: q.toStart }) };
  const province = vintages.some((v) => v.level === 'P');
  const notes: string[] = [];
  const finish = (points: Point[], extra: Partial<SeriesResponse> = {}): SeriesAnswer => {
    const limited = q.limit !== undefined ? points.slice(-q.limit) : points;
    return { ok: true, body: { indicator: q.indicator, unit: q.unit, vintage: q.vintage, points: limited, ...extra, ...(notes.length > 0 && { notes }) } };
  };

  if (q.vintage === '2008') {
    if (!vintages.some((v) => v.validFrom === null)) {
      return notFound(`unit ${q.unit} was created on ${PROVINCE_REFORM.firstNewDay}; it is not in vintage 2008 (it merges ${catalog.members.get(q.unit)?.join(', ') ?? 'other units'})`);
    }
    const stored = await store.observations.series(q.indicator, q.unit, range);
    if (!province) return finish(stored);
    const before = stored.filter((p) => endOf(p) <= REFORM);
    if (before.length < stored.length) notes.push(`values after ${PROVINCE_REFORM.lastOldDay} belong to the 34 provinces of 2025 and cannot be split back into the 63`);
    return finish(before);
  }

  if (!vintages.some((v) => v.validTo === null)) {
    const successor = catalog.successorOf(q.unit);
    const name = successor ? catalog.vintages(successor).find((v) => v.validTo === null)?.name : undefined;
    return notFound(`unit ${q.unit} ceased on ${PROVINCE_REFORM.lastOldDay}; in vintage 2025 it is part of ${successor ? `${successor} (${name})` : 'another unit'}; ask for vintage=2008 to see it`);
  }
  const members = catalog.members.get(q.unit);
  const stored = await store.observations.series(q.indicator, q.unit, range);
  // A province that kept its borders (one member, same code) has one series in both maps.
  if (!members || (members.length === 1 && members[0] === q.unit)) return finish(stored);

  const own = stored.filter((p) => endOf(p) > REFORM);
  const indicator = catalog.indicator(q.indicator)!;
  const rule = indicator.aggregation;
  const beforeRange = { ...range, toStart: Math.min(range.toStart ?? Number.MAX_SAFE_INTEGER, REFORM - 1) };
  const seriesOf = async (ind: string) =>
    new Map(await Promise.all(members.map(async (m) => [m, (await store.observations.series(ind, m, beforeRange)).filter((p) => endOf(p) <= REFORM)] as const)));
  const rolled = rollUp(rule, q.unit, members, await seriesOf(q.indicator), rule.rule === 'weighted_mean' ? await seriesOf(rule.weight) : null);
  if (rule.rule === 'none') {
    notes.push(`${q.indicator} is not derived for ${q.unit} before ${PROVINCE_REFORM.firstNewDay}: its aggregation rule is none (its members' values cannot simply be combined); ask for vintage=2008 and units ${members.join(', ')}`);
  }
  if (rolled.incomplete.length > 0) {
    const shown = rolled.incomplete.slice(0, 6).join(', ') + (rolled.incomplete.length > 6 ? ', ...' : '');
    notes.push(`no derived value for ${rolled.incomplete.length} period(s) (${shown}): a member unit${rule.rule === 'weighted_mean' ? ' or its weight' : ''} has no value`);
  }
  return finish([...rolled.points, ...own].sort((a, b) => a.t - b.t), { derivedFrom: [...members] });
}

/** The 2025 unit a pre-reform unit was merged into, when that is not the same unit unchanged. */
function mergedInto(catalog: CatalogRegistry, unit: string): string | null {
  const code = catalog.successorOf(unit);
  if (code === undefined) return null;
  return code === unit && catalog.members.get(code)?.length === 1 ? null : code;
}

/**
 * Changes of a committed batch as the live topics (the current map) see them. A value of a
 * pre-reform member of a merged province changes that province's derived value of the period:
 * the derived point is added (recomputed only for topics someone watches; an unwatched topic
 * reads fresh when first asked). When the merged province kept the member's code, the member's
 * own value is not sent on that code's topic, which shows the derived series.
 */
export async function currentMapChanges(changes: readonly ChangedPoint[], catalog: CatalogRegistry, store: Store, watched: (topic: Topic) => boolean): Promise<ChangedPoint[]> {
  const out: ChangedPoint[] = [];
  const done = new Set<string>();
  for (const c of changes) {
    const { indicator, point } = c;
    const merged = endOf(point) <= REFORM ? mergedInto(catalog, point.unit) : null;
    if (!merged) {
      out.push(c);
      continue;
    }
    if (merged !== point.unit) out.push(c);
    const key = `${indicator}|${merged}|${point.period}`;
    if (done.has(key) || !watched(seriesTopic(indicator, merged))) continue;
    done.add(key);
    const answer = await vintageSeries(catalog, store, { indicator, unit: merged, vintage: '2025', fromStart: point.t, toStart: point.t });
    if (answer.ok) for (const p of answer.body.points) out.push({ indicator, point: p });
  }
  return out;
}

