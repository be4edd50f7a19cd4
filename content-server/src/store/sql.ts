/**
 * One statement interface over both engines (docs/storage-engines.md). Repositories take a `Sql`
 * and write their SQL once, with `?` placeholders and the dialect both engines share (`ON
 * CONFLICT`, `RETURNING`, `COALESCE`, `||`); where the engines differ (a set-based batch write,
 * SQLite's prepared loop) a repository branches on `engine`.
 *
 * Values cross as SQLite has them: integers (times are epoch milliseconds, ids, 0/1 flags) and
 * reals as numbers, text as strings, blobs as Buffers, NULL as null. PostgreSQL's `bigint` is
 * parsed to a number (every stored integer is far below 2^53), so a row reads the same from
 * either engine.
 */
export type Engine = 'sqlite' | 'postgres';

/** An array parameter is for PostgreSQL's set-based statements only (`unnest(?::text[])`); SQLite takes none. */
export type SqlParam = string | number | null | Buffer | readonly (string | number | null)[];

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface Sql {
  readonly engine: Engine;
  /** Every row of a query. */
  all<T>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** The first row of a query, or undefined. */
  get<T>(text: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** A statement run for its effect. */
  run(text: string, params?: readonly SqlParam[]): Promise<RunResult>;
  /** Several statements in one text, no parameters (schema scripts). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` once the transaction this handle belongs to has committed (at once outside a
   * transaction); never if it rolls back. What a commit makes visible to others (a live
   * publication, a bus message) waits for it here.
   */
  afterCommit(fn: () => void): void;
  /**
   * Runs `fn` in one transaction: statements through the handle it is given are in it; it
   * commits when `fn` resolves and rolls back when it throws. Inside a transaction, a further
   * `begin` is a savepoint. Do no network or device I/O inside: on SQLite the transaction holds
   * the one connection, on PostgreSQL it holds a pooled connection and its row locks.
   */
  begin<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/** The root handle of an opened database (what the store holds); closing ends every connection. */
export interface SqlDatabase extends Sql {
  close(): Promise<void>;
}

/**
 * `?` placeholders as PostgreSQL's `$1, $2, ...`. Question marks inside quoted literals,
 * quoted identifiers and comments are left alone; nothing else in the repositories' SQL uses `?`
 * (no JSON `?` operators).
 */
export function numberedPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = closing(text, i, c);
      out += text.slice(i, end);
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++n}`;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the quote that closes the one at `start` (a doubled quote is an escaped one). */
function closing(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

/** `?, ?, ?` for an `IN (...)` of `n` values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Runs each callback; one that throws does not stop the others (the commit has happened). */
export function runAll(callbacks: ReadonlyArray<() => void>): void {
  let first: unknown = null;
  for (const fn of callbacks) {
    try {
      fn();
    } catch (err) {
      first ??= err;
    }
  }
  // Reported as an unhandled rejection: the server logs and audits it (process.unhandled) without stopping.
  if (first !== null) void Promise.reject(first);
}
