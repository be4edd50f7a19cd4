import type { Label, RankingContribution, RankingEntry } from '@ioc/protocol';

/** One scored indicator of a ranking, as the method needs it. */
export interface ScoredIndicator {
  id: string;
  name: Label;
  weight: number;
  higherIsBetter: boolean;
  /** The national target of the year; the caller leaves out indicators without a usable one. */
  target: number;
}

/** A subject's value of one indicator for the year. */
export interface SubjectValue {
  value: number;
  period: string;
  derived: boolean;
  synthetic: boolean;
}

export interface Subject {
  unit: string;
  name: string;
  /** Indicator id -> the value scored; absent: no value that year. */
  values: ReadonlyMap<string, SubjectValue>;
}

export interface RankingResult {
  entries: RankingEntry[];
  unranked: Array<{ unit: string; name: string; reason: string }>;
}

/** Rounds away binary noise so that equal scores compare equal (0.1 + 0.2 vs 0.3). */
const round = (x: number, digits = 6): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Achievement of a target in the indicator's direction, within [0, cap]: value / target when
 * higher is better, target / value when lower is better. A lower-is-better value of zero or
 * below has met any positive target by as much as can be: it gets the cap. A higher-is-better
 * value of zero or below has achieved nothing: 0. Targets must be above zero.
 */
export function achievement(value: number, target: number, higherIsBetter: boolean, cap: number): number {
  if (!(target > 0)) throw new Error(`achievement needs a target above 0, got ${target}`);
  let ratio: number;
  if (higherIsBetter) ratio = value / target;
  else ratio = value > 0 ? target / value : cap;
  return Math.min(cap, Math.max(0, ratio));
}

/**
 * The composite score of each subject and its rank. Score = weighted mean of the achievements
 * of the indicators the subject has a value for; a subject missing some is scored on the rest
 * with the weights renormalised, and flagged (`partial`, `missing`, `coverage` < 1); one with
 * none is not ranked. Ties (equal to 6 decimals) share a rank, the next rank skips (1, 2, 2, 4).
 */
export function rankSubjects(indicators: readonly ScoredIndicator[], subjects: readonly Subject[], cap: number): RankingResult {
  const totalWeight = indicators.reduce((s, i) => s + i.weight, 0);
  const scored: Array<Omit<RankingEntry, 'rank'>> = [];
  const unranked: RankingResult['unranked'] = [];
  for (const s of subjects) {
    const present = indicators.filter((i) => s.values.has(i.id));
    if (present.length === 0) {
      unranked.push({ unit: s.unit, name: s.name, reason: indicators.length === 0 ? 'no indicator of this ranking has a usable target for the year' : 'no value for any indicator of this ranking in the year' });
      continue;
    }
    const presentWeight = present.reduce((sum, i) => sum + i.weight, 0);
    const contributions: RankingContribution[] = indicators.map((i) => {
      const v = s.values.get(i.id);
      const base = { indicator: i.id, name: i.name, target: i.target, higherIsBetter: i.higherIsBetter, weight: i.weight };
      if (!v) return { ...base, value: null, period: null, derived: false, synthetic: false, achievement: null, effectiveWeight: 0, contribution: 0 };
      const a = achievement(v.value, i.target, i.higherIsBetter, cap);
      const w = i.weight / presentWeight;
      return { ...base, value: v.value, period: v.period, derived: v.derived, synthetic: v.synthetic, achievement: round(a), effectiveWeight: round(w), contribution: round(w * a) };
    });
    const score = round(present.reduce((sum, i) => sum + (i.weight / presentWeight) * achievement(s.values.get(i.id)!.value, i.target, i.higherIsBetter, cap), 0));
    const missing = indicators.filter((i) => !s.values.has(i.id)).map((i) => i.id);
    scored.push({ unit: s.unit, name: s.name, score, coverage: round(presentWeight / totalWeight), partial: missing.length > 0, missing, contributions });
  }
  scored.sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit));
  const entries: RankingEntry[] = [];
  scored.forEach((e, i) => {
    const prev = entries[i - 1];
    entries.push({ rank: prev && prev.score === e.score ? prev.rank : i + 1, ...e });
  });
  return { entries, unranked };
}
