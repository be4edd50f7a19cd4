import { severityRank, WarningSchema, type Warning, type WarningChange } from '@ioc/protocol';

/** Order of the wall's warnings: most severe first, then the most recently raised, then the highest id. */
export function compareWarnings(a: Warning, b: Warning): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.raisedAt - a.raisedAt || b.id - a.id;
}

/** The warnings of a `warnings:snapshot`, sorted, without any resolved one and without invalid entries. */
export function warningsFromSnapshot(raw: unknown): Warning[] {
  const list = (raw as { warnings?: unknown } | null)?.warnings;
  if (!Array.isArray(list)) {
    console.warn('[wall:warnings] invalid warnings:snapshot ignored');
    return [];
  }
  const out: Warning[] = [];
  for (const item of list) {
    const parsed = WarningSchema.safeParse(item);
    if (parsed.success) {
      if (parsed.data.state !== 'resolved') out.push(parsed.data);
    } else console.warn('[wall:warnings] invalid warning in snapshot ignored', parsed.error.issues);
  }
  return out.sort(compareWarnings);
}

/**
 * Applies a `warning:changed` to the held warnings (pure): a resolved warning leaves the list,
 * any other change inserts or replaces it by id. A change older than the warning held (by
 * `updatedAt`) is ignored. Returns the same array when nothing changed.
 */
export function applyWarningChange(held: readonly Warning[], raw: unknown): readonly Warning[] {
  const change = raw as Partial<WarningChange> | null;
  const parsed = WarningSchema.safeParse(change?.warning);
  if (!parsed.success) {
    console.warn('[wall:warnings] invalid warning:changed ignored', parsed.error.issues);
    return held;
  }
  const w = parsed.data;
  const i = held.findIndex((h) => h.id === w.id);
  const current = i >= 0 ? held[i]! : null;
  if (current && current.updatedAt > w.updatedAt) return held;
  if (w.state === 'resolved' || change?.change === 'resolved') return current ? held.filter((h) => h.id !== w.id) : held;
  const next = current ? held.map((h) => (h.id === w.id ? w : h)) : [...held, w];
  return next.sort(compareWarnings);
}
