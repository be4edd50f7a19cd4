import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from './failures.js';

/** The error a real SQLite call throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

describe('failureOf: real SQLite and file system errors to 507/503 with their cause', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-failures-'));
    db = new Database(join(dir, 'a.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x BLOB)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLITE_FULL (what a full disk gives) is 507 store_full', () => {
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const err = thrown(() => db.prepare('INSERT INTO t VALUES (zeroblob(100000))').run());
    expect(failureOf(err)).toMatchObject({ status: 507, code: 'store_full', cause: 'SQLITE_FULL', text: { vi: expect.stringContaining('đầy') } });
  });

  it('SQLITE_BUSY (another writer holds the lock) is 503 store_busy', () => {
    const other = new Database(join(dir, 'a.sqlite'));
    other.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    try {
      expect(failureOf(thrown(() => other.prepare('INSERT INTO t VALUES (1)').run()))).toMatchObject({ status: 503, code: 'store_busy' });
    } finally {
      db.exec('ROLLBACK');
      other.close();
    }
  });

  it('SQLITE_READONLY, SQLITE_CANTOPEN and a file that is not a database are 503 with their own cause', () => {
    const ro = new Database(join(dir, 'a.sqlite'), { readonly: true });
    expect(failureOf(thrown(() => ro.prepare('INSERT INTO t VALUES (1)').run()))).toMatchObject({ status: 503, code: 'store_readonly' });
    ro.close();
    // A folder where the file should be: SQLite cannot open it (as a file of no permission, for a user other than root).
    expect(failureOf(thrown(() => new Database(dir)))).toMatchObject({ status: 503, code: 'store_cantopen', cause: 'SQLITE_CANTOPEN' });
    writeFileSync(join(dir, 'garbage.sqlite'), Buffer.alloc(8192, 7));
    const garbage = new Database(join(dir, 'garbage.sqlite'));
    expect(failureOf(thrown(() => garbage.prepare('SELECT * FROM sqlite_master').all()))).toMatchObject({ status: 503, code: 'store_corrupt', cause: 'SQLITE_NOTADB' });
    garbage.close();
  });

  it('extended codes map by their primary code; file system errors by theirs; anything else is a bug', () => {
    expect(failureOf({ code: 'SQLITE_IOERR_WRITE' })).toMatchObject({ status: 503, code: 'store_io', cause: 'SQLITE_IOERR_WRITE' });
    expect(failureOf({ code: 'SQLITE_CORRUPT_INDEX' })).toMatchObject({ code: 'store_corrupt' });
    expect(failureOf({ code: 'SQLITE_READONLY_DBMOVED' })).toMatchObject({ code: 'store_file_moved' });
    expect(failureOf({ code: 'ENOSPC', path: '/x' })).toMatchObject({ status: 507, code: 'disk_full' });
    expect(failureOf({ code: 'ENOENT', syscall: 'open', path: '/gone/x' })).toMatchObject({ status: 503, code: 'folder_missing' });
    expect(failureOf(thrown(() => db.prepare('SELECT nope FROM t').all()))).toBeNull();
    expect(failureOf({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeNull();
    expect(failureOf({ code: 'ECONNRESET' })).toBeNull();
    expect(failureOf(new Error('plain'))).toBeNull();
  });
});
