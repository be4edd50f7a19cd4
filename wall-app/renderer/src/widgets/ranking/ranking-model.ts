import type { Point } from '@ioc/protocol';

export interface RankRow {
  rank: number;
  unit: string;
  name: string;
  value: number;
  period: string;
  t: number;
  synthetic: boolean;
}

/**
 * The `top` provinces by latest value (`desc`: highest first). The nation (`VN`) is not a
 * province and is left out; ties are broken by name so the order does not flicker. With a
 * drill-down `focus` ranked below the top, the last row gives way to it, with its own rank, so
 * the focused province is always on the panel.
 */
export function rankRows(
  points: readonly Point[],
  order: 'asc' | 'desc',
  top: number,
  nameOf: (unit: string) => string,
  focus: string | null = null,
): RankRow[] {
  const collator = new Intl.Collator('vi');
  const rows = points
    .filter((p) => p.unit !== 'VN' && Number.isFinite(p.value))
    .map((p) => ({ unit: p.unit, name: nameOf(p.unit), value: p.value, period: p.period, t: p.t, synthetic: p.synthetic }));
  rows.sort((a, b) => (order === 'desc' ? b.value - a.value : a.value - b.value) || collator.compare(a.name, b.name));
  const ranked = rows.map((r, i) => ({ ...r, rank: i + 1 }));
  const shown = ranked.slice(0, top);
  const focused = focus === null ? -1 : ranked.findIndex((r) => r.unit === focus);
  if (focused >= top && top > 0) shown[top - 1] = ranked[focused]!;
  return shown;
}

/** The most recent period among the rows (what the ranking is "as of"). */
export function latestPeriod(rows: readonly RankRow[]): string | null {
  let best: RankRow | null = null;
  for (const r of rows) if (!best || r.t > best.t) best = r;
  return best?.period ?? null;
}
