import type { Box } from '@ioc/protocol';

/**
 * Test-pattern geometry in wall-canvas pixels. Every tile draws the same figures in canvas
 * coordinates and shows its viewport of them, so lines continue across the bezels exactly as
 * panels do (the pixels behind a bezel are drawn by no display).
 */

/** Grid spacing, canvas px; every fifth line is a major one. */
export const GRID_STEP = 100;
/** Spacing of the 45-degree lines, canvas px. */
export const DIAGONAL_STEP = 400;

/** Multiples of `step` from `from` to `to`, inclusive. */
export function multiples(step: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to; v += step) out.push(v);
  return out;
}

/**
 * The grid lines a viewport shows, as SVG path data (`minor`: every step, `major`: every
 * fifth), each line spanning the viewport. Lines are on multiples of the step in canvas
 * coordinates, whichever tile draws them.
 */
export function gridPaths(v: Box, step = GRID_STEP): { minor: string; major: string } {
  const x1 = v.x + v.width;
  const y1 = v.y + v.height;
  const minor: string[] = [];
  const major: string[] = [];
  for (const x of multiples(step, v.x, x1)) (x % (5 * step) === 0 ? major : minor).push(`M${x} ${v.y}V${y1}`);
  for (const y of multiples(step, v.y, y1)) (y % (5 * step) === 0 ? major : minor).push(`M${v.x} ${y}H${x1}`);
  return { minor: minor.join(''), major: major.join('') };
}

/**
 * The 45-degree lines through a viewport (`y = x - c` and `y = c - x` for c a multiple of
 * the step), as SVG path data; each drawn from the viewport's left edge to its right edge.
 */
export function diagonalPath(v: Box, step = DIAGONAL_STEP): string {
  const x0 = v.x;
  const x1 = v.x + v.width;
  const parts: string[] = [];
  for (const c of multiples(step, x0 - (v.y + v.height), x1 - v.y)) parts.push(`M${x0} ${x0 - c}L${x1} ${x1 - c}`);
  for (const c of multiples(step, x0 + v.y, x1 + v.y + v.height)) parts.push(`M${x0} ${c - x0}L${x1} ${c - x1}`);
  return parts.join('');
}

/** Colour bars, left to right across the whole canvas: 100% white, yellow, cyan, green, magenta, red, blue, black. */
export const BAR_COLORS = ['#ffffff', '#ffff00', '#00ffff', '#00ff00', '#ff00ff', '#ff0000', '#0000ff', '#000000'] as const;

/** Bars across a canvas `width` wide: each bar's x and width, whole pixels, together exactly the width. */
export function barRects(width: number, n: number = BAR_COLORS.length): Array<{ x: number; width: number }> {
  return Array.from({ length: n }, (_, i) => {
    const x = Math.round((i * width) / n);
    return { x, width: Math.round(((i + 1) * width) / n) - x };
  });
}

/** Steps of the stepped grey ramp: 0 to 255 in `n` equal steps. */
export function greySteps(n = 16): number[] {
  return Array.from({ length: n }, (_, i) => Math.round((i * 255) / (n - 1)));
}
