/**
 * What makes a restored copy trustworthy beyond "it started": the row count of every table of
 * the `public` schema against the source's, and the checks of `verifyRestored`.
 */

/** One table's count in the restored copy and in the source (null: the table is absent there, or the source was not reached). */
export interface CountRow {
  table: string;
  restored: number | null;
  source: number | null;
}

export function compareCounts(restored: Map<string, number>, source: Map<string, number> | null): CountRow[] {
  const tables = [...new Set([...restored.keys(), ...(source?.keys() ?? [])])].sort();
  return tables.map((table) => ({ table, restored: restored.get(table) ?? null, source: source ? (source.get(table) ?? null) : null }));
}

export function differing(rows: CountRow[]): CountRow[] {
  return rows.filter((r) => r.restored !== r.source);
}

/** A check of a restored copy, given a connection URL to it: the problems found (none: passed). */
export type RestoreCheck = (url: string) => Promise<string[]>;

/**
 * The checks every restore runs on the copy before it is reported good. Empty while the audit
 * log lives in SQLite only: when it moves to PostgreSQL (issue 15), the audit chain's
 * verification (audit/verify.ts, against the audit key and the anchors) plugs in here, so a
 * restore that lost or altered entries is refused like one with missing rows.
 */
export const verifyRestored: RestoreCheck = async () => [];
