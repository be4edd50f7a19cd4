// A writer that proves what a failover does to writes: it inserts numbered rows one at a time on
// the cluster's multi-host URL with postgres.js (the store's client) and records which numbers the
// database acknowledged and when. A failed insert is not retried under the same number (the row
// may or may not have been committed: its answer was lost), so afterwards every acknowledged
// number must be stored exactly once, and no number twice.
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';

export interface Ack {
  n: number;
  /** Date.now() when the insert was sent. */
  sent: number;
  /** Date.now() when the acknowledgement arrived. */
  at: number;
  /** The port of the server that acknowledged it (which node was primary for this write). */
  port: number;
}

export interface Check {
  acknowledged: number;
  /** Acknowledged numbers missing from the table. */
  lost: number[];
  /** Numbers stored more than once. */
  duplicated: number[];
  /** Unacknowledged numbers that were committed anyway (allowed: their answer was lost). */
  committedUnacknowledged: number;
}

const TABLE = 'failover_probe';

export class ProbeWriter {
  readonly acks: Ack[] = [];
  readonly errors: Array<{ at: number; message: string }> = [];
  private readonly sql: postgres.Sql;
  private next = 1;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(url: string) {
    // One connection, opened again after a failure: reconnecting walks the hosts for the primary.
    // No statement_timeout: cancelling a commit that waits for the sync standby leaves it committed
    // locally yet reported as a success with a warning.
    this.sql = postgres(url, { max: 1, connect_timeout: 3, idle_timeout: 0, max_lifetime: null, onnotice: () => undefined });
  }

  async start(): Promise<void> {
    await this.sql.unsafe(`CREATE TABLE IF NOT EXISTS ${TABLE} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n bigint NOT NULL, at bigint NOT NULL)`);
    const [row] = await this.sql.unsafe<Array<{ top: string | null }>>(`SELECT max(n)::text AS top FROM ${TABLE}`);
    this.next = Number(row?.top ?? 0) + 1;
    this.stopping = false;
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const n = this.next++;
      const sent = Date.now();
      try {
        const [row] = await this.sql.unsafe<Array<{ port: number }>>(`INSERT INTO ${TABLE} (n, at) VALUES ($1, $2) RETURNING inet_server_port() AS port`, [n, sent]);
        this.acks.push({ n, sent, at: Date.now(), port: row?.port ?? 0 });
      } catch (err) {
        this.errors.push({ at: Date.now(), message: (err as Error).message });
        await sleep(25);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Compares what was acknowledged with what the current primary holds. */
  async check(): Promise<Check> {
    const rows = await this.sql.unsafe<Array<{ n: string; c: string }>>(`SELECT n::text AS n, count(*)::text AS c FROM ${TABLE} GROUP BY n`);
    const stored = new Map(rows.map((r) => [Number(r.n), Number(r.c)]));
    const acked = new Set(this.acks.map((a) => a.n));
    return {
      acknowledged: acked.size,
      lost: [...acked].filter((n) => !stored.has(n)),
      duplicated: [...stored].filter(([, c]) => c > 1).map(([n]) => n),
      committedUnacknowledged: [...stored.keys()].filter((n) => !acked.has(n)).length,
    };
  }

  async end(): Promise<void> {
    await this.stop();
    await this.sql.end({ timeout: 5 });
  }
}
