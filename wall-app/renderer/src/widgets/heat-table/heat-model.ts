import type { Language, Point } from '@ioc/protocol';
import { interpolateLab, piecewise, rgb } from 'd3';
import { formatNumber, formatPeriodShort } from '../../format/format';
import type { TopicState } from '../../live/topic-store';
import type { IndicatorView } from '../../state/catalog-index';
import { textPx, TYPE } from '../../typography';

/** One indicator column: its name, unit, the period shown and the range its colours span. */
export interface HeatColumn {
  indicator: string;
  name: string;
  unitLabel: string;
  /** The most recent period in the column, short (`T10/2026`), or null with no value. */
  period: string | null;
  higherIsBetter: boolean | null;
  min: number | null;
  max: number | null;
}

export interface HeatCell {
  value: number | null;
  /** Formatted for the language, `—` without a value. */
  text: string;
  /** 0 (worst of the column) .. 1 (best), null without a value. */
  shade: number | null;
  /** The cell's point is of an older period than the column's. */
  older: boolean;
}

export interface HeatRow {
  unit: string;
  name: string;
  cells: HeatCell[];
}

export interface HeatTableModel {
  columns: HeatColumn[];
  /** Every province with a value in some column, best first on the sort column. */
  rows: HeatRow[];
  /** The column the rows are sorted by. */
  sortIndex: number;
  synthetic: boolean;
}

/** The newest point of each unit (a latest topic may hold two periods of a unit after a delta). */
export function latestByUnit(points: readonly Point[]): Map<string, Point> {
  const out = new Map<string, Point>();
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const held = out.get(p.unit);
    if (!held || p.t > held.t) out.set(p.unit, p);
  }
  return out;
}

/**
 * Where `value` lies on its column's scale, 0 worst .. 1 best, by rank among the column's
 * `values` (so one very large province, such as Hồ Chí Minh City's retail sales, does not
 * flatten the colours of all the others): the share of the other values it beats, ties counted
 * half. Higher is better unless the indicator says lower is (`higherIsBetter === false`, e.g.
 * inflation). A column of one value sits in the middle.
 */
export function shadeOf(value: number, values: readonly number[], higherIsBetter: boolean | null): number {
  if (values.length <= 1) return 0.5;
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < value) below++;
    else if (v === value) equal++;
  }
  const t = (below + Math.max(0, equal - 1) / 2) / (values.length - 1);
  const clamped = Math.min(1, Math.max(0, t));
  return higherIsBetter === false ? 1 - clamped : clamped;
}

/** Lab interpolators of the ramps seen so far, built once per ramp. */
const rampInterpolators = new WeakMap<readonly string[], (t: number) => string>();

/** The theme's sequential ramp at `t` (0 first colour .. 1 last), interpolated in Lab, as `#rrggbb`. */
export function rampColor(ramp: readonly string[], t: number): string {
  if (ramp.length === 0) return '#808080';
  if (ramp.length === 1) return rgb(ramp[0]!).formatHex();
  let interpolate = rampInterpolators.get(ramp);
  if (!interpolate) {
    interpolate = piecewise(interpolateLab, [...ramp]);
    rampInterpolators.set(ramp, interpolate);
  }
  const clamped = Math.min(1, Math.max(0, t));
  return rgb(interpolate(clamped)).formatHex();
}

