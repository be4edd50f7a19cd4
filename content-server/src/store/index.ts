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
import { PostgresSql, redactUrl } from './postgres-sql.js';
import { migratePostgres } from './pg-migrate.js';

export type { Db } from './types.js';
export { causeText, failureOf, type Failure } from './failures.js';
export { ObservationsRepo } from './observations-repo.js';
export type { ObservationStore } from './observation-store.js';
export type { StoredObservation, ChangedPoint, RevisionRow, SeriesBefore } from './observations-repo.js';
export { SubmissionsRepo, type NewSubmission, type Submission, type SubmissionFormat } from './submissions-repo.js';
export { DataKeyError, dataKeyFileFromEnv, dataKeyNotForPostgres, readDataKey, type DataKey } from './data-key.js';
export type { Engine, RunResult, Sql, SqlDatabase, SqlParam } from './sql.js';
export { placeholders } from './sql.js';

/** Name of the database file inside DATA_DIR. */
export const DB_FILE = 'ioc.sqlite';

/** A lock held longer than this by another process is answered 503 "store busy" by the server (health must answer within 1 s). */
export const SERVER_BUSY_WAIT_MS = 500;
/** The CLI (`ops`) waits this long for the server's lock: its users would rather wait than retry. */
export const CLI_BUSY_WAIT_MS = 5000;

/** How long a health ping waits for PostgreSQL before calling it unreachable (/healthz answers within 1 s). */
export const PING_TIMEOUT_MS = 800;

/**
 * The store: by default one SQLite file in DATA_DIR, opened once per process (`Store.open`);
 * with DATABASE_URL, a PostgreSQL database shared by the center's servers (`Store.connect`).
 * Repositories see only `sql` (docs/storage-engines.md); what only one engine has (SQLite's
 * file, checkpoints, quick_check) answers neutrally on the other.
 */
export class Store {
  /** Every repository's statements go through this (or a transaction of it): docs/storage-engines.md. */
  readonly sql: SqlDatabase;
  readonly engine: Engine;
  readonly observations: ObservationStore;
  readonly submissions: SubmissionsRepo;
  private checkpointer: Checkpointer | null = null;
  /** The database file as opened: a file at the path with another identity is not ours. */
  private readonly identity: { dev: number; ino: number } | null;

  private constructor(
    sql: SqlDatabase,
    /** The SQLite file, or the PostgreSQL URL with its password hidden (for messages). */
    readonly file: string,
    private readonly sqlite: Database.Database | null,
  ) {
    this.sql = sql;
    this.engine = sql.engine;
    this.identity = sqlite ? identityOf(file) : null;
    this.observations = new ObservationsRepo(this.sql);
    this.submissions = new SubmissionsRepo(this.sql);
  }

  /** The SQLite connection itself, for what only SQLite has (checkpoints, quick_check, backups); a PostgreSQL store has none. */
  get db(): Database.Database {
    if (!this.sqlite) throw new Error('this store is PostgreSQL: it has no SQLite connection');
    return this.sqlite;
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
    const store = new Store(new SqliteSql(db), file, db);
    if (opts.checkpointInWorker && log) {
      db.pragma('wal_autocheckpoint = 0');
      store.checkpointer = new Checkpointer(file, log, key);
    }
    return store;
  }

