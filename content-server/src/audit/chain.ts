import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns of one audit row that its hash covers. */
export interface ChainedRow {
  id: number;
  ts: number;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  ok: number;
  duration_ms: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/**
 * sha256 over every column of the row and the previous row's hash. The id is included, so
 * deleting or reordering rows breaks the chain as surely as editing one; the columns are
 * written as a JSON array so that no two different rows serialise the same way.
 */
export function rowHash(row: Omit<ChainedRow, 'hash'>): string {
  const fields = [row.id, row.ts, row.actor, row.role, row.action, row.target, row.detail, row.ok, row.duration_ms, row.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type ChainReport =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walks the rows in id order and reports the first one whose hash or link does not hold. */
export function verifyChain(rows: Iterable<ChainedRow>): ChainReport {
  let prev = GENESIS_HASH;
  let entries = 0;
  for (const row of rows) {
    entries++;
    if (row.prev_hash !== prev) {
      return { ok: false, entries, brokenAt: row.id, reason: `entry ${row.id} does not follow the entry before it (an entry was deleted, inserted or reordered)` };
    }
    if (row.hash !== rowHash(row)) {
      return { ok: false, entries, brokenAt: row.id, reason: `entry ${row.id} was changed after it was written (its hash does not match its content)` };
    }
    prev = row.hash;
  }
  return { ok: true, entries, lastHash: prev };
}