/** WCAG relative luminance of a CSS colour. */
export function luminance(color: string): number {
  const c = rgb(color);
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG contrast ratio of two colours (1 .. 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Pure black and white: one of the two contrasts at least 4.58:1 with any colour (WCAG AA).
export const DARK_INK = '#000000';
export const LIGHT_INK = '#ffffff';

/** Text colour for a cell: dark text on light cells, white on dark ones, whichever contrasts more. */
export function inkOn(fill: string): string {
  return contrast(fill, DARK_INK) >= contrast(fill, LIGHT_INK) ? DARK_INK : LIGHT_INK;
}

export interface HeatInput {
  states: readonly TopicState[];
  views: readonly IndicatorView[];
  /** Index into `views` of the sort column. */
  sortIndex: number;
  /** Whether a unit code is a current province (the 34 since 1 July 2025); others are left out. */
  isProvince: (code: string) => boolean;
  nameOf: (code: string) => string;
  lang: Language;
}

/** The heat table: one row per current province, one column per indicator, best first on the sort column. */
export function heatTable({ states, views, sortIndex, isProvince, nameOf, lang }: HeatInput): HeatTableModel {
  const latest = views.map((_, i) => latestByUnit((states[i]?.points ?? []).filter((p) => p.unit !== 'VN' && isProvince(p.unit))));
  let synthetic = false;
  const columnValues = latest.map((m) => [...m.values()].map((p) => p.value));
  const newest = latest.map((m) => [...m.values()].reduce<Point | null>((a, p) => (!a || p.t > a.t ? p : a), null));
  const columns: HeatColumn[] = views.map((ind, i) => {
    const pts = [...latest[i]!.values()];
    const values = columnValues[i]!;
    const last = newest[i] ?? null;
    if (pts.some((p) => p.synthetic)) synthetic = true;
    return {
      indicator: ind.id,
      name: ind.name,
      unitLabel: ind.unitLabel,
      period: last ? formatPeriodShort(last.period, lang) : null,
      higherIsBetter: ind.higherIsBetter,
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
    };
  });
  const units = new Set<string>();
  for (const m of latest) for (const u of m.keys()) units.add(u);
  const rows: HeatRow[] = [...units].map((unit) => ({
    unit,
    name: nameOf(unit),
    cells: views.map((ind, i) => {
      const p = latest[i]!.get(unit);
      const col = columns[i]!;
      if (!p) return { value: null, text: '—', shade: null, older: false };
      return { value: p.value, text: formatNumber(p.value, lang, ind.decimals), shade: shadeOf(p.value, columnValues[i]!, col.higherIsBetter), older: p.t < newest[i]!.t };
    }),
  }));
  const collator = new Intl.Collator('vi');
  rows.sort((a, b) => {
    const sa = a.cells[sortIndex]?.shade ?? null;
    const sb = b.cells[sortIndex]?.shade ?? null;
    if (sa === null || sb === null) return sa === sb ? collator.compare(a.name, b.name) : sa === null ? 1 : -1;
    // By value, best first (shade carries the direction); ties by name so the order does not flicker.
    const va = a.cells[sortIndex]!.value!;
    const vb = b.cells[sortIndex]!.value!;
    const better = columns[sortIndex]!.higherIsBetter === false ? va - vb : vb - va;
    return better || collator.compare(a.name, b.name);
  });
  return { columns, rows, sortIndex, synthetic };
}

/** Row geometry: the smallest text is 18 px, so a row is at least this tall. */
export const MIN_ROW_H = 27;
const MAX_ROW_H = 60;

export interface RowFit {
  /** Rows drawn (the best ones). */
  shown: number;
  /** Rows that did not fit (the "+N" note). */
  hidden: number;
  rowHeight: number;
  /** Text size in the rows, px: 18 .. 26. */
  fontSize: number;
}

/**
 * How many of `total` rows fit in `height` px: all of them when each can be at least
 * MIN_ROW_H tall, otherwise the best that fit.
 */
export function fitRows(total: number, height: number): RowFit {
  if (total <= 0) return { shown: 0, hidden: 0, rowHeight: MIN_ROW_H, fontSize: TYPE.min };
  const shown = Math.floor(height / total) < MIN_ROW_H ? Math.max(1, Math.floor(height / MIN_ROW_H)) : total;
  const rowHeight = Math.max(MIN_ROW_H, Math.min(MAX_ROW_H, Math.floor(height / shown)));
  const fontSize = textPx(Math.min(26, Math.floor(rowHeight * 0.62)));
  return { shown, hidden: total - shown, rowHeight, fontSize };
}