  /**
   * Connects to the center's PostgreSQL (DATABASE_URL) and brings its schema up to date (several
   * servers starting together take turns under an advisory lock: pg-migrate.ts). A database that
   * cannot be reached stops the start with a message naming it (its password hidden).
   */
  static async connect(url: string, opts: { log?: Logger; max?: number; schema?: string } = {}): Promise<Store> {
    const sql = new PostgresSql(url, { ...(opts.max !== undefined && { max: opts.max }), ...(opts.schema && { schema: opts.schema }) });
    try {
      const applied = await migratePostgres(sql);
      if (applied.length > 0) opts.log?.info({ applied }, 'applied PostgreSQL schema migrations');
    } catch (err) {
      await sql.close().catch(() => {});
      throw new Error(`cannot open the PostgreSQL store ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
    }
    return new Store(sql, redactUrl(url), null);
  }

  /** True when the database answers (within PING_TIMEOUT_MS on PostgreSQL); used by /healthz. */
  async ping(): Promise<boolean> {
    if (this.sqlite) {
      try {
        return this.sqlite.prepare('SELECT 1 AS one').get() !== undefined;
      } catch {
        // The caller only needs yes or no; /healthz reports "degraded" in the no case.
        return false;
      }
    }
    return (await withTimeout(this.sql.get('SELECT 1 AS one'), PING_TIMEOUT_MS).catch(() => undefined)) !== undefined;
  }

  /**
   * True when the file at the store's path is gone or is another file (deleted, renamed or
   * replaced while open). SQLite in WAL mode goes on writing to the file it has open, which
   * nobody would find again: writes are refused meanwhile (SQLite itself reports this only
   * in rollback-journal mode, as SQLITE_READONLY_DBMOVED). Never on PostgreSQL.
   */
  fileMoved(): boolean {
    if (!this.identity) return false;
    const now = identityOf(this.file);
    return now === null || now.dev !== this.identity.dev || now.ino !== this.identity.ino;
  }

  /** Bytes free on the disk of the store, or null where the system cannot tell (PostgreSQL's disk is its own). */
  diskFree(): number | null {
    if (!this.sqlite) return null;
    try {
      const s = statfsSync(this.file);
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  /** Bytes the store may still grow by inside its own limit (`PRAGMA max_page_count`), free pages included; PostgreSQL has no such limit. */
  roomLeft(): number {
    const db = this.sqlite;
    if (!db) return Number.POSITIVE_INFINITY;
    const pragma = (name: string) => Number(db.pragma(name, { simple: true }));
    return (pragma('max_page_count') - pragma('page_count') + pragma('freelist_count')) * pragma('page_size');
  }

  /**
   * Whether the store takes a write now: a small write (a new table and 64 KiB, so that new
   * pages are needed) inside a transaction or savepoint that is rolled back, with no wait for a
   * lock. Null when it can; else why not. Run only while a failure is known, to see it go.
   */
  async probeWrite(): Promise<Failure | null> {
    if (!this.sqlite) return this.probePostgresWrite();
    const db = this.sqlite;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      db.exec('SAVEPOINT health_probe');
      try {
        db.exec('CREATE TABLE health_probe (x BLOB)');
        db.prepare('INSERT INTO health_probe VALUES (zeroblob(65536))').run();
      } finally {
        db.exec('ROLLBACK TO health_probe; RELEASE health_probe');
      }
      return null;
    } catch (err) {
      return failureOf(err) ?? makeFailure('store_unreachable', String((err as { code?: unknown }).code ?? 'unknown'));
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** Whether SQLite finds the file sound (`PRAGMA quick_check`); run only after a corruption error. PostgreSQL checks its own pages. */
  async quickCheck(): Promise<boolean> {
    if (!this.sqlite) return true;
    try {
      return this.sqlite.pragma('quick_check(1)', { simple: true }) === 'ok';
    } catch {
      return false;
    }
  }

  async getMeta(key: string): Promise<string | null> {
    return (await this.sql.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]))?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /**
   * Sets `key` only when it has no value yet, and returns the value it holds afterwards: two
   * servers starting together agree on one (e.g. the origin of report tracking).
   */
  async setMetaOnce(key: string, value: string): Promise<string> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.getMeta(key)) ?? value;
  }

  async close(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    if (checkpointer) await checkpointer.stop();
    // Closing the last connection checkpoints the WAL into the database file (after an open transaction ends).
    await this.sql.close();
  }

  /** A rolled-back write with no lock wait: a standby, a full disk or a lost connection each say so. */
  private async probePostgresWrite(): Promise<Failure | null> {
    const probe = this.sql.begin(async (tx) => {
      await tx.run("SET LOCAL lock_timeout = '100ms'");
      await tx.run('CREATE TEMP TABLE health_probe (x bytea) ON COMMIT DROP');
      await tx.run("INSERT INTO health_probe VALUES (decode(repeat('00', 65536), 'hex'))");
      throw ROLLED_BACK;
    });
    try {
      await withTimeout(probe, PING_TIMEOUT_MS);
      return null;
    } catch (err) {
      if (err === ROLLED_BACK) return null;
      return failureOf(err) ?? makeFailure('store_unreachable', String((err as { code?: unknown }).code ?? 'unknown'));
    }
  }
}

const ROLLED_BACK = new Error('health probe rolled back');

/** `p`, or a rejection once `ms` have passed (the store's code names it a lost connection). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'CONNECT_TIMEOUT' })), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
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
