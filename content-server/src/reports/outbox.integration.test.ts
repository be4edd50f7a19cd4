import type { NotificationChannel, NotificationsConfig, ReportEventPayload } from '@ioc/protocol';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql.js';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { ReportLedger } from './ledger.js';
import { Outbox } from './outbox.js';

const log = pino({ level: 'silent' });
const hook = (id: string): NotificationChannel => ({ type: 'webhook', id, url: `http://127.0.0.1:9/${id}`, events: ['report.overdue'] });
const config: NotificationsConfig = { maxAttempts: 2, backoff: { initialMs: 1000, factor: 2, maxMs: 60_000 }, timeoutMs: 500, channels: [hook('a'), hook('b'), hook('c')] };
const payload: ReportEventPayload = {
  event: 'report.overdue',
  reportSet: { id: 'national_trade_monthly', name: { vi: 'Thương mại', en: 'Trade' } },
  period: '2026-10',
  unit: { code: 'VN', name: 'Việt Nam' },
  status: 'missing',
  dueAt: '2026-11-20T17:00:00+07:00',
  receivedAt: null,
  missingIndicators: ['exports'],
  at: '2026-11-20T17:00:00+07:00',
};

/** A sender whose sends wait until `release()`; it keeps every (delivery id, channel) sent. */
function heldSender() {
  const sent: Array<{ id: number; channel: string }> = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  return { sent, release, send: async (c: NotificationChannel, _p: ReportEventPayload, d: { id: number }) => (sent.push({ id: d.id, channel: c.id }), held) };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const statuses = async (sql: Sql) => sql.all<{ id: number; status: string; attempts: number }>('SELECT id, status, attempts FROM notification_outbox ORDER BY id');

describe.each(ENGINES)('report notices and the outbox on %s', (engine) => {
  afterAll(stopEngines);

  it('handles a due report and records a notice once, when two servers try at the same moment', async () => {
    const sql = await freshSql(engine);
    const [one, two] = [new ReportLedger(sql), new ReportLedger(sql)];
    expect(await one.wasHandled('national_trade_monthly', '2026-10')).toBe(false);
    const due = await Promise.all([one, two].map((l) => sql.begin((tx) => l.claimDue('national_trade_monthly', '2026-10', 1, 2, tx))));
    expect(due.sort()).toEqual([false, true]);
    expect(await two.wasHandled('national_trade_monthly', '2026-10')).toBe(true);
    const notices = await Promise.all([one, two, one].map((l) => l.recordNotice('report.overdue', 'national_trade_monthly', '2026-10', 'VN', 3)));
    expect(notices.filter(Boolean)).toHaveLength(1);
    // Another unit, another event: recorded on their own.
    expect(await two.recordNotice('report.overdue', 'national_trade_monthly', '2026-10', '01', 3)).toBe(true);
    expect(await two.recordNotice('report.received', 'national_trade_monthly', '2026-10', 'VN', 3)).toBe(true);
  });

  it('queues one delivery per subscribed channel, in the caller\'s transaction', async () => {
    const sql = await freshSql(engine);
    const outbox = new Outbox(sql, config, heldSender().send, { now: () => 1000 }, log);
    await expect(sql.begin(async (tx) => {
      await outbox.enqueue(payload, tx);
      throw new Error('the event was not recorded');
    })).rejects.toThrow('not recorded');
    expect(await outbox.list(null)).toEqual([]);
    const ids = await outbox.enqueue(payload);
    expect(ids).toHaveLength(3);
    expect((await outbox.list('pending')).map((n) => [n.id, n.channel, n.attempts])).toEqual(ids.map((id, i) => [id, 'abc'[i], 0]).reverse());
  });

  it('sends each delivery once when two servers deliver from the outbox at the same moment', async () => {
    const sql = await freshSql(engine);
    const sender = heldSender();
    const clock = { now: () => 1000 };
    const [a, b] = [new Outbox(sql, config, sender.send, clock, log), new Outbox(sql, config, sender.send, clock, log)];
    const ids = await a.enqueue(payload);
    let ended = 0;
    const passes = [a.deliverDue(), b.deliverDue()].map((p) => p.then(() => void ended++));
    await until('the three sends', () => sender.sent.length >= 3);
    // Both passes read the rows as due; only the claims decide who sends: the other pass ends
    // with nothing to send while the sends are held.
    await until('one server to find nothing left to send', () => ended === 1);
    sender.release();
    await Promise.all(passes);
    expect(sender.sent.map((s) => s.id).sort()).toEqual(ids);
    expect(await statuses(sql)).toEqual(ids.map((id) => ({ id, status: 'sent', attempts: 1 })));
  });

  it('retries a failed delivery after its backoff, marks it failed after the last attempt, and an admin puts it back once', async () => {
    const sql = await freshSql(engine);
    let now = 1000;
    const failing = { errors: 0, fail: true };
    const send = async () => {
      if (failing.fail) throw new Error(`HTTP 503 (${++failing.errors})`);
    };
    const outbox = new Outbox(sql, { ...config, channels: [hook('a')] }, send, { now: () => now }, log);
    const [id] = await outbox.enqueue(payload);
    await outbox.deliverDue();
    expect(await outbox.get(id!)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503 (1)' });
    // Not due before the backoff ends.
    await outbox.deliverDue();
    expect(failing.errors).toBe(1);
    now += 1000;
    await outbox.deliverDue();
    expect(await outbox.get(id!)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'HTTP 503 (2)', nextAttemptAt: null });
    failing.fail = false;
    const resends = await Promise.all([outbox.resend(id!), outbox.resend(id!)]);
    expect(resends.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(resends.find((r) => !r.ok)).toMatchObject({ status: 409, message: `notification ${id} is pending; only a failed one can be sent again` });
    // The resend started a pass of its own.
    await outbox.idle();
    expect(await outbox.get(id!)).toMatchObject({ status: 'sent', attempts: 1, lastError: 'HTTP 503 (2)' });
    expect(await outbox.resend(id!)).toMatchObject({ ok: false, status: 409, message: `notification ${id} is sent; only a failed one can be sent again` });
    expect(await outbox.resend(999)).toMatchObject({ ok: false, status: 404, message: 'no notification 999' });
  });
});
