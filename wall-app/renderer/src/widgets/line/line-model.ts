import { addPeriods, type ForecastPoint, type Language, type Point } from '@ioc/protocol';
import { formatNumber } from '../../format/format';
import { lineMessages } from './messages';

/** A forecast point placed on the chart's index axis (0 = first observed point shown). */
export interface PlacedForecastPoint extends ForecastPoint {
  index: number;
}

/** Longest gap searched between the last observed period and a forecast period. */
const MAX_STEPS = 120;

/**
 * Places the forecast after the observed points: each forecast period at its distance from the
 * last observed period (`2026-10` -> `2026-11` is one step). Points that are not after the last
 * observed period (a forecast computed on an older series) are dropped, so the continuation
 * never overlaps what was observed.
 */
export function placeForecast(points: readonly Point[], forecast: readonly ForecastPoint[]): PlacedForecastPoint[] {
  const last = points[points.length - 1];
  if (!last) return [];
  const steps = new Map<string, number>();
  for (let k = 1; k <= MAX_STEPS; k++) {
    const p = addPeriods(last.period, k);
    if (p === null) return [];
    steps.set(p, k);
  }
  const out: PlacedForecastPoint[] = [];
  for (const f of forecast) {
    const k = steps.get(f.period);
    if (k !== undefined) out.push({ ...f, index: points.length - 1 + k });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The plan target of `year` in the catalog's targets, or null. */
export function targetFor(targets: Readonly<Record<string, number>> | undefined, year: string): number | null {
  const v = targets?.[year];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Digits a number needs (4.5 -> 1, 100 -> 0), at most `max`. */
export function neededDecimals(value: number, max: number): number {
  for (let d = 0; d < max; d++) if (Number(value.toFixed(d)) === Number(value.toFixed(max))) return d;
  return max;
}

/** `Kế hoạch 2026: 4,5 %` / `Plan 2026: 4.5 %`. */
export function targetLabel(lang: Language, year: string, value: number, decimals: number, unitLabel: string): string {
  const num = formatNumber(value, lang, neededDecimals(value, decimals));
  return `${lineMessages[lang].line.plan} ${year}: ${num}${unitLabel ? ` ${unitLabel}` : ''}`;
}

/** `Dự báo (ETS A,N,A)` / `Forecast (ETS A,N,A)`. */
export function forecastLegend(lang: Language, modelKind: string): string {
  return `${lineMessages[lang].line.forecast} (ETS ${modelKind})`;
}

/** Low and high of everything the y axis must show: observed values, forecast 95% band, the target. */
export function valueRange(points: readonly Point[], forecast: readonly ForecastPoint[], target: number | null): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number) => {
    if (!Number.isFinite(v)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  for (const p of points) take(p.value);
  for (const f of forecast) {
    take(f.lo95);
    take(f.hi95);
  }
  if (target !== null) take(target);
  return lo <= hi ? [lo, hi] : null;
}

/** The forecast cache key: one forecast per series state (refetched when the latest point changes). */
export function forecastKey(indicator: string, unit: string, latest: Point | null): string | null {
  return latest ? `${indicator}|${unit}|${latest.period}|${latest.value}` : null;
}
