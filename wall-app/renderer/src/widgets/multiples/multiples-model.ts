import type { Point } from '@ioc/protocol';
import { scaleLinear } from 'd3';

export interface GridShape {
  cols: number;
  rows: number;
}

/** Cells look best about this wide for their height (a small line chart). */
export const CELL_ASPECT = 1.7;

/**
 * Columns and rows for `count` small charts in a `width` x `height` box: the shape whose cells
 * come closest to CELL_ASPECT, with the fewest empty cells on a tie.
 */
export function gridShape(count: number, width: number, height: number): GridShape {
  let best: GridShape = { cols: 1, rows: Math.max(1, count) };
  let bestScore = Infinity;
  for (let cols = 1; cols <= Math.max(1, count); cols++) {
    const rows = Math.ceil(count / cols);
    const aspect = width / cols / (height / rows);
    const score = Math.abs(Math.log(aspect / CELL_ASPECT)) + (cols * rows - count) * 0.01;
    if (score < bestScore) {
      bestScore = score;
      best = { cols, rows };
    }
  }
  return best;
}

export interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
  col: number;
  row: number;
}

/** The i-th cell (row by row) of `shape` in a `width` x `height` box, `gapX` between columns, `gapY` between rows. */
export function cellAt(i: number, shape: GridShape, width: number, height: number, gapX: number, gapY: number): Cell {
  const col = i % shape.cols;
  const row = Math.floor(i / shape.cols);
  const w = (width - gapX * (shape.cols - 1)) / shape.cols;
  const h = (height - gapY * (shape.rows - 1)) / shape.rows;
  return { x: col * (w + gapX), y: row * (h + gapY), width: w, height: h, col, row };
}

/**
 * The y domain shared by every small chart: all units' values, padded and rounded to nice
 * ticks, from zero when every value is positive and zero is near (so heights compare fairly).
 */
export function commonDomain(series: ReadonlyArray<readonly Point[]>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series)
    for (const p of s) {
      if (!Number.isFinite(p.value)) continue;
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
  if (lo > hi) return [0, 1];
  if (lo >= 0 && lo < hi * 0.5) lo = 0;
  const span = hi - lo || Math.abs(hi) || 1;
  const d = scaleLinear()
    .domain([lo === 0 ? 0 : lo - span * 0.05, hi + span * 0.05])
    .nice(4)
    .domain();
  return [d[0] ?? lo, d[1] ?? hi];
}

/** Periods of the x axis: the union of all units' shown periods, in order. */
export function commonPeriods(series: ReadonlyArray<readonly Point[]>): string[] {
  const all = new Set<string>();
  for (const s of series) for (const p of s) all.add(p.period);
  return [...all].sort();
}
