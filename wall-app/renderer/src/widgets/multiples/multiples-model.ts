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

/**
 * The smallest cell that stays legible: a name and a value on one title row (or two), a plot
 * tall enough for two scale labels, and the period labels under it.
 */
export const MIN_CELL = { width: 240, height: 112 } as const;

export interface MultiplesLayout extends GridShape {
  /** Cells drawn: the first `shown` units, in the panel's order. */
  shown: number;
  /** Units left out for want of room (a "+N" note says so). */
  more: number;
}

/**
 * The grid for `count` small charts in a `width` x `height` box, dropping units from the end
 * (and keeping `noteH` at the bottom for the "+N" note) while even the best shape's cells would
 * be smaller than MIN_CELL: a panel too small shows fewer charts, never smaller ones.
 */
export function multiplesLayout(count: number, width: number, height: number, gapX: number, gapY: number, noteH: number): MultiplesLayout {
  for (let shown = count; shown > 0; shown--) {
    const h = shown < count ? height - noteH : height;
    let best: GridShape | null = null;
    let bestScore = Infinity;
    for (let cols = 1; cols <= shown; cols++) {
      const rows = Math.ceil(shown / cols);
      const cw = (width - gapX * (cols - 1)) / cols;
      const ch = (h - gapY * (rows - 1)) / rows;
      if (cw < MIN_CELL.width || ch < MIN_CELL.height) continue;
      const score = Math.abs(Math.log(cw / ch / CELL_ASPECT)) + (cols * rows - shown) * 0.01;
      if (score < bestScore) {
        bestScore = score;
        best = { cols, rows };
      }
    }
    if (best) return { ...best, shown, more: count - shown };
  }
  return { cols: 1, rows: 1, shown: 0, more: count };
}

/**
 * Values of the common scale to label in a plot `plotHeight` pixels tall: the most "nice"
 * ticks (5 at most) whose labels, `fontPx` tall, keep a line's gap between them; only the
 * scale's ends when no nice step fits; none when even those would touch.
 */
export function scaleTicks(domain: [number, number], plotHeight: number, fontPx: number): number[] {
  const span = domain[1] - domain[0];
  const gap = fontPx * 1.4;
  if (span <= 0 || plotHeight < gap) return [];
  for (const wanted of [5, 4, 3, 2]) {
    const ticks = scaleLinear().domain(domain).ticks(wanted);
    const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : span;
    if (ticks.length > 1 && (step / span) * plotHeight >= gap) return ticks;
  }
  return [domain[0], domain[1]];
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
