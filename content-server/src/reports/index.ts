import { formatVnTimestamp, parsePeriod, type NotificationEvent, type NotificationsConfig, type ReportEventPayload, type ReportSet } from '@ioc/protocol';
import { LeaseKeeper } from '../cluster/lease-keeper.js';
import type { Audit } from '../audit/index.js';
import type { CommittedBatch, Feeds, UnitVintage } from '../feeds/index.js';
import type { Logger } from '../logger.js';
import type { ChangedPoint, Store } from '../store/index.js';
import type { Sql } from '../store/sql.js';
import { channelSender, type Sender } from './channels.js';
import { loadNotificationsConfig, loadReportSets } from './config.js';
import { dueAt, lastMonthOf, monthPeriod, monthsBetween, periodEndingIn } from './due-dates.js';
import { ReportLedger } from './ledger.js';
import { deriveOnTime } from './on-time.js';
import { Outbox, type Clock } from './outbox.js';
import { lateByHours, summarize, SubmissionTracker, type UnitReport } from './tracker.js';

export { reportRoutes } from './routes.js';
export type { Clock } from './outbox.js';
export { SubmissionTracker } from './tracker.js';

const ORIGIN_KEY = 'reports.origin';
const CHECKED_KEY = 'reports.checked_until';
/** After a long stop, due times further back than this are not caught up. */
const MAX_CATCH_UP_MS = 400 * 86_400_000;

export interface ReportsOptions {
  store: Store;
  audit: Audit;
  feeds: Feeds;
  log: Logger;
  reportSetsFile: string;
  notificationsFile: string;
  clock?: Clock;
  /** How often due times and retries are checked (ms); 0: never by itself (tests call check()). */
  tickMs?: number;
  sender?: Sender;
  /**
   * Several servers: due reports and the outbox are worked by one server at a time, the holder of
   * the `reports` lease (`owner`: this server's id); a survivor takes over when it dies. Absent: alone.
   */
  lease?: { owner: string } | null;
}

/** The lease under which one server of several checks due reports and delivers the outbox. */
export const REPORTS_LEASE = 'reports';

/**
 * Submission tracking: which unit owes which report, what arrived and when; `report.received`
 * and `report.overdue` notices sent through the outbox; the derived `reports_on_time`.
 * Arrivals come from ingest's committed batches, due times from a timer on an injectable clock.
 * Only periods falling due after the first start are watched, so history loaded later (or
 * present at the first start) never sends notices.
 */
export class ReportsDomain {
  readonly tracker: SubmissionTracker;
  readonly outbox: Outbox;
  private readonly ledger: ReportLedger;
  readonly notifications: NotificationsConfig;
  readonly clock: Clock;
  /** When tracking began (the first start of the center): reports due before it are not chased. Read by `start`. */
  private origin = Number.POSITIVE_INFINITY;
  /** Several servers: the keeper of the reports lease. */
  private keeper: LeaseKeeper | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly busy = new Set<Promise<void>>();

  constructor(private readonly opts: ReportsOptions) {
    this.clock = opts.clock ?? { now: () => Date.now() };
    const sets = loadReportSets(opts.reportSetsFile, opts.feeds.catalog);
    this.notifications = loadNotificationsConfig(opts.notificationsFile);
    this.tracker = new SubmissionTracker(opts.store.sql, opts.feeds.catalog, sets);
    this.ledger = new ReportLedger(opts.store.sql);
    this.outbox = new Outbox(opts.store.sql, this.notifications, opts.sender ?? channelSender(), this.clock, opts.log);
  }

  async start(): Promise<void> {
    // Set once for the center: servers starting together agree on one origin.
    const now = String(this.clock.now());
    this.origin = Number(await this.opts.store.setMetaOnce(ORIGIN_KEY, now));
    await this.opts.store.setMetaOnce(CHECKED_KEY, now);
    // Ingest awaits its listeners: the notices a batch completes are recorded and queued when its
    // sender hears 200 (their deliveries are not waited for). A failure is logged, not thrown.
    this.unsubscribe = this.opts.feeds.ingest.onCommitted((b) => this.track(this.onBatch(b), 'handling a batch for reports failed'));
    const lease = this.opts.lease;
    if (!lease) return this.startTicking();
    this.keeper = new LeaseKeeper(this.opts.store.sql, {
      name: REPORTS_LEASE,
      owner: lease.owner,
      onAcquired: () => {
        this.opts.log.info('this server now checks due reports and delivers notices (it holds the reports lease)');
        this.startTicking();
      },
      onLost: () => this.stopTicking(),
      onError: (err) => this.opts.log.warn({ err }, 'renewing the reports lease failed; trying again'),
    });
    this.keeper.start();
  }

