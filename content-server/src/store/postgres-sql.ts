import postgres from 'postgres';
import { FROM_POSTGRES } from './failures.js';
import { numberedPlaceholders, runAll, type RunResult, type Sql, type SqlDatabase, type SqlParam } from './sql.js';

/** `bigint` (epoch ms, ids, counts) and `numeric` (sums) read as numbers, as SQLite returns them. */
const AS_NUMBER = {
  int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
  numeric: { to: 1700, from: [1700], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
};

/**
 * Seconds before the next attempt to connect, after `retries` failed ones in a row: 25 ms
 * doubling, at most half a second. postgres.js's default grows by 3x up to 20 s, so after a
 * failover of 4-5 s of refused connections the pool and the bus's LISTEN connection waited up to
 * 7 s more for a primary that was already back (bench:failover: walls 8 s without data for 4 s
 * of writes refused). Attempts against refusing hosts are cheap; the cap bounds the extra wait.
 */
export function reconnectDelayS(retries: number): number {
  return Math.min(0.025 * 2 ** Math.max(0, retries - 1), 0.5);
}

/**
 * PostgreSQL ends a session that keeps a transaction open without sending anything for this long
 * (`idle_in_transaction_session_timeout`, per session). A server frozen mid-transaction (its
 * machine gone without a reset: its connections stay open for hours of TCP keepalive) otherwise
 * holds its locks, the audit chain's among them, and every other server's writes wait behind it:
 * the failover test froze a server (SIGSTOP) and the whole center's ingest stopped. Between two
 * statements of one of our transactions there are milliseconds; 5 s leaves a loaded machine room.
 */
export const IDLE_IN_TRANSACTION_MS = 5000;

export interface PostgresOptions {
  /** Pooled connections (default 10): a transaction holds one for its length. */
  max?: number;
  /** Seconds to wait for a connection to a host before trying the next (default 5). */
  connectTimeoutS?: number;
  /** The schema to work in (default: the server's search_path, `public`); tests give each case its own. */
  schema?: string;
}

type Client = postgres.Sql<Record<string, never>> | postgres.TransactionSql<Record<string, never>>;

/** Texts translated to `$n` placeholders once each. */
const translated = new Map<string, string>();
function pgText(text: string): string {
  let t = translated.get(text);
  if (t === undefined) {
    t = numberedPlaceholders(text);
    if (translated.size < 4096) translated.set(text, t);
  }
  return t;
}

async function query<T>(client: Client, text: string, params: readonly SqlParam[]): Promise<postgres.RowList<T[]>> {
  try {
    // Prepared per connection, named by its text (postgres.js does the naming).
    return (await client.unsafe(pgText(text), params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as postgres.RowList<T[]>;
  } catch (err) {
    throw marked(err);
  }
}

/** Marks an error as the store's (a lost connection to PostgreSQL is a store failure: failures.ts). */
function marked(err: unknown): unknown {
  if (typeof err === 'object' && err !== null && Object.isExtensible(err)) (err as Record<symbol, unknown>)[FROM_POSTGRES] = true;
  return err;
}

class PostgresHandle implements Sql {
  readonly engine = 'postgres' as const;
  constructor(
    protected readonly client: Client,
    private readonly depth: number,
    /** Callbacks to run once the top-level transaction commits (null: not in a transaction). */
    private readonly committed: Array<() => void> | null = null,
  ) {}

  afterCommit(fn: () => void): void {
    if (this.committed) this.committed.push(fn);
    else fn();
  }

  async all<T>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return [...(await query<T>(this.client, text, params))];
  }

  async get<T>(text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return (await query<T>(this.client, text, params))[0];
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<RunResult> {
    return { changes: (await query(this.client, text, params)).count ?? 0 };
  }

  async exec(text: string): Promise<void> {
    // No parameters and not prepared: sent as a simple query, which may hold several statements.
    await this.client.unsafe(text).catch((err: unknown) => {
      throw marked(err);
    });
  }

  async begin<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.depth === 0) {
      const committed: Array<() => void> = [];
      const result = (await (this.client as postgres.Sql<Record<string, never>>).begin((tx) => fn(new PostgresHandle(tx, 1, committed))).catch((err: unknown) => {
        throw marked(err);
      })) as T;
      runAll(committed);
      return result;
    }
    const inner: Array<() => void> = [];
    const result = (await (this.client as postgres.TransactionSql<Record<string, never>>).savepoint((tx) => fn(new PostgresHandle(tx, this.depth + 1, inner)))) as T;
    // Released: its callbacks wait for the outer commit; rolled back (a throw), they are dropped.
    this.committed!.push(...inner);
    return result;
  }
}

/**
 * `Sql` over a postgres.js pool. The URL may name several hosts with
 * `target_session_attrs=primary`: the client connects to whichever is the primary and
 * reconnects to the new one after a failover (docs/deployment.md). Not `read-write`: postgres.js
 * judges that by `default_transaction_read_only` alone, which a hot standby also has off.
 */
export class PostgresSql extends PostgresHandle implements SqlDatabase {
  readonly pool: postgres.Sql<Record<string, never>>;

  constructor(url: string, opts: PostgresOptions = {}) {
    const pool = postgres(url, {
      max: opts.max ?? 10,
      connect_timeout: opts.connectTimeoutS ?? 5,
      backoff: reconnectDelayS,
      onnotice: () => {},
      types: AS_NUMBER,
      connection: { idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS, ...(opts.schema ? { search_path: opts.schema } : {}) },
    }) as unknown as postgres.Sql<Record<string, never>>;
    super(pool, 0);
    this.pool = pool;
  }

  async close(): Promise<void> {
    await this.pool.end({ timeout: 5 });
  }
}

/** A URL with its password hidden, for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
