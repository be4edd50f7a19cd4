import { mkdirSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger.js';
import { Checkpointer } from './checkpointer.js';
import { failureOf, makeFailure, type Failure } from './failures.js';
import { keyFileTooOpen, openKeyed, readDataKey, type DataKey } from './data-key.js';
import { MIGRATIONS } from './migrations.js';
import type { ObservationStore } from './observation-store.js';
import { ObservationsRepo } from './observations-repo.js';
import { SubmissionsRepo } from './submissions-repo.js';
import type { Engine, SqlDatabase } from './sql.js';
import { SqliteSql } from './sqlite-sql.js';

export type { Db } from './types.js';
export { causeText, failureOf, type Failure } from './failures.js';
export { ObservationsRepo } from './observations-repo.js';
export type { ObservationStore } from './observation-store.js';
export type { StoredObservation, ChangedPoint, RevisionRow, SeriesBefore } from './observations-repo.js';
export { SubmissionsRepo, type NewSubmission, type Submission, type SubmissionFormat } from './submissions-repo.js';
export { DataKeyError, dataKeyFileFromEnv, readDataKey, type DataKey } from './data-key.js';
export type { Engine, RunResult, Sql, SqlDatabase, SqlParam } from './sql.js';
export { placeholders } from './sql.js';

/** Name of the database file inside DATA_DIR. */
export const DB_FILE = 'ioc.sqlite';

/** A lock held longer than this by another process is answered 503 "store busy" by the server (health must answer within 1 s). */
export const SERVER_BUSY_WAIT_MS = 500;
/** The CLI (`ops`) waits this long for the server's lock: its users would rather wait than retry. */
export const CLI_BUSY_WAIT_MS = 5000;

/**
 * The SQLite store: one file in DATA_DIR, opened once per process. better-sqlite3 is
 * synchronous, which keeps a batch write atomic without interleaving with other requests.
 */
export class Store {
  /** Every repository's statements go through this (or a transaction of it): docs/storage-engines.md. */
  readonly sql: SqlDatabase;
  readonly engine: Engine = 'sqlite';
  /** The SQLite connection itself, for what only SQLite has (checkpoints, quick_check, backups). */
  readonly db: Database.Database;
  readonly observations: ObservationStore;
  readonly submissions: SubmissionsRepo;
  private checkpointer: Checkpointer | null = null;
  /** The database file as opened: a file at the path with another identity is not ours. */
  private readonly identity: { dev: number; ino: number } | null;

  private constructor(db: Database.Database, readonly file: string) {
    this.db = db;
    this.sql = new SqliteSql(db);
    this.identity = identityOf(file);
    this.observations = new ObservationsRepo(this.sql);
    this.submissions = new SubmissionsRepo(this.sql);
  }

  /**
   * Opens (and migrates) the store. `busyWaitMs`: how long a statement waits for another
   * process's write lock before SQLITE_BUSY (CLI_BUSY_WAIT_MS by default; the server passes
   * SERVER_BUSY_WAIT_MS). A long-running server passes `checkpointInWorker` so that
   * WAL checkpoints never run inside a request (see checkpointer.ts); short-lived users such
   * as the CLI keep SQLite's automatic checkpoints. `dataKeyFile` (DATA_KEY_FILE) opens an
   * encrypted store, or creates one (store/data-key.ts); a wrong or missing key is a DataKeyError.
   */
  static open(dataDir: string, opts: { log?: Logger; checkpointInWorker?: boolean; dataKeyFile?: string | null; busyWaitMs?: number } = {}): Store {
    const { log } = opts;
    const key: DataKey | null = opts.dataKeyFile ? readDataKey(opts.dataKeyFile) : null;
    if (key && keyFileTooOpen(key.file)) log?.warn({ file: key.file }, 'the data key file can be read by other users; chmod 600 it');
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, DB_FILE);
    const db = openKeyed(file, key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The CLI may write (e.g. a new key) while the server runs, so each waits for the other's
    // lock instead of failing at once. The wait is synchronous: the server waits at most
    // SERVER_BUSY_WAIT_MS (its event loop, /healthz included, stands still meanwhile) and then
    // answers 503 "store busy"; the short-lived CLI may wait longer.
    db.pragma(`busy_timeout = ${opts.busyWaitMs ?? CLI_BUSY_WAIT_MS}`);
    const applied = migrate(db);
    if (applied.length > 0) log?.info({ applied }, 'applied schema migrations');
    const store = new Store(db, file);
    if (opts.checkpointInWorker && log) {
      db.pragma('wal_autocheckpoint = 0');
      store.checkpointer = new Checkpointer(file, log, key);
    }
    return store;
  }

  /** True when the database answers; used by /healthz. */
  ping(): boolean {
    try {
      return this.db.prepare('SELECT 1 AS one').get() !== undefined;
    } catch {
      // The caller only needs yes or no; /healthz reports "degraded" in the no case.
      return false;
    }
  }

  /**
   * True when the file at the store's path is gone or is another file (deleted, renamed or
   * replaced while open). SQLite in WAL mode goes on writing to the file it has open, which
   * nobody would find again: writes are refused meanwhile (SQLite itself reports this only
   * in rollback-journal mode, as SQLITE_READONLY_DBMOVED).
   */
  fileMoved(): boolean {
    if (!this.identity) return false;
    const now = identityOf(this.file);
    return now === null || now.dev !== this.identity.dev || now.ino !== this.identity.ino;
  }

  /** Bytes free on the disk of the store, or null where the system cannot tell. */
  diskFree(): number | null {
    try {
      const s = statfsSync(this.file);
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  /** Bytes the store may still grow by inside its own limit (`PRAGMA max_page_count`), free pages included. */
  roomLeft(): number {
    const pragma = (name: string) => Number(this.db.pragma(name, { simple: true }));
    return (pragma('max_page_count') - pragma('page_count') + pragma('freelist_count')) * pragma('page_size');
  }

  /**
   * Whether the store takes a write now: a small write (a new table and 64 KiB, so that new
   * pages are needed) inside a savepoint that is rolled back, with no wait for a lock. Null
   * when it can; else why not. Run only while a failure is known, to see it go.
   */
  probeWrite(): Failure | null {
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.exec('SAVEPOINT health_probe');
      try {
        this.db.exec('CREATE TABLE health_probe (x BLOB)');
        this.db.prepare('INSERT INTO health_probe VALUES (zeroblob(65536))').run();
      } finally {
        this.db.exec('ROLLBACK TO health_probe; RELEASE health_probe');
      }
      return null;
    } catch (err) {
      return failureOf(err) ?? makeFailure('store_unreachable', String((err as { code?: unknown }).code ?? 'unknown'));
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** Whether SQLite finds the file sound (`PRAGMA quick_check`); run only after a corruption error. */
  quickCheck(): boolean {
    try {
      return this.db.pragma('quick_check(1)', { simple: true }) === 'ok';
    } catch {
      return false;
    }
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  async close(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    if (checkpointer) await checkpointer.stop();
    // Closing the last connection checkpoints the WAL into the database file (after an open transaction ends).
    await this.sql.close();
  }
}

function migrate(db: Database.Database): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    // A table rebuild would trip the foreign keys that name it; they are checked whole afterwards.
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        m.run?.(db);
        if (m.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`migration ${m.version} broke foreign keys`);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
      })();
    } finally {
      if (m.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
    applied.push(m.version);
  }
  return applied;
}

function identityOf(file: string): { dev: number; ino: number } | null {
  try {
    const s = statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}
