import { formatVnTimestamp, type NotificationsConfig, type ReportEventPayload, type ReportNotification, type ReportNotificationStatus } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import type { Db } from '../store/index.js';
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
 */
export class Outbox {
  private readonly inFlight = new Set<number>();
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Db,
    private readonly config: NotificationsConfig,
    private readonly send: Sender,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Queues the event for every channel subscribed to it; returns the new rows' ids. */
  enqueue(payload: ReportEventPayload): number[] {
    const now = this.clock.now();
    const insert = this.db.prepare('INSERT INTO notification_outbox (channel, event, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
    return this.config.channels
      .filter((c) => c.events.includes(payload.event))
      .map((c) => Number(insert.run(c.id, payload.event, JSON.stringify(payload), 'pending', now, now).lastInsertRowid));
  }

  list(status: ReportNotificationStatus | null, limit = 200): ReportNotification[] {
    const rows = this.db
      .prepare<[string, string, number], Row>("SELECT * FROM notification_outbox WHERE (? = '' OR status = ?) ORDER BY id DESC LIMIT ?")
      .all(status ?? '', status ?? '', limit);
    return rows.map(view);
  }

  get(id: number): ReportNotification | null {
    const row = this.db.prepare<[number], Row>('SELECT * FROM notification_outbox WHERE id = ?').get(id);
    return row ? view(row) : null;
  }

  /** Puts a failed delivery back in the queue for a fresh round of attempts. */
  resend(id: number): ResendOutcome {
    const row = this.db.prepare<[number], Row>('SELECT * FROM notification_outbox WHERE id = ?').get(id);
    if (!row) return { ok: false, status: 404, field: 'id', message: `no notification ${id}` };
    if (row.status !== 'failed') return { ok: false, status: 409, field: 'status', message: `notification ${id} is ${row.status}; only a failed one can be sent again` };
    if (!this.config.channels.some((c) => c.id === row.channel)) {
      return { ok: false, status: 409, field: 'channel', message: `channel "${row.channel}" is no longer in notifications.json` };
    }
    this.db.prepare("UPDATE notification_outbox SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ?").run(this.clock.now(), id);
    this.kick();
    return { ok: true, notification: this.get(id) as ReportNotification };
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

  private async pass(): Promise<void> {
    const due = this.db
      .prepare<[number], Row>("SELECT * FROM notification_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 500")
      .all(this.clock.now())
      .filter((r) => !this.inFlight.has(r.id));
    for (let i = 0; i < due.length; i += MAX_PARALLEL) {
      await Promise.all(due.slice(i, i + MAX_PARALLEL).map((r) => this.attempt(r)));
    }
  }

  private async attempt(row: Row): Promise<void> {
    const channel = this.config.channels.find((c) => c.id === row.channel);
    this.inFlight.add(row.id);
    let error: string | null = null;
    try {
      if (!channel) throw new Error(`channel "${row.channel}" is no longer in notifications.json`);
      await this.send(channel, JSON.parse(row.payload) as ReportEventPayload, { id: row.id, timeoutMs: this.config.timeoutMs });
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
    } finally {
      this.inFlight.delete(row.id);
    }
    const now = this.clock.now();
    const attempts = row.attempts + 1;
    if (error === null) {
      this.db.prepare("UPDATE notification_outbox SET status = 'sent', attempts = ?, sent_at = ?, next_attempt_at = NULL WHERE id = ?").run(attempts, now, row.id);
      return;
    }
    const { initialMs, factor, maxMs } = this.config.backoff;
    const failed = attempts >= this.config.maxAttempts;
    const next = failed ? null : now + Math.min(maxMs, initialMs * factor ** (attempts - 1));
    this.db.prepare('UPDATE notification_outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?').run(failed ? 'failed' : 'pending', attempts, error, next, row.id);
    this.log.warn({ id: row.id, channel: row.channel, attempts, error, failed }, failed ? 'notification failed for good' : 'notification attempt failed; will retry');
  }
}
