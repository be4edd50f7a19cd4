import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger.js';
import { Checkpointer } from './checkpointer.js';
import { MIGRATIONS } from './migrations.js';
import type { ObservationStore } from './observation-store.js';
import { ObservationsRepo } from './observations-repo.js';
import { SubmissionsRepo } from './submissions-repo.js';

export type { Db } from './types.js';
export { ObservationsRepo } from './observations-repo.js';
export type { ObservationStore } from './observation-store.js';
export type { StoredObservation, ChangedPoint, RevisionRow } from './observations-repo.js';
export { SubmissionsRepo, type NewSubmission, type Submission, type SubmissionFormat } from './submissions-repo.js';

/** Name of the database file inside DATA_DIR. */
export const DB_FILE = 'ioc.sqlite';

/**
 * The SQLite store: one file in DATA_DIR, opened once per process. better-sqlite3 is
 * synchronous, which keeps a batch write atomic without interleaving with other requests.
 */
export class Store {
  readonly db: Database.Database;
  readonly observations: ObservationStore;
  readonly submissions: SubmissionsRepo;
  private checkpointer: Checkpointer | null = null;

  private constructor(db: Database.Database) {
    this.db = db;
    this.observations = new ObservationsRepo(db);
    this.submissions = new SubmissionsRepo(db);
  }

  /**
   * Opens (and migrates) the store. A long-running server passes `checkpointInWorker` so that
   * WAL checkpoints never run inside a request (see checkpointer.ts); short-lived users such
   * as the CLI keep SQLite's automatic checkpoints.
   */
  static open(dataDir: string, opts: { log?: Logger; checkpointInWorker?: boolean } = {}): Store {
    const { log } = opts;
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, DB_FILE);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The CLI may write (e.g. a new key) while the server runs; wait instead of failing at once.
    db.pragma('busy_timeout = 5000');
    const applied = migrate(db);
    if (applied.length > 0) log?.info({ applied }, 'applied schema migrations');
    const store = new Store(db);
    if (opts.checkpointInWorker && log) {
      db.pragma('wal_autocheckpoint = 0');
      store.checkpointer = new Checkpointer(file, log);
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
    // Closing the last connection checkpoints the WAL into the database file.
    if (this.db.open) this.db.close();
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
