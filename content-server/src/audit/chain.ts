import { createHash, createHmac } from 'node:crypto';
import type { Sql } from '../store/sql.js';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The action of the entry that opens a keyed segment (first start, a rotated or replaced key). */
export const KEY_START_ACTION = 'audit.key.start';

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
  /** The audit key that sealed the row; null for the unkeyed rows written before migration 12. */
  key_id: string | null;
}

/**
 * The legacy seal: sha256 over every column of the row and the previous row's hash. Anyone who
 * can write the database can recompute it, which is why new rows are keyed (`keyedHash`); it
 * stays to verify the rows written before the key existed.
 */
export function rowHash(row: Omit<ChainedRow, 'hash' | 'key_id'>): string {
  const fields = [row.id, row.ts, row.actor, row.role, row.action, row.target, row.detail, row.ok, row.duration_ms, row.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * HMAC-SHA256 under the audit key (kept outside the database) over the same columns plus the
 * key id, so that an attacker with the database alone can neither edit a row and reseal the
 * chain from there, nor move a row into another segment.
 */
export function keyedHash(secret: Buffer, row: Omit<ChainedRow, 'hash'>): string {
  const fields = [row.id, row.ts, row.actor, row.role, row.action, row.target, row.detail, row.ok, row.duration_ms, row.prev_hash, row.key_id];
  return createHmac('sha256', secret).update(JSON.stringify(fields)).digest('hex');
}

export interface ChainSegment {
  /** null: the unkeyed legacy segment. */
  keyId: string | null;
  first: number;
  last: number;
}

export type ChainReport =
  | { ok: true; entries: number; lastHash: string; lastId: number; segments: ChainSegment[] }
  | { ok: false; entries: number; brokenAt: number; reason: string };

export interface ChainKeys {
  /** The secret of a key id, from the key file; undefined when the file does not hold it. */
  secret(keyId: string): Buffer | undefined;
  /** Where migration 12 said the keyed chain starts (the first id that must be keyed), if known. */
  keyedFrom?: number | null;
}

/**
 * Walks the rows in id order and reports the first one whose seal or link does not hold.
 * Unkeyed rows may only precede the keyed chain; a change of key happens only at a key start
 * entry; an emptied hash is a broken seal (nothing re-seals rows once written).
 */
export function verifyChain(rows: Iterable<ChainedRow>, keys: ChainKeys): ChainReport {
  const walk = new ChainWalk(keys);
  for (const row of rows) {
    const broken = walk.next(row);
    if (broken) return broken;
  }
  return walk.report();
}

/** Rows per page when the whole chain is read from the store. */
const PAGE = 1000;

/** `verifyChain` over the store's `audit_log`, read in pages through `sql` (either engine); never writes. */
export async function verifyStoredChain(sql: Sql, keys: ChainKeys): Promise<ChainReport> {
  const walk = new ChainWalk(keys);
  for (let after = -1; ; ) {
    const rows = await sql.all<ChainedRow>('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?', [after, PAGE]);
    for (const row of rows) {
      const broken = walk.next(row);
      if (broken) return broken;
    }
    if (rows.length < PAGE) return walk.report();
    after = rows.at(-1)!.id;
  }
}

/**
 * `verifyChain` one row at a time, for rows read in pages (the store is async and the log may be
 * far larger than memory).
 */
export class ChainWalk {
  private prev = GENESIS_HASH;
  private entries = 0;
  private lastId = 0;
  private readonly segments: ChainSegment[] = [];

  constructor(private readonly keys: ChainKeys) {}

  /** Takes the next row in id order; the report of the break when it does not hold, else null. */
  next(row: ChainedRow): ChainReport | null {
    const { keys, segments } = this;
    this.entries++;
    const segment = segments.at(-1);
    const broken = (reason: string): ChainReport => ({ ok: false, entries: this.entries, brokenAt: row.id, reason: `entry ${row.id} ${reason}` });
    if (row.hash === null || row.prev_hash === null) return broken('carries no hash: its seal was removed (entries are sealed when written and nothing re-seals them)');
    if (row.prev_hash !== this.prev) return broken('does not follow the entry before it (an entry was deleted, inserted or reordered)');
    if (row.key_id === null) {
      if (segment && segment.keyId !== null) return broken(`is unkeyed, after the keyed chain began at entry ${segments.find((s) => s.keyId !== null)?.first} (an entry was inserted or the chain rewritten without the key)`);
      if (keys.keyedFrom != null && row.id >= keys.keyedFrom) return broken(`is unkeyed, but the keyed chain starts at entry ${keys.keyedFrom} (the chain was rewritten without the key)`);
      if (row.hash !== rowHash(row)) return broken('was changed after it was written (its hash does not match its content)');
    } else {
      const secret = keys.secret(row.key_id);
      if (!secret) return broken(`is sealed with audit key ${row.key_id}, which the key file does not hold (the key file was replaced, or the entry forged)`);
      if (segment?.keyId !== row.key_id && (row.action !== KEY_START_ACTION || row.target !== row.key_id)) {
        return broken(`changes to audit key ${row.key_id} without a key start entry (an entry was inserted)`);
      }
      if (row.hash !== keyedHash(secret, row)) {
        if (row.hash === rowHash(row)) return broken('was resealed without the audit key (a plain sha256: the chain was recomputed after an edit)');
        return broken('was changed after it was written (its hash does not match its content)');
      }
    }
    if (segment && segment.keyId === row.key_id && row.action !== KEY_START_ACTION) segment.last = row.id;
    else segments.push({ keyId: row.key_id, first: row.id, last: row.id });
    this.prev = row.hash;
    this.lastId = row.id;
    return null;
  }

  /** The report once every row has passed. */
  report(): ChainReport {
    return { ok: true, entries: this.entries, lastHash: this.prev, lastId: this.lastId, segments: this.segments };
  }
}
