/** How many earlier values of a series a new value is judged against, and the least that makes a judgement. */
export const HISTORY_POINTS = 36;
export const MIN_HISTORY = 8;
/** A value is implausible beyond this many spreads outside the range of the history. */
const SPREADS = 3;

const fmt = (n: number) => Number(n.toPrecision(6)).toString();

/**
 * Judges a new value against the series' earlier values (newest first). Far outside their
 * range (by more than three times that range, or ten percent of the median when the history
 * is flat) is implausible: the value is still accepted and stored, with this reason attached
 * for a person to review. Fewer than eight earlier values: no judgement.
 */
export function implausibility(value: number, history: readonly number[]): string | null {
  if (history.length < MIN_HISTORY) return null;
  const sorted = [...history].sort((a, b) => a - b);
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const spread = Math.max(hi - lo, Math.abs(median) * 0.1, Number.EPSILON);
  const below = lo - SPREADS * spread;
  const above = hi + SPREADS * spread;
  if (value >= below && value <= above) return null;
  return `${fmt(value)} is far outside this series' last ${history.length} values (${fmt(lo)} to ${fmt(hi)}; plausible ${fmt(below)} to ${fmt(above)}): accepted, flagged for review`;
}