  /** Whether this server works due reports and the outbox now: alone, always; of several, while it holds the reports lease. */
  get working(): boolean {
    return this.opts.lease ? (this.keeper?.lease ?? null) !== null : true;
  }

  private startTicking(): void {
    const tickMs = this.opts.tickMs ?? 30_000;
    if (tickMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.track(this.tick(), 'checking due reports failed'), tickMs);
      this.timer.unref();
    }
    void this.track(this.tick(), 'checking due reports failed');
  }

  private stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops watching and waits for deliveries under way (each ends within the channel timeout). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.stopTicking();
    await this.keeper?.stop();
    this.keeper = null;
    while (this.busy.size > 0) await Promise.all(this.busy);
    await this.outbox.idle();
  }

  /** Keeps a background task until it ends (stop waits for it), logging its failure. */
  private async track(p: Promise<unknown>, what: string): Promise<void> {
    const done = p.then(
      () => undefined,
      (err: unknown) => this.opts.log.error({ err }, what),
    );
    this.busy.add(done);
    await done;
    this.busy.delete(done);
  }

  private async tick(): Promise<void> {
    try {
      await this.check();
    } finally {
      this.outbox.kick();
    }
  }

  /**
   * Handles every report whose due time passed since the last check: notices for units that
   * have not sent it, and `reports_on_time` for the month it fell due in. Returns the handled
   * (report set, period) pairs.
   */
  async check(): Promise<Array<{ reportSet: string; period: string }>> {
    const now = this.clock.now();
    const from = Math.max(Number((await this.opts.store.getMeta(CHECKED_KEY)) ?? now), now - MAX_CATCH_UP_MS);
    const handled: Array<{ reportSet: string; period: string }> = [];
    if (now <= from) return handled;
    const passed: Array<{ set: ReportSet; period: string; due: number }> = [];
    for (const { year, month } of monthsBetween(from, now)) {
      for (const set of this.tracker.sets) {
        const period = periodEndingIn(set.periodicity, year, month);
        if (period === null) continue;
        const due = dueAt(period, set.dueDay);
        if (due > from && due <= now) passed.push({ set, period, due });
      }
    }
    // In the order they fell due (a share derived later counts every report due before it).
    for (const { set, period, due } of passed.sort((a, b) => a.due - b.due)) {
      if (await this.handleDue(set, period, due, now)) handled.push({ reportSet: set.id, period });
    }
    // A month that ended since: its on-time share, derived as an estimate while it ran, becomes final.
    for (const month of monthsBetween(from, now)) {
      const end = parsePeriod(monthPeriod(month.year, month.month))!.end;
      if (end > from && end <= now) await this.finishMonth(month, now);
    }
    await this.opts.store.setMeta(CHECKED_KEY, String(now));
    if (handled.length) this.outbox.kick();
    return handled;
  }

  private async finishMonth(month: { year: number; month: number }, now: number): Promise<void> {
    const units: string[] = [];
    for (const set of this.tracker.sets) {
      const period = periodEndingIn(set.periodicity, month.year, month.month);
      if (period === null || dueAt(period, set.dueDay) < this.origin) continue;
      for (const r of await this.tracker.reports(set, period, now)) units.push(r.unit);
    }
    if (units.length === 0) return;
    this.publish(await deriveOnTime(this.deriveDeps(), units, month, now, 'the month ended'));
  }

  private deriveDeps() {
    return { ...this.opts, catalog: this.opts.feeds.catalog, tracker: this.tracker };
  }

  /**
   * Handles one due (report set, period) once across every server: the due-check row is the
   * claim, and only the server whose insert made it sends the notices (the others' inserts do
   * nothing; on PostgreSQL a second one waits for the first to commit, then does nothing).
   */
  private async handleDue(set: ReportSet, period: string, due: number, now: number): Promise<boolean> {
    const reports = await this.tracker.reports(set, period, now);
    const changed = await this.opts.store.sql.begin(async (tx) => {
      if (!(await this.ledger.claimDue(set.id, period, due, now, tx))) return null;
      const overdue = reports.filter((r) => r.status === 'missing' || r.status === 'partial');
      let notified = 0;
      for (const r of overdue) notified += await this.notice('report.overdue', set, period, r, now, tx);
      await this.opts.audit.write({ actor: 'system', action: 'reports.due', target: `${set.id}:${period}`, detail: { dueAt: formatVnTimestamp(due, true), summary: summarize(reports), notified }, ok: true }, tx);
      const month = lastMonthOf(period);
      return month ? deriveOnTime(this.deriveDeps(), reports.map((r) => r.unit), month, now, `${set.id} ${period} fell due`, tx) : [];
    });
    if (changed === null) return false;
    this.publish(changed);
    return true;
  }

  /** A committed ingest batch: reports it completed, and late ones that change an on-time share. */
  async onBatch(batch: CommittedBatch): Promise<void> {
    const now = this.clock.now();
    const seen = new Set<string>();
    const derive = new Map<string, { units: Set<string>; month: { year: number; month: number } }>();
    let queued = 0;
    for (const item of batch.items) {
      for (const set of this.tracker.setsWithIndicator(item.indicator)) {
        const key = `${set.id}|${item.period}|${item.unit}`;
        if (item.kind !== set.periodicity || seen.has(key)) continue;
        seen.add(key);
        const due = dueAt(item.period, set.dueDay);
        // Periods that fell due before tracking began are history: no notices, no derivation.
        if (due < this.origin) continue;
        const vintage: UnitVintage | undefined = this.tracker.expects(set, item.period, item.unit);
        if (!vintage) continue;
        const r = await this.tracker.report(set, item.period, vintage, now);
        if (r.status !== 'received_on_time' && r.status !== 'late') continue;
        queued += await this.opts.store.sql.begin((tx) => this.notice('report.received', set, item.period, r, now, tx));
        const month = lastMonthOf(item.period);
        if (r.status === 'late' && month && (await this.ledger.wasHandled(set.id, item.period))) {
          const m = `${month.year}-${month.month}`;
          const entry = derive.get(m) ?? { units: new Set<string>(), month };
          entry.units.add(item.unit);
          derive.set(m, entry);
        }
      }
    }
    for (const { units, month } of derive.values()) {
      this.publish(await deriveOnTime(this.deriveDeps(), [...units], month, now, 'a late report arrived'));
    }
    if (queued) this.outbox.kick();
  }

  /**
   * Records a notice once (per event, set, period, unit) and queues its deliveries in `tx`. Whether
   * this call recorded it comes from the insert itself, so two servers never both notify.
   */
  private async notice(event: NotificationEvent, set: ReportSet, period: string, r: UnitReport, now: number, tx: Sql = this.opts.store.sql): Promise<number> {
    if (!(await this.ledger.recordNotice(event, set.id, period, r.unit, now, tx))) return 0;
    return (await this.outbox.enqueue(payloadOf(event, set, period, r, now), tx)).length;
  }

  /** Takes its place in the hub's order now (right after the commit); nobody waits for the fan-out itself. */
  private publish(changed: readonly ChangedPoint[]): void {
    if (changed.length === 0) return;
    void this.opts.feeds.live.link.publishCommitted(changed).catch((err: unknown) => this.opts.log.error({ err }, 'live fan-out of reports_on_time failed'));
  }
}

export function payloadOf(event: NotificationEvent, set: ReportSet, period: string, r: UnitReport, now: number): ReportEventPayload {
  const late = lateByHours(r);
  return {
    event,
    reportSet: { id: set.id, name: set.name },
    period,
    unit: { code: r.unit, name: r.name },
    status: r.status,
    dueAt: formatVnTimestamp(r.dueAt, true),
    receivedAt: r.receivedAt === null ? null : formatVnTimestamp(r.receivedAt, true),
    ...(late !== undefined && { lateByHours: late }),
    missingIndicators: r.missingIndicators,
    at: formatVnTimestamp(now, true),
  };
}
