import type { Aggregation, Point } from '@ioc/protocol';

/** Rounds away binary noise (0.1 + 0.2) so that a roll-up equals its members' figures as written. */
const clean = (x: number): number => Math.round(x * 1e9) / 1e9;

export interface RollUp {
  points: Point[];
  /** Periods left out because a member (or a member's weight) has no value. */
  incomplete: string[];
}

/**
 * A merged unit's values from its members', period by period, by the indicator's rule: the sum,
 * or the mean weighted by the weight indicator's values of the same member and period. A period
 * is given only when every member (and every weight) has a value: a partial sum would be wrong,
 * not approximate. `none` gives nothing: the caller says why.
 */
export function rollUp(rule: Aggregation, unit: string, members: readonly string[], values: ReadonlyMap<string, readonly Point[]>, weights: ReadonlyMap<string, readonly Point[]> | null): RollUp {
  if (rule.rule === 'none') return { points: [], incomplete: [] };
  const byPeriod = new Map<string, Map<string, Point>>();
  for (const m of members) {
    for (const p of values.get(m) ?? []) {
      const row = byPeriod.get(p.period) ?? new Map<string, Point>();
      row.set(m, p);
      byPeriod.set(p.period, row);
    }
  }
  const weightOf = new Map<string, number>();
  for (const m of members) for (const w of weights?.get(m) ?? []) weightOf.set(`${m}|${w.period}`, w.value);

  const points: Point[] = [];
  const incomplete: string[] = [];
  for (const [period, row] of byPeriod) {
    if (row.size !== members.length) {
      incomplete.push(period);
      continue;
    }
    const parts = members.map((m) => row.get(m)!);
    let value: number;
    if (rule.rule === 'sum') {
      value = parts.reduce((s, p) => s + p.value, 0);
    } else {
      const ws = members.map((m) => weightOf.get(`${m}|${period}`) ?? Number.NaN);
      const total = ws.reduce((sum: number, w) => sum + w, 0);
      // A missing weight makes the total NaN; a zero total has no mean.
      if (!(total > 0)) {
        incomplete.push(period);
        continue;
      }
      value = parts.reduce((sum: number, p, i) => sum + p.value * ws[i]!, 0) / total;
    }
    points.push({
      unit,
      period,
      t: parts[0]!.t,
      value: clean(value),
      synthetic: parts.some((p) => p.synthetic),
      source: `${rule.rule === 'sum' ? 'sum' : `mean weighted by ${rule.weight}`} of ${members.join(', ')}`,
      derived: true,
    });
  }
  points.sort((a, b) => a.t - b.t);
  incomplete.sort();
  return { points, incomplete };
}
