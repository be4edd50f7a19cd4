/**
 * Text sizes on the wall, in canvas pixels (1 canvas pixel = 1 display pixel on a 1080p display).
 * Leaders read the wall from 5 to 10 m: see docs/wall-typography.md for how these were chosen.
 * The golden-image test (tests/widgets-golden.e2e.test.ts) fails if any text a widget shows is
 * smaller than MIN_TEXT_PX; widgets size text with `textPx`, which never goes below it.
 */
export const TYPE = {
  /** Nothing smaller: axis ticks, footnotes, legend ranges, attributions. */
  min: 18,
  /** Labels: units, periods, row names, legend titles. */
  label: 24,
  /** Panel titles. */
  title: 27,
  /** Secondary figures: table values, changes. */
  figure: 30,
  /** Headline values (KPI, gauge): at least this; they grow with the panel. */
  headline: 48,
} as const;

export const MIN_TEXT_PX = TYPE.min;

/** A text size fitted to a space, never below the wall's minimum (or `floor` when larger). */
export function textPx(wanted: number, floor: number = TYPE.min): number {
  return Math.max(Math.round(wanted), floor, TYPE.min);
}
