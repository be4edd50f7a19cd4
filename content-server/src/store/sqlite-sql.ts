import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { runAll, type RunResult, type Sql, type SqlDatabase, type SqlParam } from './sql.js';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * `Sql` over one better-sqlite3 connection. Statements run synchronously and are prepared once
 * per text. A transaction is SQLite's own (`BEGIN IMMEDIATE`, so a writer waits for the file
 * lock up front rather than failing at its first write); while one is open, statements from
 * outside it wait for it to end (a gate, not a second connection): on one connection they would
 * otherwise run inside it, and be rolled back with it.
 */
export class SqliteSql implements SqlDatabase {
  readonly engine = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  /** Resolves when the transaction open now has ended; null when none is open. */
  private gate: Promise<void> | null = null;
  /**
   * Marks the async work of the open transaction: a statement issued from inside it through the
   * root handle (instead of the transaction's) runs in it rather than waiting for it forever.
   */
  private readonly inside = new AsyncLocalStorage<Promise<void>>();

  constructor(readonly db: Database.Database) {}

  async all<T>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
    while (this.waiting) await this.gate;
    return this.statement(text).all(...params) as T[];
  }

  async get<T>(text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    while (this.waiting) await this.gate;
    return this.statement(text).get(...params) as T | undefined;
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<RunResult> {
    while (this.waiting) await this.gate;
    return { changes: this.statement(text).run(...params).changes };
  }

  async exec(text: string): Promise<void> {
    while (this.waiting) await this.gate;
    this.db.exec(text);
  }

  async begin<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.gate && this.inside.getStore() === this.gate) throw new Error('begin() on the root handle inside an open transaction: use the transaction handle it was given');
    // Transactions queue one behind another; each waits for the one before it to end.
    while (this.gate) await this.gate;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    this.gate = gate;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const committed: Array<() => void> = [];
      try {
        const result = await this.inside.run(gate, () => fn(new SqliteTx(this, 0, committed)));
        this.db.exec('COMMIT');
        runAll(committed);
        return result;
      } catch (err) {
        // A failed COMMIT (disk full) has already rolled back in SQLite; do not mask the cause.
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.gate = null;
      open();
    }
  }

  afterCommit(fn: () => void): void {
    fn();
  }

  /**
   * Whether a transaction of this handle is open. A connection in a transaction that this handle
   * did not open is in one of better-sqlite3's own (code not yet converted to `Sql`).
   */
  get transactionOpen(): boolean {
    return this.gate !== null;
  }

  async close(): Promise<void> {
    while (this.gate) await this.gate;
    if (this.db.open) this.db.close();
  }

  /** The prepared statement of `text`: prepared once, kept for the connection's life. */
  statement(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  /**
   * Whether a statement issued now must wait: a transaction is open and the caller is not inside
   * it. Checked in the same synchronous step that runs the statement (no await between), so a
   * transaction opened meanwhile cannot take in a statement from outside.
   */
  private get waiting(): boolean {
    return this.gate !== null && this.inside.getStore() !== this.gate;
  }
}

/** The handle a transaction's callback gets: statements run at once, nested `begin` is a savepoint. */
class SqliteTx implements Sql {
  readonly engine = 'sqlite' as const;
  constructor(
    private readonly root: SqliteSql,
    private readonly depth: number,
    private readonly committed: Array<() => void>,
  ) {}

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  async all<T>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.root.statement(text).all(...params) as T[];
  }

  async get<T>(text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return this.root.statement(text).get(...params) as T | undefined;
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<RunResult> {
    return { changes: this.root.statement(text).run(...params).changes };
  }

  async exec(text: string): Promise<void> {
    this.root.db.exec(text);
  }

  async begin<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const name = `sp${this.depth + 1}`;
    this.root.db.exec(`SAVEPOINT ${name}`);
    try {
      // A savepoint rolled back drops what it registered; the outer transaction's commit runs the rest.
      const inner: Array<() => void> = [];
      const result = await fn(new SqliteTx(this.root, this.depth + 1, inner));
      this.root.db.exec(`RELEASE ${name}`);
      this.committed.push(...inner);
      return result;
    } catch (err) {
      // SQLite may have rolled the whole transaction back already (SQLITE_FULL, an I/O error):
      // then the savepoint is gone too, and the cause, not "no such savepoint", goes up.
      if (this.root.db.inTransaction) {
        try {
          this.root.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        } catch {
          // The outer transaction's rollback (SqliteSql.begin) undoes it all; keep the cause.
        }
      }
      throw err;
    }
  }
}

/** The better-sqlite3 connection under a SQLite handle (for a repository's engine-specific fast path), else null. */
export function sqliteConnection(sql: Sql): Database.Database | null {
  if (sql instanceof SqliteSql) return sql.db;
  if (sql instanceof SqliteTx) return (sql as unknown as { root: SqliteSql }).root.db;
  return null;
}
