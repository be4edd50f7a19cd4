import type { PostgresSql } from '../store/postgres-sql.js';
import type { Sql } from '../store/sql.js';
import { Subscribers, type BusHandler, type BusMessage, type ClusterBus } from './bus.js';

/** NOTIFY takes at most 8000 bytes; a bigger message is stored and its id sent instead. */
const INLINE_MAX_BYTES = 7000;
/** Stored bodies are kept this long: every listening server has read its copy well before. */
const STORED_KEEP_MS = 10 * 60_000;
/** The NOTIFY channel the servers of a center listen on (unless `PgBus.start` is given another). */
export const PG_BUS_CHANNEL = 'ioc_bus';

interface Envelope {
  c: string;
  o: string;
  /** The body, inline. */
  b?: unknown;
  /** Or the id of the stored body. */
  r?: number;
}

/**
 * The bus on PostgreSQL: `pg_notify` in the sender's transaction (PostgreSQL delivers it on
 * commit, to every listening session, in commit order), one LISTEN connection per server.
 * It needs nothing beside the store, and it fails over with it: the multi-host URL puts the
 * listener back on the new primary, and the re-listen is a gap (`onGap`), since notifications
 * sent while no one listened are gone.
 */
export class PgBus implements ClusterBus {
  private readonly subs = new Subscribers();
  /** Deliveries in order: fetching a stored body must not let a later message overtake it. */
  private queue: Promise<void> = Promise.resolve();
  private listening: { unlisten(): Promise<void> } | null = null;
  private listens = 0;
  private sentStored = 0;

  private constructor(
    readonly serverId: string,
    private readonly pg: PostgresSql,
    private readonly channel: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Starts listening; resolves once this server hears the bus (so nothing it sends after is missed by itself). */
  static async start(serverId: string, pg: PostgresSql, opts: { channel?: string; onError?: (err: unknown) => void } = {}): Promise<PgBus> {
    const bus = new PgBus(serverId, pg, opts.channel ?? PG_BUS_CHANNEL, opts.onError ?? (() => {}));
    bus.listening = await pg.pool.listen(
      bus.channel,
      (payload) => bus.received(payload),
      () => {
        // The first listen is the start; every later one follows a lost connection.
        if (++bus.listens > 1) bus.queue = bus.queue.then(() => bus.subs.gap(bus.onError));
      },
    );
    return bus;
  }

  async publish(channel: string, body: unknown, tx?: Sql): Promise<void> {
    const sql = tx ?? this.pg;
    const stored = await sendOnPgBus(sql, { channel, origin: this.serverId, body }, this.channel);
    if (stored && ++this.sentStored % 100 === 1) await sql.run('DELETE FROM bus_payloads WHERE created_at < ?', [Date.now() - STORED_KEEP_MS]);
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    return this.subs.add(channel, handler);
  }

  onGap(handler: () => void): () => void {
    return this.subs.addGap(handler);
  }

  async close(): Promise<void> {
    const l = this.listening;
    this.listening = null;
    await l?.unlisten();
    await this.queue;
  }

  private received(payload: string): void {
    this.queue = this.queue.then(async () => {
      try {
        const e = JSON.parse(payload) as Envelope;
        let body = e.b;
        if (e.r !== undefined) {
          const row = await this.pg.get<{ body: string }>('SELECT body FROM bus_payloads WHERE id = ?', [e.r]);
          if (!row) throw new Error(`bus: stored message ${e.r} on ${e.c} is gone (kept ${STORED_KEEP_MS / 60_000} min)`);
          body = JSON.parse(row.body);
        }
        const message: BusMessage = { channel: e.c, origin: e.o, body };
        this.subs.deliver(message, this.onError);
      } catch (err) {
        this.onError(err);
      }
    });
  }
}

/**
 * Sends one message as `PgBus.publish` does, without listening: for a short-lived process that
 * only speaks (`ops`, telling the servers of a revocation). Sent when `sql`'s transaction
 * commits, or at once outside one. True when the body was too big for NOTIFY and was stored.
 */
export async function sendOnPgBus(sql: Sql, message: BusMessage, busChannel = PG_BUS_CHANNEL): Promise<boolean> {
  const { channel: c, origin: o, body } = message;
  let text = JSON.stringify({ c, o, b: body } satisfies Envelope);
  let stored = false;
  if (Buffer.byteLength(text) > INLINE_MAX_BYTES) {
    const row = await sql.get<{ id: number }>('INSERT INTO bus_payloads (body, created_at) VALUES (?, ?) RETURNING id', [JSON.stringify(body), Date.now()]);
    text = JSON.stringify({ c, o, r: row!.id } satisfies Envelope);
    stored = true;
  }
  await sql.run('SELECT pg_notify(?, ?)', [busChannel, text]);
  return stored;
}
