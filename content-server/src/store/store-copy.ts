import { existsSync, renameSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { DataKeyError, openKeyed, rekey, type DataKey } from './data-key.js';

/**
 * Whole-store copies for `ops backup`, `ops restore` and `ops data-key encrypt|rotate`. Every
 * copy is written beside its destination under a temporary name, re-keyed there, checked
 * (integrity and the row count of every table against the source) and only then renamed into
 * place, so a failure at any step leaves the original as it was.
 */

/** Row counts per table: the check that a copy holds everything its source held. */
export function tableCounts(db: Database.Database): Map<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  return new Map(tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n]));
}

/**
 * Opens `file` with `key` and takes SQLite's exclusive lock: it is refused while any other
 * connection (a running server, another `ops`) has the store open, which is what a command
 * that replaces the file must know.
 */
export function openAlone(file: string, key: DataKey | null): Database.Database {
  const db = openKeyed(file, key, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    throw new DataKeyError(`store ${file} is in use (is the server running?); stop it first / kho ${file} đang được dùng (máy chủ đang chạy?); hãy dừng nó trước`);
  }
  return db;
}

/**
 * Copies the open store `src` (opened with `srcKey`) to `dest`, encrypted with `destKey`
 * (null: plain). VACUUM INTO writes a consistent snapshot under the source's own key; the
 * copy is then re-keyed in rollback journal mode (SQLite3MultipleCiphers cannot re-key a WAL
 * database) and checked before it takes `dest`'s place.
 */
export function copyStore(src: Database.Database, srcKey: DataKey | null, dest: string, destKey: DataKey | null, beforeReplace: () => void = () => {}): Map<string, number> {
  const tmp = `${dest}.tmp-${process.pid}`;
  removeStoreFiles(tmp);
  try {
    src.prepare('VACUUM INTO ?').run(tmp);
    const copy = openKeyed(tmp, srcKey);
    try {
      copy.pragma('journal_mode = DELETE');
      if (srcKey?.hex !== destKey?.hex) rekey(copy, destKey);
    } finally {
      copy.close();
    }
    const expected = tableCounts(src);
    const check = openKeyed(tmp, destKey);
    try {
      const integrity = check.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the copy failed its integrity check (${String(integrity)}); nothing was replaced`);
      const got = tableCounts(check);
      for (const [table, n] of expected) {
        if (got.get(table) !== n) throw new Error(`the copy holds ${got.get(table) ?? 0} rows of ${table}, the store ${n}; nothing was replaced`);
      }
    } finally {
      check.close();
    }
    // The source may be `dest` itself: it is closed (its WAL folded in) before the file is swapped.
    beforeReplace();
    for (const f of companions(dest)) rmSync(f, { force: true });
    renameSync(tmp, dest);
    return expected;
  } finally {
    removeStoreFiles(tmp);
  }
}

function companions(file: string): string[] {
  return [`${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** Removes a store file and its WAL companions (they belong to the file they sat beside). */
export function removeStoreFiles(file: string): void {
  for (const f of [file, ...companions(file)]) if (existsSync(f)) rmSync(f);
}
