import { formatVnTimestamp, type NotificationsConfig, type ReportEventPayload, type ReportNotification, type ReportNotificationStatus } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { placeholders, type Sql } from '../store/sql.js';
import type { Sender } from './channels.js';

/** Where "now" comes from (tests move it by hand). */
export interface Clock {
  now(): number;
}

interface Row {
  id: number;
  channel: string;
  event: string;
  payload: string;
  status: ReportNotificationStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  created_at: number;
  sent_at: number | null;
}

/** Why a resend was refused: 404 no such delivery, 409 it is not failed or its channel is gone. */
export type ResendOutcome = { ok: true; notification: ReportNotification } | { ok: false; status: 404 | 409; field: string; message: string };

const MAX_PARALLEL = 16;
/** Beyond twice the send timeout, how long a claimed row stays another server's (a server stopped mid-send). */
const LEASE_MARGIN_MS = 60_000;

function view(r: Row): ReportNotification {
  return {
    id: r.id,
    channel: r.channel,
    event: r.event as ReportNotification['event'],
    payload: JSON.parse(r.payload) as ReportEventPayload,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at === null ? null : formatVnTimestamp(r.next_attempt_at, true),
    createdAt: formatVnTimestamp(r.created_at, true),
    sentAt: r.sent_at === null ? null : formatVnTimestamp(r.sent_at, true),
  };
}

/**
 * The notification outbox: one row per (event, channel), written in the transaction that
 * records the event, then delivered. A failed attempt is retried after initialMs * factor^(n-1)
 * (at most maxMs) until `maxAttempts`, then the row is `failed` until an admin sends it again.
 * Rows survive a restart; pending ones are delivered when due.
 *
 * Several servers deliver from one outbox: a server first claims due rows with one conditional
 * UPDATE (it moves their next attempt past the send's lease, if they are still pending and due),
 * so exactly one server sends each attempt. A server that stops mid-send leaves the row
 * pending; it is due again when the lease ends (at least once, never twice at the same time).
 */
export class Outbox {
  private readonly inFlight = new Set<number>();
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly sql: Sql,
    private readonly config: NotificationsConfig,
    private readonly send: Sender,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Queues the event for every channel subscribed to it; returns the new rows' ids. */
  async enqueue(payload: ReportEventPayload, tx: Sql = this.sql): Promise<number[]> {
    const now = this.clock.now();
    const ids: number[] = [];
    for (const c of this.config.channels.filter((ch) => ch.events.includes(payload.event))) {
      const row = await tx.get<{ id: number }>(
        "INSERT INTO notification_outbox (channel, event, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?) RETURNING id",
        [c.id, payload.event, JSON.stringify(payload), now, now],
      );
      ids.push(row!.id);
    }
    return ids;
  }

  async list(status: ReportNotificationStatus | null, limit = 200): Promise<ReportNotification[]> {
    const rows = await this.sql.all<Row>("SELECT * FROM notification_outbox WHERE (? = '' OR status = ?) ORDER BY id DESC LIMIT ?", [status ?? '', status ?? '', limit]);
    return rows.map(view);
  }

  async get(id: number): Promise<ReportNotification | null> {
    const row = await this.row(id);
    return row ? view(row) : null;
  }

  /** Puts a failed delivery back in the queue for a fresh round of attempts. */
  async resend(id: number): Promise<ResendOutcome> {
    const row = await this.row(id);
    if (!row) return { ok: false, status: 404, field: 'id', message: `no notification ${id}` };
    const notFailed = (s: string): ResendOutcome => ({ ok: false, status: 409, field: 'status', message: `notification ${id} is ${s}; only a failed one can be sent again` });
    if (row.status !== 'failed') return notFailed(row.status);
    if (!this.config.channels.some((c) => c.id === row.channel)) {
      return { ok: false, status: 409, field: 'channel', message: `channel "${row.channel}" is no longer in notifications.json` };
    }
    // Conditional: two admins (or two servers) resending at once put it back once.
    const { changes } = await this.sql.run("UPDATE notification_outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'failed'", [this.clock.now(), id]);
    if (changes === 0) return notFailed((await this.row(id))?.status ?? 'gone');
    this.kick();
    return { ok: true, notification: (await this.get(id))! };
  }

  /** Starts a delivery pass soon (after the current one, if one runs). */
  kick(): void {
    void this.deliverDue().catch((err: unknown) => this.log.error({ err }, 'notification delivery pass failed'));
  }

  /**
   * Delivers every pending row whose next attempt is due, a few at a time; resolves when this
   * pass (and any pass asked for meanwhile) is over.
   */
  deliverDue(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Resolves when no delivery pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private row(id: number): Promise<Row | undefined> {
    return this.sql.get<Row>('SELECT * FROM notification_outbox WHERE id = ?', [id]);
  }

  private async pass(): Promise<void> {
    const due = (await this.sql.all<{ id: number }>("SELECT id FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 500", [this.clock.now()])).filter(
      (r) => !this.inFlight.has(r.id),
    );
    for (let i = 0; i < due.length; i += MAX_PARALLEL) {
      const claimed = await this.claim(due.slice(i, i + MAX_PARALLEL).map((r) => r.id));
      await Promise.all(claimed.map((r) => this.attempt(r)));
    }
  }

  /**
   * Takes the rows of `ids` that are still due for this server's attempt, in one statement: each
   * is due again only after the lease, so another server that read it as due too finds it not
   * due and skips it (on PostgreSQL its UPDATE waits for this one's row locks, then re-checks).
   */
  private async claim(ids: readonly number[]): Promise<Row[]> {
    if (ids.length === 0) return [];
    const now = this.clock.now();
    const lease = now + 2 * this.config.timeoutMs + LEASE_MARGIN_MS;
    return this.sql.all<Row>(
      `UPDATE notification_outbox SET next_attempt_at = ? WHERE id IN (${placeholders(ids.length)}) AND status = 'pending' AND next_attempt_at <= ? RETURNING *`,
      [lease, ...ids, now],
    );
  }

  private async attempt(row: Row): Promise<void> {
    this.inFlight.add(row.id);
    let error: string | null = null;
    const channel = this.config.channels.find((c) => c.id === row.channel);
    try {
      if (!channel) throw new Error(`channel "${row.channel}" is no longer in notifications.json`);
      await this.send(channel, JSON.parse(row.payload) as ReportEventPayload, { id: row.id, timeoutMs: this.config.timeoutMs });
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
    } finally {
      this.inFlight.delete(row.id);
    }
    await this.settle(row, error);
  }

  private async settle(row: Row, error: string | null): Promise<void> {
    const now = this.clock.now();
    const attempts = row.attempts + 1;
    if (error === null) {
      await this.sql.run("UPDATE notification_outbox SET status = 'sent', attempts = ?, sent_at = ?, next_attempt_at = NULL WHERE id = ?", [attempts, now, row.id]);
      return;
    }
    const { initialMs, factor, maxMs } = this.config.backoff;
    const failed = attempts >= this.config.maxAttempts;
    const next = failed ? null : now + Math.min(maxMs, initialMs * factor ** (attempts - 1));
    await this.sql.run('UPDATE notification_outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?', [failed ? 'failed' : 'pending', attempts, error, next, row.id]);
    this.log.warn({ id: row.id, channel: row.channel, attempts, error, failed }, failed ? 'notification failed for good' : 'notification attempt failed; will retry');
  }
}
