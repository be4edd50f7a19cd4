import type { Db } from '../store/types.js';
import { GENESIS_HASH, rowHash, type ChainedRow } from './chain.js';

/** meta key: the first audit id that must be keyed (everything before it is the legacy segment). */
export const KEYED_FROM_META = 'audit_keyed_from';

/**
 * Migration 12, the one place that seals rows after the fact: rows from before the chain existed
 * (schema version 1, no hash) are sealed into the legacy sha256 chain, and the store records where
 * the keyed chain starts. Starting the server or verifying never re-seals anything: an emptied
 * hash found later is reported as a broken seal.
 */
export function sealLegacySegment(db: Db): void {
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = GENESIS_HASH;
  for (const row of db.prepare<[], ChainedRow>('SELECT * FROM audit_log ORDER BY id').all()) {
    if (row.hash === null) {
      const hash = rowHash({ ...row, prev_hash: prev });
      update.run(prev, hash, row.id);
      prev = hash;
    } else {
      prev = row.hash;
    }
  }
  const next = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM audit_log').pluck().get() as number);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEYED_FROM_META, String(next));
}
