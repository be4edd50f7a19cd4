/** How many earlier values of a series a new value is judged against, and the least that makes a judgement. */
export const HISTORY_POINTS = 36;
export const MIN_HISTORY = 8;
/** A value is implausible beyond this many spreads outside the range of the history. */
const SPREADS = 3;

const fmt = (n: number) => Number(n.toPrecision(6)).toString();

/** What a series' history allows: its range, and the plausible bounds around it. */
export interface PlausibleRange {
  n: number;
  lo: number;
  hi: number;
  below: number;
  above: number;
}

/**
 * The plausible range of a series from its earlier values: their range widened by three times
 * its spread (the range itself, or ten percent of the median when the history is flat). Fewer
 * than eight earlier values: null, no judgement.
 */
export function plausibleRange(history: readonly number[]): PlausibleRange | null {
  if (history.length < MIN_HISTORY) return null;
  const sorted = [...history].sort((a, b) => a - b);
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const spread = Math.max(hi - lo, Math.abs(median) * 0.1, Number.EPSILON);
  return { n: history.length, lo, hi, below: lo - SPREADS * spread, above: hi + SPREADS * spread };
}

/** Why a value is implausible against that range (it is still accepted, flagged for review), or null. */
export function outsideRange(value: number, r: PlausibleRange | null): string | null {
  if (!r || (value >= r.below && value <= r.above)) return null;
  return `${fmt(value)} is far outside this series' last ${r.n} values (${fmt(r.lo)} to ${fmt(r.hi)}; plausible ${fmt(r.below)} to ${fmt(r.above)}): accepted, flagged for review`;
}

/** Judges one value against a series' earlier values (newest first). */
export function implausibility(value: number, history: readonly number[]): string | null {
  return outsideRange(value, plausibleRange(history));
}
