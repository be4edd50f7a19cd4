/** Rows of the sparklines panel: never shorter than this (a name line at 26 px, a value line at 36 px). */
export const MIN_ROW_H = 96;
/** Rows do not grow taller than this: extra height stays free under them. */
export const MAX_ROW_H = 150;
/** The "+N" note under the rows. */
export const NOTE_H = 40;

export interface RowFit {
  /** Rows drawn (the first ones, in the panel's order). */
  shown: number;
  /** Rows left out for lack of height ("+N"). */
  hidden: number;
  rowH: number;
}

/**
 * How many of `count` rows fit `height` at no less than MIN_ROW_H each: all of them when they
 * fit, else as many as fit above the "+N" note. Text is never shrunk to fit more.
 */
export function fitRows(count: number, height: number): RowFit {
  if (count <= 0) return { shown: 0, hidden: 0, rowH: MIN_ROW_H };
  if (count * MIN_ROW_H <= height) return { shown: count, hidden: 0, rowH: Math.min(MAX_ROW_H, height / count) };
  const shown = Math.max(0, Math.floor((height - NOTE_H) / MIN_ROW_H));
  return { shown, hidden: count - shown, rowH: shown > 0 ? Math.min(MAX_ROW_H, (height - NOTE_H) / shown) : MIN_ROW_H };
}

export interface RowColumns {
  /** Right edge of the texts: the change and its compared period are right-aligned here; the name and value use what they leave. */
  textRight: number;
  /** Sparkline: left edge and width. */
  sparkX: number;
  sparkW: number;
}

/** Between the texts and the sparkline, and between a name and the change beside it. */
export const GAP = 24;

/** Columns of a row `width` wide: the sparkline takes about a quarter (160 to 320 px), the texts the rest. */
export function rowColumns(width: number): RowColumns {
  const sparkW = Math.round(Math.min(320, Math.max(160, width * 0.26)));
  const sparkX = width - sparkW;
  return { textRight: Math.max(0, sparkX - GAP), sparkX, sparkW };
}
