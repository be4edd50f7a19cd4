import { VN_OFFSET_MINUTES, estimateFrom, parsePeriod, publishedFrom, releaseStage, type Indicator, type ParsedPeriod } from '@ioc/protocol';
import type { DemoGenerator, DemoObservation, DemoUnits } from './generator.js';

const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
/** First year of the demo history. */
export const HISTORY_FROM_YEAR = 2015;

const pad = (n: number) => String(n).padStart(2, '0');

/** Vietnam civil date of an instant: year, month (1-12), day. */
export function vnDate(ms: number): { y: number; m: number; d: number } {
  const d = new Date(ms + OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

/** `YYYY-MM-DD` of the Vietnam day containing `ms`. */
export function vnDay(ms: number): string {
  const { y, m, d } = vnDate(ms);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Periods of one periodicity from 2015 to now: months, quarters and years up to the current
 * one (started periods only), days up to yesterday (today is fed live).
 */
export function historyPeriods(periodicity: Indicator['periodicity'], now: number): ParsedPeriod[] {
  const { y, m } = vnDate(now);
  const names: string[] = [];
  for (let year = HISTORY_FROM_YEAR; year <= y; year++) {
    if (periodicity === 'year') names.push(String(year));
    for (let q = 1; q <= 4 && periodicity === 'quarter'; q++) if (year < y || (q - 1) * 3 + 1 <= m) names.push(`${year}-Q${q}`);
    for (let mo = 1; mo <= 12 && periodicity === 'month'; mo++) if (year < y || mo <= m) names.push(`${year}-${pad(mo)}`);
  }
  if (periodicity === 'day') {
    const today = parsePeriod(vnDay(now));
    for (let t = (parsePeriod(`${HISTORY_FROM_YEAR}-01-01`) as ParsedPeriod).start; today && t < today.start; t += 86_400_000) names.push(vnDay(t));
  }
  return names.map((n) => parsePeriod(n) as ParsedPeriod);
}

/** Units that report an indicator in a period: the nation, the provinces of that vintage, agencies. */
export function unitsFor(ind: Indicator, p: ParsedPeriod, units: DemoUnits): string[] {
  // Daily figures are national only: ten years of days for every province would be
  // 300,000 points per indicator for little to show.
  if (p.kind === 'day') return ind.levels.includes('N') ? ['VN'] : [];
  const out: string[] = [];
  if (ind.levels.includes('N')) out.push('VN');
  if (ind.levels.includes('P')) out.push(...(p.end > units.reformStart ? [...units.newProvinces.keys()] : units.oldProvinces));
  if (ind.levels.includes('M')) out.push(...units.agenciesDuring(p.start, p.end));
  return out;
}

/** Periods of each indicator posted first, so that every KPI has its current figures early. */
const RECENT_PERIODS = 2;

/**
 * When the figure of a period first became public (its estimate, if the source publishes one,
 * else the figure itself): what the demo's top-up compares with the time of its last run.
 */
function firstPublished(ind: Indicator, p: ParsedPeriod): number {
  return estimateFrom(p, ind.release) ?? publishedFrom(p, ind.release);
}

/**
 * Every observation the demo's sources have published by `now`, following the catalog's release
 * calendar: a period's figure only once it has ended and its lag has passed, an estimate of an
 * unfinished period only inside the window the catalog allows (marked `estimate`). First the
 * latest periods of every indicator (a wall connecting during the seeding shows current figures
 * at once), then each indicator's older history in turn: grouping by indicator keeps each batch's writes in few pages of the
 * store, which makes seeding several times faster than interleaving all series.
 * With `since`, only periods whose figure or estimate was published (or changed stage) after it.
 */
export function* historyObservations(
  gen: DemoGenerator,
  indicators: readonly Indicator[],
  units: DemoUnits,
  opts: { now: number; since?: number },
): Generator<DemoObservation> {
  const recent: Array<{ ind: Indicator; p: ParsedPeriod }> = [];
  const older: Array<{ ind: Indicator; p: ParsedPeriod }> = [];
  for (const ind of indicators) {
    if (ind.periodicity === 'instant') continue;
    const periods = historyPeriods(ind.periodicity, opts.now).filter(
      (p) => releaseStage(p, ind.release, opts.now) !== 'none' && (opts.since === undefined || firstPublished(ind, p) > opts.since || publishedFrom(p, ind.release) > opts.since),
    );
    periods.forEach((p, i) => (i >= periods.length - RECENT_PERIODS ? recent : older).push({ ind, p }));
  }
  recent.sort((a, b) => b.p.start - a.p.start);
  older.reverse();
  for (const { ind, p } of [...recent, ...older]) {
    const estimate = releaseStage(p, ind.release, opts.now) === 'estimate';
    for (const unit of unitsFor(ind, p, units)) {
      const value = gen.value(ind.id, unit, p.canonical);
      if (value !== null) yield { indicator: ind.id, unit, period: p.canonical, value, ...(estimate && { estimate }) };
    }
  }
}
