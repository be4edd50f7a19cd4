import { previousPeriod, type Point } from '@ioc/protocol';

/** The latest point of a series and the one it is compared with. */
export interface LatestAndPrevious {
  latest: Point | null;
  /** The point of the period just before the latest (for instants: the reading before). */
  previous: Point | null;
}

/**
 * `points` in period order. The previous value is that of the period immediately before the
 * latest one; when that period is missing the change is not shown rather than compared with
 * an older period. Live readings (instants) compare with the reading before.
 */
export function latestAndPrevious(points: readonly Point[]): LatestAndPrevious {
  const latest = points[points.length - 1] ?? null;
  if (!latest) return { latest: null, previous: null };
  const want = previousPeriod(latest.period);
  if (want === null) {
    const before = points[points.length - 2] ?? null;
    return { latest, previous: before && before.unit === latest.unit ? before : null };
  }
  for (let i = points.length - 2; i >= 0; i--) {
    const p = points[i];
    if (p && p.unit === latest.unit && p.period === want) return { latest, previous: p };
  }
  return { latest, previous: null };
}

/** The last `n` points (period order kept). */
export function lastPoints(points: readonly Point[], n: number): readonly Point[] {
  return points.length <= n ? points : points.slice(points.length - n);
}

export function anySynthetic(...groups: ReadonlyArray<readonly (Point | null)[]>): boolean {
  return groups.some((g) => g.some((p) => p?.synthetic === true));
}
